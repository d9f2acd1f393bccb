package org.cnnexplorer.engine.layers;

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
 * DL4J's max pooling, trained here for NCHW float activations: each window's maximum forward, and backward its
 * gradient to the first position holding that maximum, as the forward pass found it. libnd4j's oneDNN
 * maxpool2d_bp runs the forward pooling again to rebuild oneDNN's index workspace, and on mini-vgg cost 30x
 * PyTorch's backward (peer bench --profile). Other pooling kinds and formats are DL4J's own.
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
         * Where the last training forward pass found each window's maximum, and the input it searched: the backward
         * pass on that same input scatters through them instead of searching again.
         */
        private int[] maxima = new int[0];
        private INDArray maximaOf;

        Layer(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        /**
         * The training forward pass too: libnd4j's maxpool2d took 24 ms a call on mini-googlenet's ceil-mode pools at
         * batch 64. Inference keeps oneDNN's, which uses every thread and was as fast at batch 1.
         */
        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
            maximaOf = null;
            if (!training || !fast() || !plain(input)) {
                return super.activate(training, mgr);
            }
            assertInputSet(false);
            long start = JavaPassTimes.start();
            SubsamplingLayer c = layerConf();
            int[] out = ConvolutionUtils.getOutputSize(input, c.getKernelSize(), c.getStride(),
                    c.getConvolutionMode() == ConvolutionMode.Same ? null : c.getPadding(), c.getConvolutionMode(),
                    c.getDilation());
            INDArray y = mgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
                    new long[] {input.size(0), input.size(1), out[0], out[1]}, 'c');
            int n = (int) y.length();
            float[] xs = JavaLayers.read(input, 0);
            findMaxima(xs, out[0], out[1]);
            float[] ys = JavaLayers.array(1, n);
            for (int o = 0; o < n; o++) {
                ys[o] = xs[maxima[o]];
            }
            JavaLayers.write(ys, y);
            maximaOf = input;
            JavaPassTimes.stop("FastMaxPool forward", start);
            return y;
        }

        /** Each window's gradient goes to the first position holding its maximum. */
        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
            if (!fast() || !plain(input) || !plain(epsilon)) {
                return super.backpropGradient(epsilon, mgr);
            }
            assertInputSet(true);
            long start = JavaPassTimes.start();
            int outH = (int) epsilon.size(2);
            int outW = (int) epsilon.size(3);
            if (maximaOf != input) {
                findMaxima(JavaLayers.read(input, 0), outH, outW);
            }
            maximaOf = null;
            INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
            float[] dxs = JavaLayers.array(2, (int) dx.length());
            Arrays.fill(dxs, 0, (int) dx.length(), 0f);
            float[] dy = JavaLayers.read(epsilon, 1);
            for (int o = 0, n = (int) epsilon.length(); o < n; o++) {
                dxs[maxima[o]] += dy[o];
            }
            JavaLayers.write(dxs, dx);
            JavaPassTimes.stop("FastMaxPool backward", start);
            return new Pair<>(new DefaultGradient(), dx);
        }

        private void findMaxima(float[] x, int outH, int outW) {
            SubsamplingLayer c = layerConf();
            int planes = (int) (input.size(0) * input.size(1));
            if (maxima.length < planes * outH * outW) {
                maxima = new int[planes * outH * outW];
            }
            int inH = (int) input.size(2);
            int inW = (int) input.size(3);
            int[] kernel = c.getKernelSize();
            int[] stride = c.getStride();
            int[] pad = padding(outH, outW);
            int[] first = maxima;
            JavaLayers.forEachPart(planes, (from, to) ->
                    firstMaxima(x, first, from, to, inH, inW, outH, outW, kernel, stride, pad));
        }

        private boolean fast() {
            SubsamplingLayer c = layerConf();
            return c.getPoolingType() == org.deeplearning4j.nn.conf.layers.PoolingType.MAX
                    && c.getCnn2dDataFormat() == CNN2DFormat.NCHW && c.getDilation()[0] == 1
                    && c.getDilation()[1] == 1;
        }

        /** Top and left padding: DL4J's for Same mode, else the configured one. */
        private int[] padding(int outH, int outW) {
            SubsamplingLayer c = layerConf();
            return c.getConvolutionMode() == ConvolutionMode.Same
                    ? ConvolutionUtils.getSameModeTopLeftPadding(new int[] {outH, outW},
                            new int[] {(int) input.size(2), (int) input.size(3)}, c.getKernelSize(), c.getStride(),
                            c.getDilation())
                    : c.getPadding();
        }

        private static boolean plain(INDArray a) {
            return JavaLayers.plain(a) && a.rank() == 4;
        }
    }

    /**
     * For every output of the planes [from, to), the index into {@code x} of the first position holding its window's
     * maximum. Each comparison only picks an index, which the JIT compiles to a conditional move: an if that also
     * kept the maximum left it a branch, which random values mispredicted, and mini-vgg's and mini-resnet's 2×2
     * pools took 2-3x as long (mini-googlenet's 3×3 pools about the same).
     */
    private static void firstMaxima(float[] x, int[] first, int from, int to, int inH, int inW, int outH, int outW,
                                    int[] kernel, int[] stride, int[] pad) {
        for (int p = from; p < to; p++) {
            int in = p * inH * inW;
            int out = p * outH * outW;
            for (int oh = 0; oh < outH; oh++) {
                int h0 = Math.max(0, oh * stride[0] - pad[0]);
                int h1 = Math.min(inH, oh * stride[0] - pad[0] + kernel[0]);
                for (int ow = 0; ow < outW; ow++) {
                    int w0 = Math.max(0, ow * stride[1] - pad[1]);
                    int w1 = Math.min(inW, ow * stride[1] - pad[1] + kernel[1]);
                    int best = in + h0 * inW + w0;
                    for (int h = h0; h < h1; h++) {
                        for (int w = w0; w < w1; w++) {
                            int i = in + h * inW + w;
                            best = x[i] > x[best] ? i : best;
                        }
                    }
                    first[out + oh * outW + ow] = best;
                }
            }
        }
    }
}
