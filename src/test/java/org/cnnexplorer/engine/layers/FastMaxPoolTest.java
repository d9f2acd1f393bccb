package org.cnnexplorer.engine.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The faster max pooling gives DL4J's outputs and gradients for the window shapes the catalog uses. */
class FastMaxPoolTest {

    private static ComputationGraph graph(Function<SubsamplingLayer.Builder, SubsamplingLayer> pool, int k, int s,
                                          int p, ConvolutionMode mode) {
        return LayerUnderTest.graph("pool", pool.apply(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(k, k)
                .stride(s, s).padding(p, p).convolutionMode(mode)), 5, 13, 11, 2, 4, Activation.IDENTITY);
    }

    @ParameterizedTest(name = "{0}x{0}/{1} pad {2} {3}")
    @CsvSource({"2, 2, 0, Truncate", "3, 2, 0, Truncate", "3, 2, 1, Truncate", "3, 2, 0, Same", "1, 2, 0, Truncate",
            "3, 1, 1, Truncate"})
    void gradientsAreDl4jsOwn(int k, int s, int p, ConvolutionMode mode) {
        ComputationGraph dl4j = graph(SubsamplingLayer.Builder::build, k, s, p, mode);
        ComputationGraph fast = graph(FastMaxPool::new, k, s, p, mode);
        try {
            assertThat(fast.getLayer("pool")).isInstanceOf(FastMaxPool.Layer.class);
            Nd4j.getRandom().setSeed(8);
            INDArray x = Nd4j.randn(DataType.FLOAT, 3, 2, 13, 11);
            INDArray y = Nd4j.zeros(DataType.FLOAT, 3, 3);
            for (int i = 0; i < 3; i++) {
                y.putScalar(i, i, 1f);
            }
            assertThat(fast.outputSingle(x)).isEqualTo(dl4j.outputSingle(x));
            assertThat(fast.feedForward(new INDArray[] {x}, true, false).get("pool"))
                    .isEqualTo(dl4j.feedForward(new INDArray[] {x}, true, false).get("pool"));
            dl4j.setInputs(x);
            dl4j.setLabels(y);
            dl4j.computeGradientAndScore();
            fast.setInputs(x);
            fast.setLabels(y);
            assertThat(JavaPassTimes.during(fast::computeGradientAndScore)).as("oneDNN's passes ran")
                    .containsKeys("FastMaxPool forward", "FastMaxPool backward");
            INDArray expected = dl4j.gradient().gradient();
            assertThat(dl4j.gradient().getGradientFor("conv_W").amaxNumber().doubleValue()).isGreaterThan(0.0);
            double diff = fast.gradient().gradient().sub(expected).amaxNumber().doubleValue();
            assertThat(diff).isLessThanOrEqualTo(1e-6 * expected.amaxNumber().doubleValue());
        } finally {
            dl4j.close();
            fast.close();
        }
    }

    /** The backward pass reuses the forward pass's maxima only for the input that pass searched. */
    @Test
    void aBackwardPassAfterTheInputChangedSearchesTheNewInput() {
        ComputationGraph dl4j = graph(SubsamplingLayer.Builder::build, 3, 2, 0, ConvolutionMode.Truncate);
        ComputationGraph fast = graph(FastMaxPool::new, 3, 2, 0, ConvolutionMode.Truncate);
        try {
            LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
            Nd4j.getRandom().setSeed(9);
            INDArray a = Nd4j.randn(DataType.FLOAT, 2, 4, 13, 11);
            INDArray b = Nd4j.randn(DataType.FLOAT, 2, 4, 13, 11);
            INDArray eps = Nd4j.randn(DataType.FLOAT, 2, 4, 6, 5);
            Layer pool = fast.getLayer("pool");
            pool.setInput(a, mgr);
            pool.activate(true, mgr);
            pool.setInput(b, mgr);
            INDArray afterChange = pool.backpropGradient(eps, mgr).getSecond();
            Layer reference = dl4j.getLayer("pool");
            reference.setInput(b, mgr);
            reference.activate(true, mgr);
            INDArray expected = reference.backpropGradient(eps, mgr).getSecond();
            assertThat(afterChange).isEqualTo(expected);
            pool.setInput(a, mgr);
            pool.activate(true, mgr);
            reference.setInput(a, mgr);
            reference.activate(true, mgr);
            assertThat(pool.backpropGradient(eps, mgr).getSecond())
                    .isEqualTo(reference.backpropGradient(eps, mgr).getSecond());
        } finally {
            dl4j.close();
            fast.close();
        }
    }
}
