package org.cnnexplorer.engine.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
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

    /**
     * Fuses each ReLU that alone reads a batch norm's output with that batch norm: in training, the batch norm's
     * forward pass applies the ReLU too, and the ReLU hands that output on as its own. Run once on a graph built
     * from these layers; without it every layer computes its own passes.
     */
    public static void fuseWithBatchNorms(ComputationGraph graph) {
        GraphVertex[] vertices = graph.getVertices();
        for (GraphVertex v : vertices) {
            VertexIndices[] inputs = v.getInputVertices();
            if (v.hasLayer() && v.getLayer() instanceof Impl relu && inputs != null
                    && inputs.length == 1) {
                GraphVertex before = vertices[inputs[0].getVertexIndex()];
                if (before.hasLayer() && before.getLayer() instanceof FastBatchNorm.Layer bn
                        && before.getOutputVertices().length == 1) {
                    relu.followBatchNorm(bn);
                    bn.rectifyWhile(() -> !relu.copyInput);
                }
            }
        }
    }

    public static final class Impl extends org.deeplearning4j.nn.layers.ActivationLayer {
        private volatile boolean copyInput;
        /** The batch norm whose output only this layer reads, when the graph was built with them fused. */
        private FastBatchNorm.Layer batchNormBefore;

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        public void setCopyInput(boolean copy) {
            this.copyInput = copy;
        }

        /**
         * In training, after a fused batch norm that already applied this ReLU, its output as is: the backward pass
         * masks by it, and max(0, y) &gt; 0 exactly where y &gt; 0.
         */
        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
            if (training && !copyInput && batchNormBefore != null && batchNormBefore.rectified(input)) {
                assertInputSet(false);
                return input;
            }
            if ((training || copyInput) && isPlainRelu(input) && Dnnl.available()) {
                assertInputSet(false);
                long start = JavaPassTimes.start();
                INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, input.shape(), 'c');
                DnnlRelu.plan(input.length()).forward(Dnnl.address(input), Dnnl.address(out));
                JavaPassTimes.stop("ReLU forward", start);
                return out;
            }
            // DL4J's "training" path is the one that copies; the activation functions used here do not depend on it.
            return super.activate(training || copyInput, mgr);
        }

        /** Makes this ReLU hand on its batch norm's rectified output as its own (see #fuseWithBatchNorms). */
        void followBatchNorm(FastBatchNorm.Layer batchNorm) {
            this.batchNormBefore = batchNorm;
        }

        /**
         * ReLU's backward pass through oneDNN ({@link DnnlRelu}): DL4J copies the input and then runs libnd4j's
         * relu_bp, together 6x PyTorch's threshold_backward on resnet20 (peer bench --profile). After a batch norm that
         * applied this ReLU in its forward pass, the input is that batch norm's rectified output: its values are
         * positive exactly where the batch norm's were, so the same mask holds.
         */
        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
            if (!isPlainRelu(input) || !Dnnl.dense(epsilon) || !Dnnl.available()) {
                return super.backpropGradient(epsilon, mgr);
            }
            assertInputSet(true);
            long start = JavaPassTimes.start();
            INDArray out = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
            DnnlRelu.plan(input.length()).backward(Dnnl.address(input), Dnnl.address(epsilon), Dnnl.address(out));
            JavaPassTimes.stop("ReLU backward", start);
            return new Pair<>(new DefaultGradient(), out);
        }

        private boolean isPlainRelu(INDArray a) {
            return layerConf().getActivationFn() instanceof ActivationReLU r && r.getMax() == null
                    && r.getThreshold() == null && r.getNegativeSlope() == null && Dnnl.dense(a);
        }
    }
}
