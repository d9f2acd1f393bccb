package org.cnnexplorer.engine.layers;

import org.cnnexplorer.engine.natives.NativeSetup;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
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
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The faster batch-norm backward pass gives DL4J's gradients, and trains to DL4J's weights and running statistics. */
class FastBatchNormTest {

    private static ComputationGraph graph(UnaryOperator<BatchNormalization> bn) {
        NativeSetup.configure();
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
                .updater(new Nesterovs(0.1, 0.9)).l2(1e-4).weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(9, 11, 3))
                .addLayer("conv1", new ConvolutionLayer.Builder(3, 3).nOut(8).activation(Activation.IDENTITY).build(),
                        "in")
                .addLayer("bn1", bn.apply(new BatchNormalization.Builder().nOut(8).eps(1e-5).decay(0.9)
                        .useLogStd(false).build()), "conv1")
                .addLayer("conv2", new ConvolutionLayer.Builder(3, 3).nOut(6).activation(Activation.RELU).build(),
                        "bn1")
                .addLayer("bn2", bn.apply(new BatchNormalization.Builder().nOut(6).eps(1e-5).decay(0.9)
                        .useLogStd(false).activation(Activation.RELU).build()), "conv2")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "bn2")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(5)
                        .activation(Activation.SOFTMAX).build(), "gap")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    private static MultiDataSet batch(long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.FLOAT, 7, 3, 9, 11).muli(2).addi(0.5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 7, 5);
        for (int i = 0; i < 7; i++) {
            y.putScalar(i, (i * 3) % 5, 1f);
        }
        return new MultiDataSet(new INDArray[] {x}, new INDArray[] {y});
    }

    private static void assertClose(INDArray actual, INDArray expected, String what) {
        double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
        double diff = actual.sub(expected).amaxNumber().doubleValue();
        assertThat(diff / scale).as(what + ": max difference %s at scale %s", diff, scale).isLessThan(1e-4);
    }

    /** conv1's bias is left out: before a batch norm its true gradient is zero, and both sides give only noise. */
    @Test
    void gradientsAreDl4jsOwn() {
        ComputationGraph dl4j = graph(b -> b);
        ComputationGraph fast = graph(FastBatchNorm::of);
        try {
            assertThat(fast.getLayer("bn1")).isInstanceOf(FastBatchNorm.Layer.class);
            assertThat(dl4j.getLayer("bn1")).isNotInstanceOf(FastBatchNorm.Layer.class);
            assertThat(fast.params()).isEqualTo(dl4j.params());
            MultiDataSet data = batch(3);
            dl4j.setInputs(data.getFeatures());
            dl4j.setLabels(data.getLabels());
            dl4j.computeGradientAndScore();
            fast.setInputs(data.getFeatures());
            fast.setLabels(data.getLabels());
            fast.computeGradientAndScore();
            for (String p : new String[] {"bn1_gamma", "bn1_beta", "bn2_gamma", "bn2_beta", "conv1_W", "conv2_W",
                    "conv2_b", "bn1_mean", "bn1_var"}) {
                INDArray expected = dl4j.gradient().getGradientFor(p);
                assertThat(expected.amaxNumber().doubleValue()).as(p + " has a gradient").isGreaterThan(0.0);
                assertClose(fast.gradient().getGradientFor(p), expected, p);
            }
            assertClose(fast.gradient().gradient(), dl4j.gradient().gradient(), "all gradients");
        } finally {
            dl4j.close();
            fast.close();
        }
    }

    @Test
    void trainsToDl4jsWeightsAndRunningStatistics() {
        ComputationGraph dl4j = graph(b -> b);
        ComputationGraph fast = graph(FastBatchNorm::of);
        try {
            for (int step = 0; step < 5; step++) {
                MultiDataSet data = batch(10 + step);
                dl4j.fit(data);
                fast.fit(data);
            }
            assertClose(fast.getLayer("bn1").getParam("mean"), dl4j.getLayer("bn1").getParam("mean"), "running mean");
            assertClose(fast.getLayer("bn2").getParam("var"), dl4j.getLayer("bn2").getParam("var"), "running var");
            assertClose(fast.params(), dl4j.params(), "weights after 5 steps");
            INDArray x = batch(99).getFeatures()[0];
            assertClose(fast.outputSingle(x), dl4j.outputSingle(x), "inference output");
            assertThat(JavaPassTimes.during(() -> fast.outputSingle(x))).as("inference in its own pass")
                    .containsKey("FastBatchNorm inference");
        } finally {
            dl4j.close();
            fast.close();
        }
    }

    /**
     * conv → batch norm → ReLU, DL4J's layers against ours with the ReLU computing the batch norm's sums. Planes of
     * 20×23 values (not a multiple of four) and more values than a ReLU slice holds.
     */
    private static ComputationGraph bnRelu(boolean ours) {
        NativeSetup.configure();
        BatchNormalization bn = new BatchNormalization.Builder().nOut(8).eps(1e-5).decay(0.9).useLogStd(false)
                .build();
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT)
                .updater(new Nesterovs(0.1, 0.9)).weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(20, 23, 3))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(8).activation(Activation.IDENTITY)
                        .build(), "in")
                .addLayer("bn", ours ? FastBatchNorm.of(bn) : bn, "conv")
                .addLayer("relu", ours ? new ActivationVertexLayer(Activation.RELU)
                        : new ActivationLayer(Activation.RELU), "bn")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "relu")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(5)
                        .activation(Activation.SOFTMAX).build(), "gap")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        if (ours) {
            ActivationVertexLayer.fuseWithBatchNorms(g);
        }
        return g;
    }

    @Test
    void reluFusedWithTheBatchNormGivesDl4jsGradients() {
        ComputationGraph dl4j = bnRelu(false);
        ComputationGraph fast = bnRelu(true);
        try {
            Nd4j.getRandom().setSeed(21);
            INDArray x = Nd4j.randn(DataType.FLOAT, 9, 3, 20, 23).muli(2).addi(0.5);
            INDArray y = Nd4j.zeros(DataType.FLOAT, 9, 5);
            for (int i = 0; i < 9; i++) {
                y.putScalar(i, (i * 2) % 5, 1f);
            }
            dl4j.setInputs(x);
            dl4j.setLabels(y);
            dl4j.computeGradientAndScore();
            fast.setInputs(x);
            fast.setLabels(y);
            Map<String, double[]> passes = JavaPassTimes.during(fast::computeGradientAndScore);
            assertThat(passes).as("oneDNN's backward pass ran").containsKeys("FastBatchNorm backward",
                    "ReLU backward");
            assertThat(passes).as("the batch norm applied the ReLU").containsKey("FastBatchNorm forward + ReLU")
                    .doesNotContainKey("ReLU forward");
            assertThat(fast.score()).as("loss").isCloseTo(dl4j.score(), within(1e-5 * Math.abs(dl4j.score())));
            for (String p : new String[] {"bn_gamma", "bn_beta", "conv_W", "bn_mean", "bn_var"}) {
                INDArray expected = dl4j.gradient().getGradientFor(p);
                assertThat(expected.amaxNumber().doubleValue()).as(p + " has a gradient").isGreaterThan(0.0);
                assertClose(fast.gradient().getGradientFor(p), expected, p);
            }
            for (int step = 0; step < 3; step++) {
                MultiDataSet data = new MultiDataSet(new INDArray[] {x.mul(1 + step)}, new INDArray[] {y});
                dl4j.fit(data);
                fast.fit(data);
            }
            assertClose(fast.params(), dl4j.params(), "weights after 3 steps");
        } finally {
            dl4j.close();
            fast.close();
        }
    }
}
