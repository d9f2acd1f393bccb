package org.cnnexplorer.weights;

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

import java.io.IOException;
import java.nio.FloatBuffer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;

/**
 * Lines up a file's weighted operations (convolutions, fully connected layers, batch norms, LRNs) with the catalog's
 * layers of the same kinds, in order, and turns them into copy steps; every shape must match exactly and the first
 * that does not is named in a one-line refusal. Both importers use it: {@link OnnxImporter} finds the operations in
 * an ONNX graph, {@link SafetensorsImporter} by torchvision's state_dict keys. Every value copied must be a finite
 * number.
 *
 * <p>Exports that fold batch norm into the convolution before it (torch.onnx.export in eval mode: a Conv with bias
 * and no BatchNormalization) map exactly onto the catalog's conv + BN: the conv takes the folded kernel and the BN
 * becomes y = x + b (γ = 1, β = b, mean 0, variance 1 − ε). A BN with another ε than the catalog's keeps its
 * output by moving the difference into the variance; an LRN whose constants differ from the catalog's (Caffe's
 * k = 1, α/n) is built with the file's constants, which the weights file records.
 */
final class LayerPlan {

    /** Where the weights are: an ONNX file's initializers or a safetensors file's tensors. */
    interface Source {
        /** The file's name, which starts every message. */
        String name();

        /** What an operation is called in messages: "node" in an ONNX graph, "module" in a state_dict. */
        String operation();

        /** A stored tensor's dimensions, as the operation that uses it reads them. */
        long[] dims(String value, String op) throws IOException;

        /** A stored tensor's values, row-major. */
        FloatBuffer floats(String value, String op) throws IOException;

        /** "weight 'w' of node 'n'" or "tensor 'k'": how messages name a stored tensor. */
        String describe(String value, String op);

        /** The exception that refuses this file with {@code message} (one line). */
        IOException refusal(String message);
    }

    /** An operation of the file that carries weights or LRN constants, in the file's order. */
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

    /** What the import produces before anything is built: the network (with the file's LRN constants) and a plan. */
    record Plan(Network network, List<Step> steps) {
    }

    /** Writes one catalog layer's parameters. */
    @FunctionalInterface
    interface Step {
        void apply(ParamWriter w) throws IOException;
    }

    private LayerPlan() {
    }

    /** Lines up {@code ops} with the catalog's layers of {@code entry}; refuses at the first misfit. */
    static Plan plan(Source file, Catalog.Entry entry, Shape input, List<Op> ops) throws IOException {
        Network base = build(file, entry, input, classes(file, entry, ops), Map.of());
        Map<String, LayerSpec> lrn = new LinkedHashMap<>();
        List<Step> steps = steps(file, base, ops, lrn);
        return new Plan(lrn.isEmpty() ? base : build(file, entry, base.input(), base.classes(), lrn), steps);
    }

    /**
     * Builds the plan's network in DL4J and runs its steps. Nothing is written anywhere: the caller saves the model.
     *
     * @param progress receives 0..1 while weights are copied
     */
    static Model model(Plan plan, Map<String, String> provenance, DoubleConsumer progress, BooleanSupplier cancelled)
            throws IOException {
        Network net = plan.network();
        ModelInfo info = new ModelInfo(net.id(), net.input(), net.classes(),
                net.classes() == ImageNetClasses.COUNT ? ImageNetClasses.names() : null, true, provenance);
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

    /** What a weights file keeps about where its weights came from; {@code weights list} shows it. */
    static Map<String, String> provenance(String source, String producer, String sha256, Preprocessing preprocessing) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("source", source);
        p.put("producer", producer);
        p.put("sha256", sha256);
        p.put(Preprocessing.KEY, preprocessing.id());
        p.put("imported", LocalDate.now().toString());
        return p;
    }

    /** The catalog layers that take weights or constants from the file, in order; auxiliary heads stay random. */
    static List<Layer> slots(Network net) {
        return net.layers().stream().filter(l -> !l.aux()).filter(l -> l.spec() instanceof LayerSpec.Conv
                || l.spec() instanceof LayerSpec.Linear || l.spec() instanceof LayerSpec.BatchNorm
                || l.spec() instanceof LayerSpec.Lrn).toList();
    }

