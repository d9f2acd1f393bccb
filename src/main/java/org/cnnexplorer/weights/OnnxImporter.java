package org.cnnexplorer.weights;

import onnx.Onnx;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.data.Preprocessing;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.onnx.OnnxException;
import org.cnnexplorer.onnx.OnnxFile;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;

/**
 * Puts the weights of an {@code .onnx} file onto a catalog network. The file's weighted nodes (Conv, Gemm or MatMul,
 * BatchNormalization) and its LRN nodes, in topological order, are lined up with the catalog's conv, fc, batch-norm
 * and LRN layers by {@link LayerPlan}, which also takes folded batch norm, another ε and Caffe's LRN constants.
 */
public final class OnnxImporter {

    private OnnxImporter() {
    }

    /** The file's weighted and LRN nodes in topological order. */
    static List<LayerPlan.Op> ops(OnnxFile f) throws OnnxException {
        List<LayerPlan.Op> ops = new ArrayList<>();
        Map<String, Integer> fcByOutput = new LinkedHashMap<>();
        for (Onnx.NodeProto n : f.nodes()) {
            String name = n.getName().isEmpty() ? n.getOpType() + " → " + String.join(",", n.getOutputList())
                    : n.getName();
            List<String> in = n.getInputList();
            switch (n.getOpType()) {
                case "Conv" -> {
                    String autoPad = OnnxFile.stringAttr(n, "auto_pad", "NOTSET");
                    if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
                        throw new OnnxException(f.name() + ": node '" + name + "' pads automatically (" + autoPad
                                + "), which the catalog's layers do not");
                    }
                    ops.add(new LayerPlan.ConvOp(name, in.get(1),
                            in.size() > 2 && !in.get(2).isEmpty() ? in.get(2) : null,
                            OnnxFile.intAttr(n, "group", 1), OnnxFile.intsAttr(n, "strides"),
                            OnnxFile.intsAttr(n, "pads"), OnnxFile.intsAttr(n, "dilations")));
                }
                case "Gemm" -> {
                    if (OnnxFile.intAttr(n, "transA", 0) != 0 || OnnxFile.floatAttr(n, "alpha", 1f) != 1f
                            || OnnxFile.floatAttr(n, "beta", 1f) != 1f) {
                        throw new OnnxException(f.name() + ": node '" + name
                                + "' is a Gemm with transA, alpha or beta, not a fully connected layer");
                    }
                    fcByOutput.put(n.getOutput(0), ops.size());
                    ops.add(new LayerPlan.FcOp(name, in.get(1), OnnxFile.intAttr(n, "transB", 0) == 1,
                            in.size() > 2 && !in.get(2).isEmpty() ? in.get(2) : null));
                }
                case "MatMul" -> {
                    if (f.isWeight(in.get(1))) {
                        fcByOutput.put(n.getOutput(0), ops.size());
                        ops.add(new LayerPlan.FcOp(name, in.get(1), false, null));
                    }
                }
                case "Add" -> {
                    // MatMul + Add is a fully connected layer written in two nodes
                    for (int i = 0; i < 2 && in.size() == 2; i++) {
                        Integer fc = fcByOutput.get(in.get(i));
                        if (fc != null && f.isWeight(in.get(1 - i))
                                && ops.get(fc) instanceof LayerPlan.FcOp op && op.b() == null) {
                            ops.set(fc, new LayerPlan.FcOp(op.node(), op.w(), op.outByIn(), in.get(1 - i)));
                        }
                    }
                }
                case "BatchNormalization" -> ops.add(new LayerPlan.BnOp(name, in.get(1), in.get(2), in.get(3),
                        in.get(4), OnnxFile.floatAttr(n, "epsilon", 1e-5f)));
                case "LRN" -> ops.add(new LayerPlan.LrnOp(name, (int) OnnxFile.intAttr(n, "size", 0),
                        decimal(OnnxFile.floatAttr(n, "alpha", 1e-4f)), decimal(OnnxFile.floatAttr(n, "beta", 0.75f)),
                        decimal(OnnxFile.floatAttr(n, "bias", 1f))));
                default -> {
                    // no weights: its effect is part of the catalog's structure
                }
            }
        }
        return ops;
    }

    /** The decimal a float attribute was written from (1e-4, not 1.0000000474974513E-4). */
    private static double decimal(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    /**
     * Imports {@code file} onto catalog network {@code id}. Nothing is written anywhere: the caller saves the model.
     *
     * @param progress receives 0..1 while weights are copied
     * @throws OnnxException (one line) when the file is unreadable or does not fit {@code id}
     */
    public static Model importFile(OnnxFile file, String id, Preprocessing preprocessing, DoubleConsumer progress,
                                   BooleanSupplier cancelled) throws IOException {
        Catalog.Entry entry = Catalog.find(id).orElseThrow(() -> new OnnxException("unknown network '" + id
                + "'; valid ids: " + String.join(", ", Catalog.ids())));
        LayerPlan.Plan plan = LayerPlan.plan(source(file), entry, input(file, entry), ops(file));
        return LayerPlan.model(plan, LayerPlan.provenance(file.name(), file.producer(), file.sha256(), preprocessing),
                progress, cancelled);
    }

    /** The file's initializers as the plan reads them. */
    private static LayerPlan.Source source(OnnxFile file) {
        return new LayerPlan.Source() {
            @Override
            public String name() {
                return file.name();
            }

            @Override
            public String operation() {
                return "node";
            }

            @Override
            public long[] dims(String value, String op) throws OnnxException {
                return file.dims(value, op);
            }

            @Override
            public FloatBuffer floats(String value, String op) throws OnnxException {
                return file.floats(value, op);
            }

            @Override
            public String describe(String value, String op) {
                return "weight '" + value + "' of node '" + op + "'";
            }

            @Override
            public IOException refusal(String message) {
                return new OnnxException(message);
            }
        };
    }

    /**
     * The catalog network a file's name names, as the ONNX model zoo and torchvision exports are usually called:
     * {@code resnet50-v1-7.onnx} → resnet50-v1, {@code resnet18-v1-7.onnx} → resnet18, {@code bvlcalexnet-12.onnx}
     * → alexnet, {@code vgg16-bn.onnx} → vgg16-bn, {@code googlenet-12.onnx} → googlenet (the zoo's is Caffe's);
     * and the downloaded files of Hugging Face's torchvision weights, {@code vgg16_bn.tv_in1k.safetensors} →
     * vgg16-bn.
     */
    public static Optional<String> networkNamedBy(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT).replaceFirst("\\.(onnx|safetensors)$", "").replace('_', '-');
        n = n.replaceFirst("^bvlc-?", "").replaceFirst("\\.tv-in1k$", "");
        String unversioned = n.replaceFirst("-\\d+$", "");
        // basic-block ResNets are the same in v1 and v1.5: resnet18-v1 is the catalog's resnet18
        for (String candidate : List.of(n, unversioned, unversioned.replaceFirst("-v1$", ""))) {
            if (Catalog.find(candidate).isPresent()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The preprocessing the usual source of {@code id}'s weights used: Caffe's for the BVLC models (the paper's
     * {@code alexnet} and {@code googlenet}); torchvision's for the rest, except a torchvision GoogLeNet exported
     * with {@code transform_input}, whose nodes before the first convolution rescale the input (they are left out).
     */
    public static Preprocessing usualPreprocessing(OnnxFile file, String id) {
        if (id.equals("alexnet") || id.equals("googlenet")) {
            return Preprocessing.CAFFE;
        }
        if (id.equals("googlenet-tv")) {
            for (Onnx.NodeProto n : file.nodes()) {
                if (n.getOpType().equals("Conv")) {
                    break;
                }
                if (n.getOpType().equals("Mul") || n.getOpType().equals("Add")) {
                    return Preprocessing.HALF_RANGE;
                }
            }
        }
        return Preprocessing.TORCHVISION;
    }

    /**
     * The file's declared N×C×H×W input where it is fixed (zoo AlexNet takes 224, the catalog's 227), else the
     * catalog's.
     */
    private static Shape input(OnnxFile file, Catalog.Entry entry) {
        List<Long> d = file.inputDims();
        if (d.size() == 4 && d.get(1) > 0 && d.get(2) > 0 && d.get(3) > 0 && d.get(2) <= 4096 && d.get(3) <= 4096) {
            return Shape.chw(d.get(1).intValue(), d.get(2).intValue(), d.get(3).intValue());
        }
        return entry.input();
    }
}
