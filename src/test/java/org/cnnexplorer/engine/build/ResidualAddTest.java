package org.cnnexplorer.engine.build;

import org.cnnexplorer.engine.natives.NativeSetup;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.assertj.core.api.Assertions.assertThat;

/** The residual sum gives DL4J's element-wise Add's outputs, gradients and weights after training. */
class ResidualAddTest {

    /** x = relu(conv(in)); out = relu(conv(relu(conv(x))) + x): x is read by the branch and by the sum. */
    private static ComputationGraph block(GraphVertex add) {
        NativeSetup.configure();
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT)
                .updater(new Sgd(0.05)).weightInit(WeightInit.RELU).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(9, 9, 2))
                .addLayer("stem", conv(), "in")
                .addLayer("x", new ActivationLayer(Activation.RELU), "stem")
                .addLayer("a", conv(), "x")
                .addLayer("ra", new ActivationLayer(Activation.RELU), "a")
                .addLayer("b", conv(), "ra")
                .addVertex("sum", add, "b", "x")
                .addLayer("out1", new ActivationLayer(Activation.RELU), "sum")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "out1")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "gap")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    private static ConvolutionLayer conv() {
        return new ConvolutionLayer.Builder(3, 3).nOut(4).convolutionMode(ConvolutionMode.Same)
                .activation(Activation.IDENTITY).build();
    }

    @Test
    void gradientsAndTrainedWeightsAreDl4jsOwn() {
        ComputationGraph dl4j = block(new ElementWiseVertex(ElementWiseVertex.Op.Add));
        ComputationGraph ours = block(new ResidualAdd());
        try {
            assertThat(ours.getVertex("sum")).isInstanceOf(ResidualAdd.Impl.class);
            Nd4j.getRandom().setSeed(4);
            INDArray x = Nd4j.randn(DataType.FLOAT, 5, 2, 9, 9);
            INDArray y = Nd4j.zeros(DataType.FLOAT, 5, 3);
            for (int i = 0; i < 5; i++) {
                y.putScalar(i, i % 3, 1f);
            }
            assertThat(ours.outputSingle(x)).isEqualTo(dl4j.outputSingle(x));
            dl4j.setInputs(x);
            dl4j.setLabels(y);
            dl4j.computeGradientAndScore();
            ours.setInputs(x);
            ours.setLabels(y);
            ours.computeGradientAndScore();
            INDArray expected = dl4j.gradient().gradient();
            assertThat(dl4j.gradient().getGradientFor("stem_W").amaxNumber().doubleValue()).isGreaterThan(0.0);
            assertThat(ours.gradient().gradient().sub(expected).amaxNumber().doubleValue())
                    .isLessThanOrEqualTo(1e-6 * expected.amaxNumber().doubleValue());
            for (int step = 0; step < 3; step++) {
                MultiDataSet data = new MultiDataSet(new INDArray[] {x.mul(step + 1)}, new INDArray[] {y});
                dl4j.fit(data);
                ours.fit(data);
            }
            assertThat(ours.params().sub(dl4j.params()).amaxNumber().doubleValue()).isLessThan(1e-5);
        } finally {
            dl4j.close();
            ours.close();
        }
    }

    @Test
    void survivesAModelFilesJson() {
        ComputationGraph g = block(new ResidualAdd());
        try {
            ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(g.getConfiguration().toJson());
            assertThat(back.getVertices().get("sum")).isInstanceOf(ResidualAdd.class);
        } finally {
            g.close();
        }
    }
}
