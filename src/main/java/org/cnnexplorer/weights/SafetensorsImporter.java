package org.cnnexplorer.weights;

import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.data.Preprocessing;
import org.cnnexplorer.engine.Model;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;

/**
 * Puts a PyTorch state_dict saved as safetensors onto one of the catalog's torchvision networks, by name: each
 * weighted layer takes the tensors of its torchvision module ({@link TorchvisionKeys}), in torchvision's own key
 * layout or, for VGG, timm's. Every tensor the network needs must be there and nothing else may be (a missing or an
 * extra key is named); shapes, folding and the finite-value check are {@link LayerPlan}'s, as for ONNX files, so the
 * saved weights are what an ONNX export of the same network would give.
 */
public final class SafetensorsImporter {
    private static final List<String> TENSORS_OF_BN = List.of("weight", "bias", "running_mean", "running_var");

    private SafetensorsImporter() {
    }

    /**
     * Imports {@code file} onto catalog network {@code id} at its usual input. Nothing is written anywhere: the
     * caller saves the model.
     *
     * @param progress receives 0..1 while weights are copied
     * @throws WeightsFileException (one line) when the file does not fit {@code id}
     */
    public static Model importFile(SafetensorsFile file, String id, Preprocessing preprocessing,
                                   DoubleConsumer progress, BooleanSupplier cancelled) throws IOException {
        Catalog.Entry entry = Catalog.find(id).orElseThrow(() -> new WeightsFileException("unknown network '" + id
                + "'; valid ids: " + String.join(", ", Catalog.ids())));
        return importFile(file, entry, entry.input(), preprocessing, progress, cancelled);
    }

    /** As above at another input (a fully connected layer after the features is then as wide as that input needs). */
    static Model importFile(SafetensorsFile file, Catalog.Entry entry, Shape input, Preprocessing preprocessing,
                            DoubleConsumer progress, BooleanSupplier cancelled) throws IOException {
        String id = entry.id();
        if (!TorchvisionKeys.IDS.contains(id)) {
            throw new WeightsFileException(file.name() + ": " + id + " is not a torchvision network; a safetensors "
                    + "state_dict goes onto " + String.join(", ", TorchvisionKeys.IDS));
        }
        Network net = entry.build(input, entry.classes());
        boolean timm = id.startsWith("vgg") && file.tensors().keySet().stream()
                .anyMatch(k -> k.startsWith("pre_logits.") || k.startsWith("head."));
        Map<String, String> modules = TorchvisionKeys.modules(net);
        List<LayerPlan.Op> ops = new ArrayList<>();
        Set<String> expected = new LinkedHashSet<>();
        Set<String> fcWeights = new HashSet<>();
        for (Layer l : LayerPlan.slots(net)) {
            String tv = modules.get(l.id());
            String m = timm ? TorchvisionKeys.TIMM_VGG.getOrDefault(tv, tv) : tv;
            if (l.spec() instanceof LayerSpec.Conv c) {
                String bias = c.bias() ? m + ".bias" : null;
                ops.add(new LayerPlan.ConvOp(m, m + ".weight", bias, c.groups(), List.of((long) c.stride()),
                        List.of((long) c.padding()), List.of(1L)));
                expected.add(m + ".weight");
                if (bias != null) {
                    expected.add(bias);
                }
            } else if (l.spec() instanceof LayerSpec.BatchNorm bn) {
                ops.add(new LayerPlan.BnOp(m, m + ".weight", m + ".bias", m + ".running_mean", m + ".running_var",
                        bn.eps()));
                TENSORS_OF_BN.forEach(t -> expected.add(m + "." + t));
            } else if (l.spec() instanceof LayerSpec.Linear f) {
                String bias = f.bias() ? m + ".bias" : null;
                ops.add(new LayerPlan.FcOp(m, m + ".weight", true, bias));
                expected.add(m + ".weight");
                fcWeights.add(m + ".weight");
                if (bias != null) {
                    expected.add(bias);
                }
            }
        }
        checkKeys(file, id, expected);
        LayerPlan.Plan plan = LayerPlan.plan(source(file, fcWeights), entry, input, ops);
        String format = file.metadata().get("format");
        String producer = format == null ? "safetensors" : "safetensors (format " + format + ")";
        return LayerPlan.model(plan, LayerPlan.provenance(file.name(), producer, file.sha256(), preprocessing),
                progress, cancelled);
    }

    /**
     * The preprocessing torchvision's published weights were trained with: ImageNet's mean and standard deviation,
     * except GoogLeNet's, whose published model has {@code transform_input} on (it takes (x − 0.5) / 0.5, which a
     * state_dict does not say).
     */
    public static Preprocessing usualPreprocessing(String id) {
        return id.equals("googlenet-tv") ? Preprocessing.HALF_RANGE : Preprocessing.TORCHVISION;
    }

    /** Refuses a file with a key missing or one too many, naming the first of each. */
    private static void checkKeys(SafetensorsFile file, String id, Set<String> expected) throws WeightsFileException {
        List<String> missing = expected.stream().filter(k -> !file.tensors().containsKey(k)).toList();
        List<String> extra = file.tensors().keySet().stream()
                .filter(k -> !expected.contains(k) && !TorchvisionKeys.unused(k, id)).toList();
        if (missing.isEmpty() && extra.isEmpty()) {
            return;
        }
        StringBuilder s = new StringBuilder(file.name()).append(": does not fit ").append(id).append(": ");
        if (!missing.isEmpty()) {
            s.append("no tensor '").append(missing.get(0)).append("'").append(more(missing, "missing"));
        }
        if (!extra.isEmpty()) {
            s.append(missing.isEmpty() ? "" : ", and ").append("tensor '").append(extra.get(0))
                    .append("' has no place in it").append(more(extra, "extra"));
        }
        throw new WeightsFileException(s.append(extra.isEmpty() ? "" : " (a different network?)").toString());
    }

    private static String more(List<String> keys, String what) {
        return keys.size() == 1 ? "" : " (" + keys.size() + " " + what + ")";
    }

    /** The file's tensors as the plan reads them; fully connected weights stored as convolutions read flattened. */
    private static LayerPlan.Source source(SafetensorsFile file, Set<String> fcWeights) {
        return new LayerPlan.Source() {
            @Override
            public String name() {
                return file.name();
            }

            @Override
            public String operation() {
                return "module";
            }

            @Override
            public long[] dims(String value, String op) {
                long[] d = file.tensors().get(value).shape();
                if (fcWeights.contains(value) && d.length > 2) {
                    long in = 1;
                    for (int i = 1; i < d.length; i++) {
                        in *= d[i];
                    }
                    return new long[] {d[0], in};
                }
                return d;
            }

            @Override
            public FloatBuffer floats(String value, String op) throws WeightsFileException {
                return file.floats(value);
            }

            @Override
            public String describe(String value, String op) {
                return "tensor '" + value + "'";
            }

            @Override
            public IOException refusal(String message) {
                return new WeightsFileException(message);
            }
        };
    }
}
