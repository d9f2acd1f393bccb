package org.cnnexplorer.arch;

import java.util.List;
import java.util.Locale;

import static org.cnnexplorer.arch.Num.grouped;

/**
 * What one layer computes, independent of where it sits in a network. Each kind knows its output shape,
 * its learnable parameters and its multiply-accumulates (conventions of src/docs/REFERENCES.md: weights,
 * biases and BatchNorm γ/β count as parameters; only conv and fully-connected layers count MACs).
 */
public sealed interface LayerSpec {

    /** The type name used in JSON and by the graph's colour categories. */
    String type();

    Shape output(List<Shape> inputs);

    default long params(List<Shape> inputs) {
        return 0;
    }

    default long macs(List<Shape> inputs, Shape output) {
        return 0;
    }

    /** How {@link #params} is derived, with the numbers filled in. */
    default String paramsFormula(List<Shape> inputs) {
        return "0 (no learnable weights)";
    }

    /** How {@link #macs} is derived, with the numbers filled in. */
    default String macsFormula(List<Shape> inputs, Shape output) {
        return "0 (not counted: only conv and fc layers count MACs)";
    }

    /** The hyperparameters a reader needs to recognise the layer, e.g. "11×11/4, pad 0". */
    default String hyper() {
        return "";
    }

    /** Kernel and stride along one spatial axis, for receptive-field arithmetic. */
    default int window() {
        return 1;
    }

    default int stride() {
        return 1;
    }

    private static Shape single(String type, List<Shape> inputs) {
        if (inputs.size() != 1) {
            throw new ShapeException(type + " takes exactly one input, got " + inputs.size());
        }
        return inputs.get(0);
    }

    private static Shape spatial(String type, List<Shape> inputs) {
        Shape in = single(type, inputs);
        if (in.flat()) {
            throw new ShapeException(type + " needs feature maps (C×H×W), got a flat vector of " + in.channels());
        }
        return in;
    }

    /** floor((n + 2p − k) / s) + 1, or PyTorch's ceil mode where the last window must start inside the input. */
    static int slide(String what, int n, int kernel, int stride, int padding, boolean ceil) {
        int span = n + 2 * padding - kernel;
        if (span < 0) {
            throw new ShapeException(what + ": the " + kernel + "×" + kernel + " window does not fit the "
                    + n + "-pixel input" + (padding > 0 ? " padded by " + padding : ""));
        }
        int out = (ceil ? Math.floorDiv(span + stride - 1, stride) : span / stride) + 1;
        if (ceil && (out - 1) * stride >= n + padding) {
            out--;
        }
        return out;
    }

    record Input(Shape shape) implements LayerSpec {
        public String type() {
            return "input";
        }

        public Shape output(List<Shape> inputs) {
            if (!inputs.isEmpty()) {
                throw new ShapeException("the input layer takes no inputs");
            }
            return shape;
        }

        public String hyper() {
            return shape.toString();
        }
    }

    /** 2-D convolution with a square kernel; {@code groups} > 1 splits channels as AlexNet's two GPUs did. */
    record Conv(int out, int kernel, int stride, int padding, int groups, boolean bias) implements LayerSpec {
        public Conv {
            if (out <= 0 || kernel <= 0 || stride <= 0 || padding < 0 || groups <= 0 || out % groups != 0) {
                throw new IllegalArgumentException("bad conv: out=" + out + " kernel=" + kernel + " groups=" + groups);
            }
        }

        public String type() {
            return "conv";
        }

        public Shape output(List<Shape> inputs) {
            Shape in = spatial("conv", inputs);
            if (in.channels() % groups != 0) {
                throw new ShapeException("conv: " + in.channels() + " input channels cannot be split into "
                        + groups + " groups");
            }
            return Shape.chw(out, slide("conv " + kernel + "×" + kernel, in.height(), kernel, stride, padding, false),
                    slide("conv " + kernel + "×" + kernel, in.width(), kernel, stride, padding, false));
        }

        /** Weights one output channel sees: k·k·Cin/groups. */
        public long fanIn(Shape in) {
            return (long) kernel * kernel * (in.channels() / groups);
        }

        public long params(List<Shape> inputs) {
            return out * fanIn(inputs.get(0)) + (bias ? out : 0);
        }

        public long macs(List<Shape> inputs, Shape output) {
            return (long) output.height() * output.width() * out * fanIn(inputs.get(0));
        }

