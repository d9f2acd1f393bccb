package org.cnnexplorer.engine.layers;

import org.cnnexplorer.engine.natives.NativeSetup;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The small graph in which the Java layers' tests run DL4J's layer and ours side by side: a 3×3 convolution, the
 * layer under test (named {@code name}), global average pooling and a softmax over three classes.
 */
final class LayerUnderTest {
    private LayerUnderTest() {
    }

    static ComputationGraph graph(String name, Layer layer, long seed, int height, int width, int channels,
                                  int convOut, Activation convActivation) {
        return build(name, layer, seed, height, width, channels, new ConvolutionLayer.Builder(3, 3).nOut(convOut)
                .convolutionMode(ConvolutionMode.Same).activation(convActivation).build());
    }

    /** The layer under test reading the network's input itself, then the same pooling and softmax. */
    static ComputationGraph onInput(String name, Layer layer, long seed, int height, int width, int channels) {
        return build(name, layer, seed, height, width, channels, null);
    }

    private static ComputationGraph build(String name, Layer layer, long seed, int height, int width, int channels,
                                          Layer before) {
        NativeSetup.configure();
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(DataType.FLOAT).updater(new Sgd(0.1)).weightInit(WeightInit.RELU).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(height, width, channels));
        if (before != null) {
            b.addLayer("conv", before, "in");
        }
        ComputationGraphConfiguration conf = b.addLayer(name, layer, before != null ? "conv" : "in")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), name)
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "gap")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }
}
