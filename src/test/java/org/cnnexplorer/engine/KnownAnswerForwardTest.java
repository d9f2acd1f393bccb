package org.cnnexplorer.engine;

import org.assertj.core.data.Offset;
import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.NetworkBuilder;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.engine.build.GraphFactory;
import org.cnnexplorer.engine.natives.NativeSetup;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cnnexplorer.arch.Layers.add;
import static org.cnnexplorer.arch.Layers.bn;
import static org.cnnexplorer.arch.Layers.concat;
import static org.cnnexplorer.arch.Layers.conv;
import static org.cnnexplorer.arch.Layers.dropout;
import static org.cnnexplorer.arch.Layers.fc;
import static org.cnnexplorer.arch.Layers.flatten;
import static org.cnnexplorer.arch.Layers.gap;
import static org.cnnexplorer.arch.Layers.groupedConv;
import static org.cnnexplorer.arch.Layers.maxPool;
import static org.cnnexplorer.arch.Layers.relu;
import static org.cnnexplorer.arch.Layers.sigmoid;
import static org.cnnexplorer.arch.Layers.softmax;

/**
 * A tiny network using every layer kind, with fixed pseudo-random weights and BN statistics, run through DL4J and
 * through plain loops written here from PyTorch's definitions (ceil-mode windows, count_include_pad averages,
 * adaptive windows, option-A shortcuts) and the paper's LRN (α·Σx², as DL4J). Every layer must agree.
 * Inputs are signed, so max pooling over padding would show.
 */
class KnownAnswerForwardTest {

    @BeforeAll
    static void natives() {
        NativeSetup.configure();
    }

    static Network tiny() {
        NetworkBuilder b = new NetworkBuilder("tiny", "tiny", "-", Shape.chw(4, 10, 10), 5);
        String x = b.add("conv1", groupedConv(6, 3, 1, 1, 2), NetworkBuilder.INPUT);       // 6×10×10, 2 towers
        x = b.add("norm1", new LayerSpec.Lrn(2, 5, 0.1, 0.75), x);
        x = b.add("pool1", maxPool(3, 2, 0, true), x);                                     // ceil: 6×5×5
        x = b.add("relu1", relu(), b.add("bn1", bn(), x));
        String a = b.add("branch1", conv(4, 1, 1, 0), x);                                  // 4×5×5
        String p = b.add("branch2", maxPool(3, 1, 1, true), x);                            // 6×5×5
        String cat = b.add("concat", concat(), a, p);                                      // 10×5×5
        String main = b.add("conv2", conv(16, 3, 2, 1), cat);                              // 16×3×3
        String shortcut = b.add("shortcut", new LayerSpec.ZeroPad(2, 3, 3), cat);          // 16×3×3
        String adapt = b.add("conv3", conv(16, 1, 1, 0),
                b.add("adaptive", new LayerSpec.AdaptiveAvgPool(3), x));                   // 16×3×3, windows overlap
        x = b.add("relu2", relu(), b.add("add", add(), main, shortcut, adapt));
        x = b.add("pool2", new LayerSpec.Pool(LayerSpec.PoolKind.AVG, 2, 2, 0, true), x);  // ceil: 16×2×2
        x = b.add("pool3", new LayerSpec.Pool(LayerSpec.PoolKind.AVG, 3, 1, 1, false), x); // padded: 16×2×2
        x = b.add("flatten", flatten(), b.add("gap", gap(), x));
        x = b.add("drop", dropout(0.5), b.add("sig", sigmoid(), b.add("fc1", fc(7), x)));
        b.add("prob", softmax(), b.add("fc2", fc(5), x));
        return b.build();
    }

