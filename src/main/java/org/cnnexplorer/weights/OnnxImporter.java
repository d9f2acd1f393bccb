package org.cnnexplorer.weights;

import onnx.Onnx;
import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.arch.ShapeException;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.data.ImageNetClasses;
import org.cnnexplorer.data.Preprocessing;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.ModelInfo;
import org.cnnexplorer.onnx.OnnxException;
import org.cnnexplorer.onnx.OnnxFile;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;

/**
 * Puts the weights of an {@code .onnx} file onto a catalog network. The file's weighted nodes (Conv, Gemm or MatMul,
 * BatchNormalization) and its LRN nodes are lined up with the catalog's conv, fc, batch-norm and LRN layers in
 * topological order, and every shape must match exactly; the first that does not is named in a one-line refusal.
 *
 * <p>Exports that fold batch norm into the convolution before it (torch.onnx.export in eval mode: a Conv with bias
 * and no BatchNormalization) map exactly onto the catalog's conv + BN: the conv takes the folded kernel and the BN
 * becomes y = x + b (γ = 1, β = b, mean 0, variance 1 − ε). A BN with another ε than the catalog's keeps its
 * output by moving the difference into the variance; an LRN whose constants differ from the catalog's (Caffe's
 * k = 1, α/n) is built with the file's constants, which the weights file records.
 */
public final class OnnxImporter {

    /** A node of the file that carries weights or LRN constants, in the file's order. */
    sealed interface Op {
        String node();
    }

    record ConvOp(String node, String w, String b, long group, List<Long> strides, List<Long> pads,
                  List<Long> dilations) implements Op {
    }

    /** Gemm (weights out×in when transposed, as torch writes it) or MatMul (in×out), with an optional bias. */
    record FcOp(String node, String w, boolean outByIn, String b) implements Op {
    }

    record BnOp(String node, String scale, String bias, String mean, String var, double eps) implements Op {
    }

    record LrnOp(String node, int size, double alpha, double beta, double bias) implements Op {
    }

    private OnnxImporter() {
    }

