package org.cnnexplorer.dl4j;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
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
        Impl ret = new Impl(conf, dataType);
        ret.setListeners(listeners);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(paramsView);
        ret.setParamTable(initializer().init(conf, paramsView, initializeParams));
        ret.setConf(conf);
        return ret;
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
            // DL4J's "training" path is the one that copies; the activation functions used here do not depend on it.
            return super.activate(training || copyInput, mgr);
        }
    }
}
