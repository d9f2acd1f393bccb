package org.cnnexplorer.engine.layers;

import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalog's ReLU layer computes exactly what DL4J's activation layer does, forward and backward. */
class ReluLayerTest {

    private static ComputationGraph graph(Supplier<Layer> relu) {
        return LayerUnderTest.graph("relu", relu.get(), 11, 7, 9, 2, 5, Activation.IDENTITY);
    }

    @Test
    void forwardAndGradientsAreDl4jsOwn() {
        ComputationGraph dl4j = graph(() -> new ActivationLayer(Activation.RELU));
        ComputationGraph ours = graph(() -> new ActivationVertexLayer(Activation.RELU));
        try {
            Nd4j.getRandom().setSeed(4);
            INDArray x = Nd4j.randn(DataType.FLOAT, 5, 2, 7, 9);
            INDArray y = Nd4j.zeros(DataType.FLOAT, 5, 3);
            for (int i = 0; i < 5; i++) {
                y.putScalar(i, i % 3, 1f);
            }
            Map<String, INDArray> a = dl4j.feedForward(new INDArray[] {x}, true, false);
            Map<String, INDArray> b = ours.feedForward(new INDArray[] {x}, true, false);
            assertThat(a.get("conv").minNumber().doubleValue()).as("some inputs are negative").isLessThan(0.0);
            assertThat(b.get("relu")).isEqualTo(a.get("relu"));
            assertThat(b.get("conv")).as("the layer's input is left alone").isEqualTo(a.get("conv"));

            dl4j.setInputs(x);
            dl4j.setLabels(y);
            dl4j.computeGradientAndScore();
            ours.setInputs(x);
            ours.setLabels(y);
            ours.computeGradientAndScore();
            assertThat(dl4j.gradient().getGradientFor("conv_W").amaxNumber().doubleValue()).isGreaterThan(0.0);
            assertThat(ours.gradient().gradient()).isEqualTo(dl4j.gradient().gradient());
        } finally {
            dl4j.close();
            ours.close();
        }
    }
}