    /** The file's weighted and LRN nodes in topological order. */
    static List<Op> ops(OnnxFile f) throws OnnxException {
        List<Op> ops = new ArrayList<>();
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
                    ops.add(new ConvOp(name, in.get(1), in.size() > 2 && !in.get(2).isEmpty() ? in.get(2) : null,
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
                    ops.add(new FcOp(name, in.get(1), OnnxFile.intAttr(n, "transB", 0) == 1,
                            in.size() > 2 && !in.get(2).isEmpty() ? in.get(2) : null));
                }
                case "MatMul" -> {
                    if (f.isWeight(in.get(1))) {
                        fcByOutput.put(n.getOutput(0), ops.size());
                        ops.add(new FcOp(name, in.get(1), false, null));
                    }
                }
                case "Add" -> {
                    // MatMul + Add is a fully connected layer written in two nodes
                    for (int i = 0; i < 2 && in.size() == 2; i++) {
                        Integer fc = fcByOutput.get(in.get(i));
                        if (fc != null && f.isWeight(in.get(1 - i))
                                && ops.get(fc) instanceof FcOp op && op.b() == null) {
                            ops.set(fc, new FcOp(op.node(), op.w(), op.outByIn(), in.get(1 - i)));
                        }
                    }
                }
                case "BatchNormalization" -> ops.add(new BnOp(name, in.get(1), in.get(2), in.get(3), in.get(4),
                        OnnxFile.floatAttr(n, "epsilon", 1e-5f)));
                case "LRN" -> ops.add(new LrnOp(name, (int) OnnxFile.intAttr(n, "size", 0),
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

    /** What the import produces before anything is built: the network (with the file's LRN constants) and a plan. */
    record Plan(Network network, List<Step> steps) {
    }

    /** Writes one catalog layer's parameters. */
    @FunctionalInterface
    interface Step {
        void apply(ParamWriter w) throws OnnxException;
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
        List<Op> ops = ops(file);
        Plan plan = plan(file, entry, ops);
        Network net = plan.network();
        ModelInfo info = new ModelInfo(id, net.input(), net.classes(),
                net.classes() == ImageNetClasses.COUNT ? ImageNetClasses.names() : null, true,
                provenance(file, preprocessing));
        return ParamWriter.build(net, info, w -> {
            for (int i = 0; i < plan.steps().size(); i++) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("import cancelled");
                }
                plan.steps().get(i).apply(w);
                progress.accept((i + 1.0) / plan.steps().size());
            }
        });
    }

    /**
     * The catalog network a file's name names, as the ONNX model zoo and torchvision exports are usually called:
     * {@code resnet50-v1-7.onnx} → resnet50-v1, {@code resnet18-v1-7.onnx} → resnet18, {@code bvlcalexnet-12.onnx}
     * → alexnet, {@code vgg16-bn.onnx} → vgg16-bn, {@code googlenet-12.onnx} → googlenet (the zoo's is Caffe's).
     */
    public static Optional<String> networkNamedBy(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT).replaceFirst("\\.onnx$", "").replace('_', '-');
        n = n.replaceFirst("^bvlc-?", "");
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

    static Map<String, String> provenance(OnnxFile file, Preprocessing preprocessing) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("source", file.name());
        p.put("producer", file.producer());
        p.put("sha256", file.sha256());
        p.put(Preprocessing.KEY, preprocessing.id());
        p.put("imported", LocalDate.now().toString());
        return p;
    }

    /** Lines up {@code ops} with the catalog's layers of {@code entry}; refuses at the first mismatch. */
    static Plan plan(OnnxFile file, Catalog.Entry entry, List<Op> ops) throws OnnxException {
        Network base = build(file, entry, input(file, entry), classes(file, entry, ops), Map.of());
        Map<String, LayerSpec> lrn = new LinkedHashMap<>();
        List<Step> steps = steps(file, base, ops, lrn);
        return new Plan(lrn.isEmpty() ? base : build(file, entry, base.input(), base.classes(), lrn), steps);
    }

    private static boolean close(LayerSpec.Lrn a, LayerSpec.Lrn b) {
        return a.size() == b.size() && Math.abs(a.k() - b.k()) <= 1e-6 * Math.abs(b.k())
                && Math.abs(a.alpha() - b.alpha()) <= 1e-6 * b.alpha() && Math.abs(a.beta() - b.beta()) <= 1e-6;
    }

    private static Network build(OnnxFile file, Catalog.Entry entry, Shape input, int classes,
                                 Map<String, LayerSpec> overrides) throws OnnxException {
        try {
            return entry.build(input, classes, overrides);
        } catch (ShapeException | IllegalArgumentException e) {
            throw new OnnxException(file.name() + ": " + e.getMessage());
        }
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

    /** The class count of the file's last fully connected layer (torchvision heads may be retrained). */
    private static int classes(OnnxFile file, Catalog.Entry entry, List<Op> ops) throws OnnxException {
        for (int i = ops.size() - 1; i >= 0; i--) {
            if (ops.get(i) instanceof FcOp fc) {
                long[] d = file.dims(fc.w(), fc.node());
                return d.length == 2 ? (int) (fc.outByIn() ? d[0] : d[1]) : entry.classes();
            }
        }
        return entry.classes();
    }

    /** The catalog layers that take weights or constants from the file, in order; auxiliary heads stay random. */
    static List<Layer> slots(Network net) {
        return net.layers().stream().filter(l -> !l.aux()).filter(l -> l.spec() instanceof LayerSpec.Conv
                || l.spec() instanceof LayerSpec.Linear || l.spec() instanceof LayerSpec.BatchNorm
                || l.spec() instanceof LayerSpec.Lrn).toList();
    }

    /** The copy steps, slot by slot; LRN constants that differ from the catalog's go into {@code lrn}. */
    private static List<Step> steps(OnnxFile file, Network net, List<Op> ops, Map<String, LayerSpec> lrn)
            throws OnnxException {
        List<Layer> slots = slots(net);
        List<Step> steps = new ArrayList<>();
        int k = 0;
        String foldedBias = null; // a folded conv's bias, waiting for its BN
        boolean foldable = false;
        for (int s = 0; s < slots.size(); s++) {
            Layer slot = slots.get(s);
            Op op = k < ops.size() ? ops.get(k) : null;
            String id = slot.id();
            if (slot.spec() instanceof LayerSpec.Conv c) {
                if (!(op instanceof ConvOp conv)) {
                    throw mismatch(file, net, slot, op, "a Conv node");
                }
                Shape in = slot.inputShapes().get(0);
                long[] want = {c.out(), in.channels() / c.groups(), c.kernel(), c.kernel()};
                long[] have = file.dims(conv.w(), conv.node());
                if (!Arrays.equals(want, have) || conv.group() != c.groups() || !all(conv.strides(), c.stride(), 1)
                        || !all(conv.pads(), c.padding(), 0) || !all(conv.dilations(), 1, 1)) {
                    throw mismatch(file, net, slot, op, String.format(Locale.ROOT,
                            "weights %s, group %d, stride %d, pad %d", dims(want), c.groups(), c.stride(), c.padding()),
                            String.format(Locale.ROOT, "weights %s, group %d, strides %s, pads %s", dims(have),
                                    conv.group(), conv.strides(), conv.pads()));
                }
                Layer next = s + 1 < slots.size() ? slots.get(s + 1) : null;
                foldable = next != null && next.spec() instanceof LayerSpec.BatchNorm
                        && next.inputs().equals(List.of(id));
                if (conv.b() != null) {
                    expectDims(file, net, slot, conv.node(), conv.b(), c.out());
                }
                if (conv.b() != null && !c.bias() && !foldable) {
                    throw mismatch(file, net, slot, op, "a convolution without bias", "one with a bias");
                }
                foldedBias = c.bias() ? null : conv.b();
                String w = conv.w();
                String b = c.bias() ? conv.b() : null;
                boolean bias = c.bias();
                String node = conv.node();
                steps.add(p -> {
                    p.convWeights(id, file.floats(w, node));
                    if (bias) {
                        p.convBias(id, b == null ? null : file.floats(b, node));
                    }
                });
                k++;
            } else if (slot.spec() instanceof LayerSpec.BatchNorm bn) {
                int channels = slot.output().channels();
                if (op instanceof BnOp b) {
                    for (String v : List.of(b.scale(), b.bias(), b.mean(), b.var())) {
                        expectDims(file, net, slot, b.node(), v, channels);
                    }
                    String bias = foldable ? foldedBias : null;
                    double shift = b.eps() - bn.eps();
                    steps.add(p -> p.batchNorm(id, file.floats(b.scale(), b.node()), file.floats(b.bias(), b.node()),
                            file.floats(b.mean(), b.node()), file.floats(b.var(), b.node()), shift,
                            bias == null ? null : file.floats(bias, b.node())));
                    k++;
                } else if (foldable) {
                    String bias = foldedBias;
                    String node = op == null ? "" : op.node();
                    steps.add(p -> p.identityBatchNorm(id, bn.eps(), bias == null ? null : file.floats(bias, node)));
                } else {
                    throw mismatch(file, net, slot, op, "a BatchNormalization node");
                }
                foldable = false;
                foldedBias = null;
            } else if (slot.spec() instanceof LayerSpec.Linear f) {
                if (!(op instanceof FcOp fc)) {
                    throw mismatch(file, net, slot, op, "a Gemm or MatMul node");
                }
                int inputs = slot.inputShapes().get(0).channels();
                long[] want = fc.outByIn() ? new long[] {f.out(), inputs} : new long[] {inputs, f.out()};
                long[] have = file.dims(fc.w(), fc.node());
                if (!Arrays.equals(want, have)) {
                    throw mismatch(file, net, slot, op, "weights " + dims(want), "weights " + dims(have));
                }
                if (fc.b() != null) {
                    expectDims(file, net, slot, fc.node(), fc.b(), f.out());
                }
                if (fc.b() != null && !f.bias()) {
                    throw mismatch(file, net, slot, op, "a layer without bias", "one with a bias");
                }
                steps.add(p -> {
                    p.denseWeights(id, file.floats(fc.w(), fc.node()), fc.outByIn());
                    if (f.bias()) {
                        p.denseBias(id, fc.b() == null ? null : file.floats(fc.b(), fc.node()));
                    }
                });
                k++;
            } else if (slot.spec() instanceof LayerSpec.Lrn n) {
                if (!(op instanceof LrnOp l)) {
                    throw mismatch(file, net, slot, op, "an LRN node");
                }
                // ONNX divides α by the window size; the catalog (the paper, DL4J) does not.
                LayerSpec.Lrn fromFile = new LayerSpec.Lrn(l.bias(), l.size(), l.alpha() / l.size(), l.beta());
                if (!close(fromFile, n)) {
                    lrn.put(id, fromFile);
                }
                k++;
            }
        }
        if (k < ops.size()) {
            throw new OnnxException(file.name() + ": node '" + ops.get(k).node()
                    + "' has weights after the last layer of " + net.id() + " (a different network?)");
        }
        return steps;
    }

    private static boolean all(List<Long> values, long expected, long fallback) {
        if (values.isEmpty()) {
            return expected == fallback;
        }
        return values.stream().allMatch(v -> v == expected);
    }

    private static void expectDims(OnnxFile file, Network net, Layer slot, String node, String value, long n)
            throws OnnxException {
        long[] d = file.dims(value, node);
        long count = d.length == 0 ? 1 : Arrays.stream(d).reduce(1, (a, b) -> a * b);
        if (count != n) {
            throw new OnnxException(file.name() + ": " + net.id() + " layer " + slot.id() + " expects " + n
                    + " values per channel vector, node '" + node + "' has " + dims(d) + " in '" + value + "'");
        }
    }

    private static OnnxException mismatch(OnnxFile file, Network net, Layer slot, Op op, String expected) {
        return mismatch(file, net, slot, op, expected, op == null ? "nothing (the file ends)" : kind(op));
    }

    /** "vgg16.onnx: does not fit vgg16-bn at layer block1.bn1 (bn eps 1.0E-5): expected ..., node 'x' has ...". */
    private static OnnxException mismatch(OnnxFile file, Network net, Layer slot, Op op, String expected,
                                          String found) {
        return new OnnxException(file.name() + ": does not fit " + net.id() + " at layer " + slot.id() + " ("
                + slot.type() + (slot.spec().hyper().isEmpty() ? "" : " " + slot.spec().hyper()) + "): expected "
                + expected + (op == null ? ", found " + found : ", node '" + op.node() + "' has " + found));
    }

    private static String kind(Op op) {
        if (op instanceof ConvOp) {
            return "Conv";
        }
        if (op instanceof FcOp) {
            return "fully connected";
        }
        return op instanceof BnOp ? "BatchNormalization" : "LRN";
    }

    private static String dims(long[] d) {
        StringBuilder s = new StringBuilder();
        for (long v : d) {
            s.append(s.isEmpty() ? "" : "×").append(v);
        }
        return s.isEmpty() ? "scalar" : s.toString();
    }
}
