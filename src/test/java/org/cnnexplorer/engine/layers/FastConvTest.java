package org.cnnexplorer.engine.layers;

import org.assertj.core.data.Offset;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** oneDNN's convolution gives DL4J's outputs and gradients for the kernel shapes the catalog uses. */
class FastConvTest {

    private static ConvolutionLayer.Builder conv(int k, int s, int p, int out, boolean bias) {
        return new ConvolutionLayer.Builder(k, k).stride(s, s).padding(p, p).nOut(out).hasBias(bias)
                .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY);
    }

    /** The convolution under test reading the network input ({@code first}), or after a 3×3 convolution. */
    private static ComputationGraph graph(Layer layer, boolean first, int size, int channels) {
        return first ? LayerUnderTest.onInput("fc", layer, 5, size, size, channels)
                : LayerUnderTest.graph("fc", layer, 5, size, size, channels, 4, Activation.RELU);
    }

    @ParameterizedTest(name = "{0}x{0}/{1} pad {2} bias {3}, size {4}, first {5}")
    @CsvSource({"3, 1, 1, false, 14, false", "3, 2, 1, false, 14, false", "1, 2, 0, false, 13, false",
            "3, 1, 1, true, 9, false", "5, 1, 2, true, 12, false", "11, 4, 2, true, 35, false",
            "3, 2, 0, true, 12, false", "3, 1, 1, false, 14, true", "7, 2, 3, false, 20, true"})
    void outputsAndGradientsAreDl4jsOwn(int k, int s, int p, boolean bias, int size, boolean first) {
        int channels = first ? 1 : 4;
        ComputationGraph dl4j = graph(conv(k, s, p, 6, bias).build(), first, size, channels);
        ComputationGraph fast = graph(new FastConv(conv(k, s, p, 6, bias), !first), first, size, channels);
        try {
            assertThat(fast.getLayer("fc")).isInstanceOf(FastConv.Layer.class);
            fast.setParams(dl4j.params());
            Nd4j.getRandom().setSeed(8);
            INDArray x = Nd4j.randn(DataType.FLOAT, 3, channels, size, size);
            INDArray y = Nd4j.zeros(DataType.FLOAT, 3, 3);
            for (int i = 0; i < 3; i++) {
                y.putScalar(i, i, 1f);
            }
            INDArray expectedOut = dl4j.feedForward(new INDArray[] {x}, true, false).get("fc");
            Map<String, double[]> passes = JavaPassTimes.during(() -> {
                INDArray got = fast.feedForward(new INDArray[] {x}, true, false).get("fc");
                assertThat(got.shape()).isEqualTo(expectedOut.shape());
                assertThat(got.sub(expectedOut).amaxNumber().doubleValue())
                        .isLessThanOrEqualTo(1e-5 * expectedOut.amaxNumber().doubleValue());
                fast.setInputs(x);
                fast.setLabels(y);
                fast.computeGradientAndScore();
            });
            assertThat(passes).containsKeys("oneDNN convolution forward", "oneDNN convolution backward");
            assertThat(fast.outputSingle(x).sub(dl4j.outputSingle(x)).amaxNumber().doubleValue())
                    .isLessThan(1e-5);
            dl4j.setInputs(x);
            dl4j.setLabels(y);
            dl4j.computeGradientAndScore();
            assertThat(fast.score()).isCloseTo(dl4j.score(), Offset.offset(1e-5));
            for (String key : dl4j.gradient().gradientForVariable().keySet()) {
                INDArray expected = dl4j.gradient().getGradientFor(key);
                INDArray got = fast.gradient().getGradientFor(key);
                assertThat(expected.amaxNumber().doubleValue()).as(key).isGreaterThan(0.0);
                assertThat(got.sub(expected).amaxNumber().doubleValue()).as(key)
                        .isLessThanOrEqualTo(1e-4 * expected.amaxNumber().doubleValue());
            }
        } finally {
            dl4j.close();
            fast.close();
        }
    }

    /** The flag that skips a first layer's input gradient survives a model file's JSON. */
    @Test
    void theInputGradientFlagSurvivesJson() {
        ComputationGraph g = graph(new FastConv(conv(3, 1, 1, 6, false), false), true, 8, 1);
        try {
            ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(g.getConfiguration().toJson());
            Layer layer = back.getVertices().values().stream()
                    .filter(v -> v instanceof LayerVertex)
                    .map(v -> ((LayerVertex) v).getLayerConf().getLayer())
                    .filter(l -> l instanceof FastConv).findFirst().orElseThrow();
            assertThat(((FastConv) layer).isInputGradient()).isFalse();
        } finally {
            g.close();
        }
    }
}