    /**
     * A tensor's values, refused when one of them is NaN or infinite: such a value would spread through every layer
     * after it and every class would come out NaN, with nothing to say which weight was broken.
     */
    static FloatBuffer finite(Source file, String value, String op) throws IOException {
        FloatBuffer b = file.floats(value, op);
        for (int i = b.position(); i < b.limit(); i++) {
            float v = b.get(i);
            if (!Float.isFinite(v)) {
                throw file.refusal(file.name() + ": " + file.describe(value, op) + " holds " + v + " at index "
                        + (i - b.position()) + " (weights must be finite numbers)");
            }
        }
        return b;
    }

    private static boolean close(LayerSpec.Lrn a, LayerSpec.Lrn b) {
        return a.size() == b.size() && Math.abs(a.k() - b.k()) <= 1e-6 * Math.abs(b.k())
                && Math.abs(a.alpha() - b.alpha()) <= 1e-6 * b.alpha() && Math.abs(a.beta() - b.beta()) <= 1e-6;
    }

    private static Network build(Source file, Catalog.Entry entry, Shape input, int classes,
                                 Map<String, LayerSpec> overrides) throws IOException {
        try {
            return entry.build(input, classes, overrides);
        } catch (ShapeException | IllegalArgumentException e) {
            throw file.refusal(file.name() + ": " + e.getMessage());
        }
    }

    /** The class count of the file's last fully connected layer (torchvision heads may be retrained). */
    private static int classes(Source file, Catalog.Entry entry, List<Op> ops) throws IOException {
        for (int i = ops.size() - 1; i >= 0; i--) {
            if (ops.get(i) instanceof FcOp fc) {
                long[] d = file.dims(fc.w(), fc.node());
                return d.length == 2 ? (int) (fc.outByIn() ? d[0] : d[1]) : entry.classes();
            }
        }
        return entry.classes();
    }

    /** The copy steps, slot by slot; LRN constants that differ from the catalog's go into {@code lrn}. */
    private static List<Step> steps(Source file, Network net, List<Op> ops, Map<String, LayerSpec> lrn)
            throws IOException {
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
                    p.convWeights(id, finite(file, w, node));
                    if (bias) {
                        p.convBias(id, b == null ? null : finite(file, b, node));
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
                    steps.add(p -> p.batchNorm(id, finite(file, b.scale(), b.node()), finite(file, b.bias(), b.node()),
                            finite(file, b.mean(), b.node()), finite(file, b.var(), b.node()), shift,
                            bias == null ? null : finite(file, bias, b.node())));
                    k++;
                } else if (foldable) {
                    String bias = foldedBias;
                    String node = op == null ? "" : op.node();
                    steps.add(p -> p.identityBatchNorm(id, bn.eps(), bias == null ? null : finite(file, bias, node)));
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
                    p.denseWeights(id, finite(file, fc.w(), fc.node()), fc.outByIn());
                    if (f.bias()) {
                        p.denseBias(id, fc.b() == null ? null : finite(file, fc.b(), fc.node()));
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
            throw file.refusal(file.name() + ": " + file.operation() + " '" + ops.get(k).node()
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

    private static void expectDims(Source file, Network net, Layer slot, String node, String value, long n)
            throws IOException {
        long[] d = file.dims(value, node);
        long count = d.length == 0 ? 1 : Arrays.stream(d).reduce(1, (a, b) -> a * b);
        if (count != n) {
            throw file.refusal(file.name() + ": " + net.id() + " layer " + slot.id() + " expects " + n
                    + " values per channel vector, " + file.describe(value, node) + " has " + dims(d));
        }
    }

    private static IOException mismatch(Source file, Network net, Layer slot, Op op, String expected) {
        return mismatch(file, net, slot, op, expected, op == null ? "nothing (the file ends)" : kind(op));
    }

    /** "vgg16.onnx: does not fit vgg16-bn at layer block1.bn1 (bn eps 1.0E-5): expected ..., node 'x' has ...". */
    private static IOException mismatch(Source file, Network net, Layer slot, Op op, String expected, String found) {
        return file.refusal(file.name() + ": does not fit " + net.id() + " at layer " + slot.id() + " ("
                + slot.type() + (slot.spec().hyper().isEmpty() ? "" : " " + slot.spec().hyper()) + "): expected "
                + expected + (op == null ? ", found " + found
                : ", " + file.operation() + " '" + op.node() + "' has " + found));
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

    static String dims(long[] d) {
        StringBuilder s = new StringBuilder();
        for (long v : d) {
            s.append(s.isEmpty() ? "" : "×").append(v);
        }
        return s.isEmpty() ? "scalar" : s.toString();
    }
}