    @Test
    void everyLayerMatchesAnIndependentComputation() {
        Network net = tiny();
        ComputationGraph graph = GraphFactory.build(net);
        Random random = new Random(7);
        // Signed weights and non-trivial BN statistics; var stays positive.
        for (org.deeplearning4j.nn.api.Layer l : graph.getLayers()) {
            for (Map.Entry<String, INDArray> e : l.paramTable().entrySet()) {
                INDArray v = e.getValue();
                for (long i = 0; i < v.length(); i++) {
                    double r = random.nextGaussian() * 0.5;
                    v.putScalar(i, e.getKey().equals("var") ? 0.5 + Math.abs(r) : r);
                }
            }
        }
        Shape in = net.input();
        float[] input = new float[(int) (2 * in.size())];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) random.nextGaussian();
        }
        INDArray x = Nd4j.create(input, new long[] {2, in.channels(), in.height(), in.width()}, 'c');
        GraphFactory.keepInputs(graph, true);
        Map<String, INDArray> dl4j = graph.feedForward(x, false);

        Reference ref = new Reference(graph);
        for (int n = 0; n < 2; n++) {
            float[] one = Arrays.copyOfRange(input, (int) (n * in.size()), (int) ((n + 1) * in.size()));
            Map<String, float[]> expected = ref.run(net, one);
            for (Layer l : net.layers()) {
                float[] actual = dl4j.get(l.id()).slice(n).dup('c').data().asFloat();
                float[] want = expected.get(l.id());
                assertThat(actual).as(l.id() + " (" + l.spec().type() + ") of image " + n).hasSize(want.length);
                for (int i = 0; i < want.length; i++) {
                    assertThat(actual[i]).as(l.id() + "[" + i + "] of image " + n)
                            .isCloseTo(want[i], Offset.offset(1e-4f + 1e-4f * Math.abs(want[i])));
                }
            }
        }
        graph.close();
    }

    /** Forward pass by definition, one image, C×H×W row-major arrays. */
    private static final class Reference {
        private final ComputationGraph graph;

        Reference(ComputationGraph graph) {
            this.graph = graph;
        }

        private float[] param(String layer, String key) {
            return graph.getLayer(layer).getParam(key).dup('c').data().asFloat();
        }

        Map<String, float[]> run(Network net, float[] input) {
            Map<String, float[]> out = new HashMap<>();
            for (Layer l : net.layers()) {
                float[] x = l.inputs().isEmpty() ? input : out.get(l.inputs().get(0));
                Shape s = l.inputShapes().isEmpty() ? l.output() : l.inputShapes().get(0);
                Shape o = l.output();
                float[] y;
                LayerSpec spec = l.spec();
                if (spec instanceof LayerSpec.Input) {
                    y = input;
                } else if (spec instanceof LayerSpec.Conv c) {
                    y = conv(l.id(), x, s, o, c);
                } else if (spec instanceof LayerSpec.Linear) {
                    float[] w = param(l.id(), "W"); // nIn × nOut
                    float[] bias = param(l.id(), "b");
                    y = new float[o.channels()];
                    for (int j = 0; j < y.length; j++) {
                        double acc = bias[j];
                        for (int i = 0; i < x.length; i++) {
                            acc += x[i] * w[i * y.length + j];
                        }
                        y[j] = (float) acc;
                    }
                } else if (spec instanceof LayerSpec.Pool p) {
                    y = pool(x, s, o, p);
                } else if (spec instanceof LayerSpec.AdaptiveAvgPool) {
                    y = new float[(int) o.size()];
                    for (int c = 0; c < s.channels(); c++) {
                        for (int i = 0; i < o.height(); i++) {
                            int h0 = Math.floorDiv(i * s.height(), o.height());
                            int h1 = -Math.floorDiv(-(i + 1) * s.height(), o.height());
                            for (int j = 0; j < o.width(); j++) {
                                int w0 = Math.floorDiv(j * s.width(), o.width());
                                int w1 = -Math.floorDiv(-(j + 1) * s.width(), o.width());
                                double sum = 0;
                                for (int h = h0; h < h1; h++) {
                                    for (int w = w0; w < w1; w++) {
                                        sum += x[(c * s.height() + h) * s.width() + w];
                                    }
                                }
                                y[(c * o.height() + i) * o.width() + j] = (float) (sum / ((h1 - h0) * (w1 - w0)));
                            }
                        }
                    }
                } else if (spec instanceof LayerSpec.GlobalAvgPool) {
                    int hw = s.height() * s.width();
                    y = new float[s.channels()];
                    for (int c = 0; c < s.channels(); c++) {
                        double sum = 0;
                        for (int i = 0; i < hw; i++) {
                            sum += x[c * hw + i];
                        }
                        y[c] = (float) (sum / hw);
                    }
                } else if (spec instanceof LayerSpec.Lrn n) {
                    int hw = s.height() * s.width();
                    y = new float[x.length];
                    for (int c = 0; c < s.channels(); c++) {
                        int from = Math.max(0, c - n.size() / 2);
                        int to = Math.min(s.channels() - 1, c + n.size() / 2);
                        for (int i = 0; i < hw; i++) {
                            double sq = 0;
                            for (int d = from; d <= to; d++) {
                                sq += x[d * hw + i] * x[d * hw + i];
                            }
                            y[c * hw + i] = (float) (x[c * hw + i] / Math.pow(n.k() + n.alpha() * sq, n.beta()));
                        }
                    }
                } else if (spec instanceof LayerSpec.BatchNorm b) {
                    float[] g = param(l.id(), "gamma");
                    float[] be = param(l.id(), "beta");
                    float[] mean = param(l.id(), "mean");
                    float[] var = param(l.id(), "var");
                    int hw = s.height() * s.width();
                    y = new float[x.length];
                    for (int i = 0; i < x.length; i++) {
                        int c = i / hw;
                        y[i] = (float) ((x[i] - mean[c]) / Math.sqrt(var[c] + b.eps()) * g[c] + be[c]);
                    }
                } else if (spec instanceof LayerSpec.Relu) {
                    y = map(x, v -> Math.max(0, v));
                } else if (spec instanceof LayerSpec.Sigmoid) {
                    y = map(x, v -> 1 / (1 + Math.exp(-v)));
                } else if (spec instanceof LayerSpec.Dropout || spec instanceof LayerSpec.Flatten) {
                    y = x.clone();
                } else if (spec instanceof LayerSpec.Concat) {
                    y = new float[(int) o.size()];
                    int at = 0;
                    for (String id : l.inputs()) {
                        float[] part = out.get(id);
                        System.arraycopy(part, 0, y, at, part.length);
                        at += part.length;
                    }
                } else if (spec instanceof LayerSpec.Add) {
                    y = new float[x.length];
                    for (String id : l.inputs()) {
                        float[] part = out.get(id);
                        for (int i = 0; i < y.length; i++) {
                            y[i] += part[i];
                        }
                    }
                } else if (spec instanceof LayerSpec.ZeroPad z) {
                    y = new float[(int) o.size()];
                    for (int c = 0; c < s.channels(); c++) {
                        for (int i = 0; i < o.height(); i++) {
                            for (int j = 0; j < o.width(); j++) {
                                y[((c + z.channelsBefore()) * o.height() + i) * o.width() + j] =
                                        x[(c * s.height() + i * z.subsample()) * s.width() + j * z.subsample()];
                            }
                        }
                    }
                } else if (spec instanceof LayerSpec.Softmax) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (float v : x) {
                        max = Math.max(max, v);
                    }
                    double sum = 0;
                    y = new float[x.length];
                    for (int i = 0; i < x.length; i++) {
                        sum += Math.exp(x[i] - max);
                    }
                    for (int i = 0; i < x.length; i++) {
                        y[i] = (float) (Math.exp(x[i] - max) / sum);
                    }
                } else {
                    throw new AssertionError("no reference for " + spec);
                }
                out.put(l.id(), y);
            }
            return out;
        }

        private float[] conv(String id, float[] x, Shape s, Shape o, LayerSpec.Conv c) {
            float[] y = new float[(int) o.size()];
            int cinG = s.channels() / c.groups();
            int coutG = c.out() / c.groups();
            for (int g = 0; g < c.groups(); g++) {
                String layer = c.groups() == 1 ? id : id + ".tower" + g;
                float[] w = param(layer, "W"); // coutG × cinG × k × k
                float[] bias = c.bias() ? param(layer, "b") : new float[coutG];
                for (int oc = 0; oc < coutG; oc++) {
                    for (int i = 0; i < o.height(); i++) {
                        for (int j = 0; j < o.width(); j++) {
                            double acc = bias[oc];
                            for (int ic = 0; ic < cinG; ic++) {
                                for (int u = 0; u < c.kernel(); u++) {
                                    for (int v = 0; v < c.kernel(); v++) {
                                        int h = i * c.stride() - c.padding() + u;
                                        int ww = j * c.stride() - c.padding() + v;
                                        if (h >= 0 && h < s.height() && ww >= 0 && ww < s.width()) {
                                            acc += x[((g * cinG + ic) * s.height() + h) * s.width() + ww]
                                                    * w[((oc * cinG + ic) * c.kernel() + u) * c.kernel() + v];
                                        }
                                    }
                                }
                            }
                            y[((g * coutG + oc) * o.height() + i) * o.width() + j] = (float) acc;
                        }
                    }
                }
            }
            return y;
        }

        /** PyTorch: windows start at i·s − p; max ignores padding; avg divides by the window clipped to n + p. */
        private static float[] pool(float[] x, Shape s, Shape o, LayerSpec.Pool p) {
            float[] y = new float[(int) o.size()];
            for (int c = 0; c < s.channels(); c++) {
                for (int i = 0; i < o.height(); i++) {
                    int hs = i * p.stride() - p.padding();
                    int he = Math.min(hs + p.kernel(), s.height() + p.padding());
                    for (int j = 0; j < o.width(); j++) {
                        int ws = j * p.stride() - p.padding();
                        int we = Math.min(ws + p.kernel(), s.width() + p.padding());
                        double max = Double.NEGATIVE_INFINITY;
                        double sum = 0;
                        for (int h = Math.max(hs, 0); h < Math.min(he, s.height()); h++) {
                            for (int w = Math.max(ws, 0); w < Math.min(we, s.width()); w++) {
                                float v = x[(c * s.height() + h) * s.width() + w];
                                max = Math.max(max, v);
                                sum += v;
                            }
                        }
                        y[(c * o.height() + i) * o.width() + j] = (float) (p.kind() == LayerSpec.PoolKind.MAX
                                ? max : sum / ((he - hs) * (we - ws)));
                    }
                }
            }
            return y;
        }

        private static float[] map(float[] x, DoubleUnaryOperator f) {
            float[] y = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = (float) f.applyAsDouble(x[i]);
            }
            return y;
        }
    }

    @Test
    void theReferenceSeesTheSameWindowsAsTheCatalog() {
        // Guards the test itself: the ceil-mode layers really are ceil mode at these sizes.
        Network net = tiny();
        assertThat(net.layer("pool1").output()).isEqualTo(Shape.chw(6, 5, 5));
        assertThat(net.layer("pool2").output()).isEqualTo(Shape.chw(16, 2, 2));
        assertThat(net.layer("shortcut").output()).isEqualTo(Shape.chw(16, 3, 3));
        assertThat(Nd4j.dataType()).isEqualTo(DataType.FLOAT);
    }
}