        private String fanInText(Shape in) {
            return kernel + "·" + kernel + "·" + (in.channels() / groups);
        }

        public String paramsFormula(List<Shape> inputs) {
            Shape in = inputs.get(0);
            String weights = out + "·(" + fanInText(in) + ")";
            String text = weights + (bias ? " + " + out : "") + " = " + grouped(params(inputs));
            return groups > 1 ? text + "   (" + in.channels() + " input channels in " + groups + " groups: "
                    + in.channels() / groups + " each)" : text;
        }

        public String macsFormula(List<Shape> inputs, Shape output) {
            return output.height() + "·" + output.width() + "·" + out + "·(" + fanInText(inputs.get(0)) + ") = "
                    + grouped(macs(inputs, output));
        }

        public String hyper() {
            return kernel + "×" + kernel + (stride > 1 ? "/" + stride : "") + (padding > 0 ? ", pad " + padding : "")
                    + (groups > 1 ? ", groups " + groups : "") + (bias ? "" : ", no bias");
        }

        public int window() {
            return kernel;
        }
    }

    /** Fully connected ("Linear"); its input must be flat. */
    record Linear(int out, boolean bias) implements LayerSpec {
        public String type() {
            return "fc";
        }

        public Shape output(List<Shape> inputs) {
            Shape in = single("fc", inputs);
            if (!in.flat()) {
                throw new ShapeException("fc needs a flat input; flatten the " + in + " feature maps first");
            }
            return Shape.flat(out);
        }

        public long params(List<Shape> inputs) {
            return (long) out * inputs.get(0).channels() + (bias ? out : 0);
        }

        public long macs(List<Shape> inputs, Shape output) {
            return (long) out * inputs.get(0).channels();
        }

        public String paramsFormula(List<Shape> inputs) {
            return out + "·" + inputs.get(0).channels() + (bias ? " + " + out : "") + " = " + grouped(params(inputs));
        }

        public String macsFormula(List<Shape> inputs, Shape output) {
            return inputs.get(0).channels() + "·" + out + " = " + grouped(macs(inputs, output));
        }

        public String hyper() {
            return out + " units" + (bias ? "" : ", no bias");
        }
    }

    enum PoolKind { MAX, AVG }

    record Pool(PoolKind kind, int kernel, int stride, int padding, boolean ceil) implements LayerSpec {
        public String type() {
            return kind == PoolKind.MAX ? "maxpool" : "avgpool";
        }

        public Shape output(List<Shape> inputs) {
            Shape in = spatial(type(), inputs);
            String what = type() + " " + kernel + "×" + kernel + "/" + stride;
            return Shape.chw(in.channels(), slide(what, in.height(), kernel, stride, padding, ceil),
                    slide(what, in.width(), kernel, stride, padding, ceil));
        }

        public String hyper() {
            return kernel + "×" + kernel + "/" + stride + (padding > 0 ? ", pad " + padding : "")
                    + (ceil ? ", ceil" : "");
        }

        public int window() {
            return kernel;
        }
    }

    /** torchvision's AdaptiveAvgPool2d(size): pools any map down to size×size. */
    record AdaptiveAvgPool(int size) implements LayerSpec {
        public String type() {
            return "avgpool";
        }

        public Shape output(List<Shape> inputs) {
            Shape in = spatial("adaptive avgpool", inputs);
            return Shape.chw(in.channels(), size, size);
        }

        public String hyper() {
            return "adaptive → " + size + "×" + size;
        }
    }

    /** Averages each channel over the whole map: C×H×W → C×1×1 (GoogLeNet, ResNet). */
    record GlobalAvgPool() implements LayerSpec {
        public String type() {
            return "gap";
        }

        public Shape output(List<Shape> inputs) {
            return Shape.chw(spatial("gap", inputs).channels(), 1, 1);
        }

        public String hyper() {
            return "global average";
        }
    }

    /** Local response normalisation across {@code size} adjacent channels (Krizhevsky et al. 2012, §3.3). */
    record Lrn(double k, int size, double alpha, double beta) implements LayerSpec {
        public static final Lrn KRIZHEVSKY = new Lrn(2, 5, 1e-4, 0.75);

        public String type() {
            return "lrn";
        }

        public Shape output(List<Shape> inputs) {
            return spatial("lrn", inputs);
        }

