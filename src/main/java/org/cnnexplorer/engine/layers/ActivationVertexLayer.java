package org.cnnexplorer.engine.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * DL4J's activation layer (ReLU, sigmoid, softmax as separate catalog layers), except that it can be told to leave
 * its input alone. At inference DL4J applies the function in place on the previous layer's output, so a
 * forward pass that keeps every activation would show conv outputs already ReLU'd. {@link Impl#copyInput} is
 * switched on only while all activations are collected: plain inference keeps the cheaper in-place path.
 */
public class ActivationVertexLayer extends ActivationLayer {

    public ActivationVertexLayer(Activation activation) {
        super(activation);
    }

    /** For clone() and Jackson. */
    protected ActivationVertexLayer() {
        super(Activation.IDENTITY);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        return JavaLayers.wire(new Impl(conf, dataType), this, conf, listeners, layerIndex, paramsView,
                initializeParams);
    }

    public static final class Impl extends org.deeplearning4j.nn.layers.ActivationLayer {
        private volatile boolean copyInput;

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        public void setCopyInput(boolean copy) {
            this.copyInput = copy;
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
            if ((training || copyInput) && isPlainRelu(input)) {
                assertInputSet(false);
                long start = JavaPassTimes.start();
                INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, input.shape(), 'c');
                float[] in = JavaLayers.read(input, 0);
                for (int i = 0, n = (int) input.length(); i < n; i++) {
                    in[i] = Math.max(0f, in[i]);
                }
                JavaLayers.write(in, out);
                JavaPassTimes.stop("ReLU forward", start);
                return out;
            }
            // DL4J's "training" path is the one that copies; the activation functions used here do not depend on it.
            return super.activate(training || copyInput, mgr);
        }

        /**
         * ReLU's backward pass in one pass over the arrays: DL4J copies the input and then runs libnd4j's relu_bp,
         * together 6x PyTorch's threshold_backward on resnet20 (peer bench --profile).
         */
        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
            if (!isPlainRelu(input) || !JavaLayers.plain(epsilon)) {
                return super.backpropGradient(epsilon, mgr);
            }
            assertInputSet(true);
            long start = JavaPassTimes.start();
            INDArray out = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
            float[] in = JavaLayers.read(input, 0);
            float[] eps = JavaLayers.read(epsilon, 1);
            for (int i = 0, n = (int) input.length(); i < n; i++) {
                // all ones where the input's bits are a positive int (x > 0, or a positive NaN), else zero: without
                // a branch, which random signs mispredicted half the time (7x slower)
                int b = Float.floatToRawIntBits(in[i]);
                eps[i] = Float.intBitsToFloat(Float.floatToRawIntBits(eps[i]) & ((~b & -b) >> 31));
            }
            JavaLayers.write(eps, out);
            JavaPassTimes.stop("ReLU backward", start);
            return new Pair<>(new DefaultGradient(), out);
        }

        private boolean isPlainRelu(INDArray a) {
            return layerConf().getActivationFn() instanceof ActivationReLU r && r.getMax() == null
                    && r.getThreshold() == null && r.getNegativeSlope() == null && JavaLayers.plain(a);
        }
    }
}
