package org.cnnexplorer.engine.layers;

import org.cnnexplorer.engine.natives.NativeSetup;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The faster local response normalisation gives DL4J's outputs and gradients. */
class FastLrnTest {

    private static ComputationGraph graph(UnaryOperator<LocalResponseNormalization> lrn, double k, int n, double alpha,
                                          double beta, int channels) {
        return LayerUnderTest.graph("lrn", lrn.apply(new LocalResponseNormalization.Builder(k, n, alpha, beta).build()),
                3, 6, 5, 2, channels, Activation.RELU);
    }

    private static void assertClose(INDArray actual, INDArray expected, String what) {
        double scale = expected.amaxNumber().doubleValue();
        assertThat(scale).as(what + " is not all zero").isGreaterThan(0.0);
        assertThat(actual.sub(expected).amaxNumber().doubleValue() / scale).as(what).isLessThan(1e-5);
    }

    /**
     * AlexNet's settings (in DL4J's convention) and GoogLeNet-like ones. With a large alpha DL4J's own backward pass
     * drifts from the true gradient (8 % at alpha 0.5), so there {@link #gradientIsTheDerivative} is the check.
     */
    @ParameterizedTest(name = "k={0} n={1} alpha={2} beta={3} channels={4}")
    @CsvSource({"2, 5, 1e-4, 0.75, 9", "1, 5, 2e-5, 0.75, 16"})
    void outputsAndGradientsAreDl4jsOwn(double k, int n, double alpha, double beta, int channels) {
        ComputationGraph dl4j = graph(l -> l, k, n, alpha, beta, channels);
        ComputationGraph fast = graph(FastLrn::of, k, n, alpha, beta, channels);
        try {
            assertThat(fast.getLayer("lrn")).isInstanceOf(FastLrn.Layer.class);
            Nd4j.getRandom().setSeed(6);
            INDArray x = Nd4j.randn(DataType.FLOAT, 4, 2, 6, 5).muli(3);
            INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 3);
            for (int i = 0; i < 4; i++) {
                y.putScalar(i, i % 3, 1f);
            }
            assertClose(fast.feedForward(new INDArray[] {x}, true, false).get("lrn"),
                    dl4j.feedForward(new INDArray[] {x}, true, false).get("lrn"), "training forward");
            assertClose(fast.outputSingle(x), dl4j.outputSingle(x), "inference output");
            assertThat(JavaPassTimes.during(() -> fast.outputSingle(x))).as("inference, an image for each thread")
                    .containsKey("FastLrn forward");
            dl4j.setInputs(x);
            dl4j.setLabels(y);
            dl4j.computeGradientAndScore();
            fast.setInputs(x);
            fast.setLabels(y);
            fast.computeGradientAndScore();
            assertClose(fast.gradient().getGradientFor("conv_W"), dl4j.gradient().getGradientFor("conv_W"),
                    "conv weights' gradient through the normalisation");
            assertClose(fast.gradient().gradient(), dl4j.gradient().gradient(), "all gradients");
        } finally {
            dl4j.close();
            fast.close();
        }
    }

    /** Central differences of sum(y·r) against the backward pass, including a window wider than the channels. */
    @ParameterizedTest(name = "k={0} n={1} alpha={2} beta={3} channels={4}")
    @CsvSource({"1, 3, 0.5, 0.6, 6", "2, 5, 0.3, 0.75, 2", "2, 5, 1e-4, 0.75, 9"})
    void gradientIsTheDerivative(double k, int n, double alpha, double beta, int channels) {
        NativeSetup.configure();
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, channels, 2, 3).muli(2);
        INDArray r = Nd4j.randn(DataType.FLOAT, 2, channels, 2, 3);
        INDArray dx = Nd4j.create(DataType.FLOAT, x.shape());
        FastLrn.backward(x, r, dx, k, n / 2, alpha, beta);
        double h = 1e-2;
        for (int i = 0; i < x.length(); i++) {
            double numeric = (weightedSum(x, i, h, r, k, n, alpha, beta) - weightedSum(x, i, -h, r, k, n, alpha, beta))
                    / (2 * h);
            assertThat(dx.getDouble(i)).as("dx[%d]", i).isCloseTo(numeric, within(
                    2e-4 + 1e-3 * Math.abs(numeric)));
        }
    }

    private static double weightedSum(INDArray x, int i, double step, INDArray r, double k, int n, double alpha,
                                      double beta) {
        INDArray moved = x.dup();
        moved.putScalar(i, x.getDouble(i) + step);
        INDArray y = Nd4j.create(DataType.FLOAT, x.shape());
        FastLrn.forward(moved, y, k, n / 2, alpha, beta);
        return y.mul(r).sumNumber().doubleValue();
    }
}