        public String hyper() {
            return String.format(Locale.ROOT, "k=%s, n=%d, α=%s, β=%s", trim(k), size, trim(alpha), trim(beta));
        }

        private static String trim(double v) {
            return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        }
    }

    record BatchNorm(double eps) implements LayerSpec {
        public static final BatchNorm TORCH = new BatchNorm(1e-5);

        public String type() {
            return "bn";
        }

        public Shape output(List<Shape> inputs) {
            return single("bn", inputs);
        }

        public long params(List<Shape> inputs) {
            return 2L * inputs.get(0).channels();
        }

        public String paramsFormula(List<Shape> inputs) {
            return "2·" + inputs.get(0).channels() + " = " + grouped(params(inputs))
                    + "   (γ and β per channel; running mean/variance are statistics, not parameters)";
        }

        public String hyper() {
            return "eps " + eps;
        }
    }

    record Relu() implements LayerSpec {
        public String type() {
            return "relu";
        }

        public Shape output(List<Shape> inputs) {
            return single("relu", inputs);
        }
    }

    record Sigmoid() implements LayerSpec {
        public String type() {
            return "sigmoid";
        }

        public Shape output(List<Shape> inputs) {
            return single("sigmoid", inputs);
        }
    }

    record Tanh() implements LayerSpec {
        public String type() {
            return "tanh";
        }

        public Shape output(List<Shape> inputs) {
            return single("tanh", inputs);
        }
    }

    record Dropout(double p) implements LayerSpec {
        public String type() {
            return "dropout";
        }

        public Shape output(List<Shape> inputs) {
            return single("dropout", inputs);
        }

        public String hyper() {
            return "p=" + p;
        }
    }

    /** Stacks inputs along channels; all must share height and width (Inception's filter concatenation). */
    record Concat() implements LayerSpec {
        public String type() {
            return "concat";
        }

        public Shape output(List<Shape> inputs) {
            if (inputs.size() < 2) {
                throw new ShapeException("concat needs at least two inputs");
            }
            Shape first = inputs.get(0);
            int channels = 0;
            for (Shape s : inputs) {
                if (s.flat() || !s.sameSpatial(first)) {
                    throw new ShapeException("concat: branch outputs " + inputs + " differ in height or width");
                }
                channels += s.channels();
            }
            return Shape.chw(channels, first.height(), first.width());
        }
    }

    /** Element-wise sum: a residual block's F(x) + x. */
    record Add() implements LayerSpec {
        public String type() {
            return "add";
        }

        public Shape output(List<Shape> inputs) {
            if (inputs.size() < 2) {
                throw new ShapeException("add needs at least two inputs");
            }
            for (Shape s : inputs) {
                if (!s.equals(inputs.get(0))) {
                    throw new ShapeException("add: shapes " + inputs + " differ");
                }
            }
            return inputs.get(0);
        }
    }

    record Flatten() implements LayerSpec {
        public String type() {
            return "flatten";
        }

        public Shape output(List<Shape> inputs) {
            Shape in = single("flatten", inputs);
            if (in.size() > Integer.MAX_VALUE) {
                throw new ShapeException("flatten: " + in + " is too large");
            }
            return Shape.flat((int) in.size());
        }
    }

    /**
     * The paper's option-A shortcut: keep every {@code subsample}-th pixel, then add zero channels before and after.
     * No parameters (He et al. 2016, §4.2).
     */
    record ZeroPad(int subsample, int channelsBefore, int channelsAfter) implements LayerSpec {
        public String type() {
            return "pad";
        }

        public Shape output(List<Shape> inputs) {
            Shape in = spatial("pad", inputs);
            return Shape.chw(in.channels() + channelsBefore + channelsAfter,
                    (in.height() + subsample - 1) / subsample, (in.width() + subsample - 1) / subsample);
        }

        public String hyper() {
            return (subsample > 1 ? "subsample /" + subsample + ", " : "") + "+" + (channelsBefore + channelsAfter)
                    + " zero channels";
        }

        public int stride() {
            return subsample;
        }
    }

    record Softmax() implements LayerSpec {
        public String type() {
            return "softmax";
        }

        public Shape output(List<Shape> inputs) {
            Shape in = single("softmax", inputs);
            if (!in.flat()) {
                throw new ShapeException("softmax expects class scores (a flat vector), got " + in);
            }
            return in;
        }
    }
}
