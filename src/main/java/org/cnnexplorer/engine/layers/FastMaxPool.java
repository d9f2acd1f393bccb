package org.cnnexplorer.engine.layers;

import org.bytedeco.javacpp.BytePointer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Collection;

/**
 * DL4J's max pooling through oneDNN itself ({@link DnnlPool}) for NCHW float activations: forward, and backward to
 * the position of each window's maximum as the forward pass found it. libnd4j's oneDNN maxpool2d_bp runs the forward
 * pooling again to rebuild oneDNN's index workspace, and on mini-vgg cost 30x PyTorch's backward; its maxpool2d took
 * 24 ms a call on mini-googlenet's ceil-mode pools at batch 64 (peer bench --profile). Other pooling kinds and
 * formats are DL4J's own.
 */
public final class FastMaxPool extends SubsamplingLayer {

    public FastMaxPool(SubsamplingLayer.Builder builder) {
        super(builder);
    }

    /** For clone() and Jackson. */
    private FastMaxPool() {
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> listeners, int layerIndex,
                                                       INDArray params, boolean initialize, DataType dataType) {
        return JavaLayers.wire(new Layer(conf, dataType), this, conf, listeners, layerIndex, params, initialize);
    }

    static final class Layer extends org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer {
        /**
         * Where the last training forward pass found each window's maximum (oneDNN's workspace), and the input it
         * searched: the backward pass on that same input scatters through it instead of pooling again.
         */
        private BytePointer maxima;
        private INDArray maximaOf;

        Layer(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
            maximaOf = null;
            DnnlPool.Geometry g = geometry();
            if (g == null) {
                return super.activate(training, mgr);
            }
            assertInputSet(false);
            long start = JavaPassTimes.start();
            INDArray y = mgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
                    new long[] {g.n(), g.channels(), g.outH(), g.outW()}, 'c');
            DnnlPool.Plan plan = DnnlPool.plan(g);
            if (training) {
                plan.training(Dnnl.address(input), Dnnl.address(y), workspace(plan));
                maximaOf = input;
            } else {
                plan.inference(Dnnl.address(input), Dnnl.address(y));
            }
            JavaPassTimes.stop(training ? "FastMaxPool forward" : "FastMaxPool inference", start);
            return y;
        }

        /** Each window's gradient goes to the position of its maximum. */
        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
            DnnlPool.Geometry g = geometry();
            if (g == null || epsilon == null || epsilon.dataType() != DataType.FLOAT
                    || !Arrays.equals(epsilon.shape(), new long[] {g.n(), g.channels(), g.outH(), g.outW()})) {
                return super.backpropGradient(epsilon, mgr);
            }
            assertInputSet(true);
            long start = JavaPassTimes.start();
            DnnlPool.Plan plan = DnnlPool.plan(g);
            if (maximaOf != input) {
                INDArray again = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT, epsilon.shape(),
                        'c');
                plan.training(Dnnl.address(input), Dnnl.address(again), workspace(plan));
            }
            maximaOf = null;
            INDArray dy = Dnnl.dense(epsilon) ? epsilon : mgr.dup(ArrayType.BP_WORKING_MEM, epsilon, 'c');
            INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
            plan.backward(Dnnl.address(dy), Dnnl.address(dx), maxima.address());
            JavaPassTimes.stop("FastMaxPool backward", start);
            return new Pair<>(new DefaultGradient(), dx);
        }

        /** The workspace's address, grown to the plan's size. */
        private long workspace(DnnlPool.Plan plan) {
            if (maxima == null || maxima.capacity() < plan.workspaceBytes()) {
                if (maxima != null) {
                    maxima.close();
                }
                maxima = new BytePointer(plan.workspaceBytes());
            }
            return maxima.address();
        }

        /** The pooling's geometry where oneDNN computes it here, else null. */
        private DnnlPool.Geometry geometry() {
            SubsamplingLayer c = layerConf();
            if (!Dnnl.available() || !Dnnl.dense(input) || input.rank() != 4
                    || c.getPoolingType() != org.deeplearning4j.nn.conf.layers.PoolingType.MAX
                    || c.getCnn2dDataFormat() != CNN2DFormat.NCHW || c.getDilation()[0] != 1
                    || c.getDilation()[1] != 1) {
                return null;
            }
            int[] out = ConvolutionUtils.getOutputSize(input, c.getKernelSize(), c.getStride(),
                    c.getConvolutionMode() == ConvolutionMode.Same ? null : c.getPadding(), c.getConvolutionMode(),
                    c.getDilation());
            int inH = (int) input.size(2);
            int inW = (int) input.size(3);
            int[] k = c.getKernelSize();
            int[] s = c.getStride();
            int[] pad = c.getConvolutionMode() == ConvolutionMode.Same
                    ? ConvolutionUtils.getSameModeTopLeftPadding(out, new int[] {inH, inW}, k, s, c.getDilation())
                    : c.getPadding();
            // how far the last window reaches past the input at the bottom and right; where it stops short
            // (Truncate mode dropping the last rows), no padding
            int bottom = Math.max(0, (out[0] - 1) * s[0] + k[0] - inH - pad[0]);
            int right = Math.max(0, (out[1] - 1) * s[1] + k[1] - inW - pad[1]);
            return new DnnlPool.Geometry((int) input.size(0), (int) input.size(1), inH, inW, out[0], out[1], k[0],
                    k[1], s[0], s[1], pad[0], pad[1], bottom, right);
        }
    }
}
