package org.cnnexplorer.engine.layers;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Collection;

/**
 * DL4J's convolution, computed through oneDNN directly ({@link DnnlConv}) for the layers the catalog builds: NCHW
 * float, symmetric padding (Truncate mode), no dilation, identity activation, no dropout or weight noise. Anything
 * else, and any input DL4J would reject, goes to DL4J's own layer and its messages.
 */
public final class FastConv extends ConvolutionLayer {
    /**
     * False for a layer that reads the network's input: its input gradient feeds nothing, and the backward pass
     * skips it (on mini-resnet's first convolution that was two thirds of its backward time).
     */
    private boolean inputGradient = true;

    public FastConv(ConvolutionLayer.Builder builder, boolean inputGradient) {
        super(builder);
        this.inputGradient = inputGradient;
    }

    /** For clone() and Jackson. */
    private FastConv() {
    }

    public boolean isInputGradient() {
        return inputGradient;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> listeners, int layerIndex,
                                                       INDArray params, boolean initialize, DataType dataType) {
        return JavaLayers.wire(new Layer(conf, dataType), this, conf, listeners, layerIndex, params, initialize);
    }

    static final class Layer extends org.deeplearning4j.nn.layers.convolution.ConvolutionLayer {

        Layer(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
            DnnlConv.Geometry g = geometry(input);
            if (g == null) {
                return super.activate(training, mgr);
            }
            long start = JavaPassTimes.start();
            INDArray y = mgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
                    new long[] {g.batch(), g.out(), g.outH(), g.outW()}, 'c');
            INDArray bias = g.bias() ? getParam(ConvolutionParamInitializer.BIAS_KEY) : null;
            DnnlConv.plan(g).forward(Dnnl.address(input), weights(), bias == null ? 0 : Dnnl.address(bias),
                    Dnnl.address(y));
            JavaPassTimes.stop("oneDNN convolution forward", start);
            return y;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
            DnnlConv.Geometry g = geometry(input);
            if (g == null || epsilon == null || epsilon.dataType() != DataType.FLOAT
                    || !Arrays.equals(epsilon.shape(), new long[] {g.batch(), g.out(), g.outH(), g.outW()})) {
                return super.backpropGradient(epsilon, mgr);
            }
            long start = JavaPassTimes.start();
            INDArray dy = Dnnl.dense(epsilon) ? epsilon : mgr.dup(ArrayType.BP_WORKING_MEM, epsilon, 'c');
            INDArray dw = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
            INDArray db = g.bias() ? gradientViews.get(ConvolutionParamInitializer.BIAS_KEY) : null;
            boolean needed = ((FastConv) layerConf()).isInputGradient();
            INDArray dx = needed
                    ? mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c') : null;
            DnnlConv.plan(g).backward(Dnnl.address(input), weights(), Dnnl.address(dy),
                    dx == null ? 0 : Dnnl.address(dx), Dnnl.address(dw), db == null ? 0 : Dnnl.address(db));
            Gradient gradient = new DefaultGradient();
            if (db != null) {
                gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, db);
            }
            gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, dw, 'c');
            JavaPassTimes.stop("oneDNN convolution backward", start);
            return new Pair<>(gradient, dx);
        }

        private long weights() {
            return Dnnl.address(getParam(ConvolutionParamInitializer.WEIGHT_KEY));
        }

        /** The convolution's geometry where oneDNN computes it here, else null. */
        private DnnlConv.Geometry geometry(INDArray x) {
            ConvolutionLayer c = layerConf();
            if (!Dnnl.available() || !Dnnl.dense(x) || x.rank() != 4 || x.dataType() != DataType.FLOAT
                    || c.getCnn2dDataFormat() != CNN2DFormat.NCHW || c.getDilation()[0] != 1
                    || c.getDilation()[1] != 1 || !(c.getConvolutionMode() == ConvolutionMode.Truncate
                    || c.getConvolutionMode() == ConvolutionMode.Strict)
                    || !(c.getActivationFn() instanceof ActivationIdentity) || c.getIDropout() != null
                    || c.getWeightNoise() != null || x.size(1) != c.getNIn()) {
                return null;
            }
            int[] k = c.getKernelSize();
            int[] s = c.getStride();
            int[] p = c.getPadding();
            DnnlConv.Geometry g = new DnnlConv.Geometry((int) x.size(0), (int) c.getNIn(), (int) c.getNOut(),
                    (int) x.size(2), (int) x.size(3), k[0], k[1], s[0], s[1], p[0], p[1], hasBias());
            boolean exact = (g.h() + 2 * p[0] - k[0]) % s[0] == 0 && (g.w() + 2 * p[1] - k[1]) % s[1] == 0;
            boolean fits = g.outH() > 0 && g.outW() > 0 && g.h() + 2 * p[0] >= k[0] && g.w() + 2 * p[1] >= k[1];
            return fits && (exact || c.getConvolutionMode() == ConvolutionMode.Truncate) ? g : null;
        }
    }
}
