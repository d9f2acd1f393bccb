package org.cnnexplorer.engine.layers;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Collection;

/**
 * DL4J's cross-channel local response normalisation, y = x·(k + α·Σ x²)^−β over the n/2 channels either side,
 * trained here on NCHW float activations with running window sums. DL4J's own code builds it from shifted array
 * slices, about twenty ND4J ops a layer each way: on mini-alexnet they took 370 ms of a 720 ms training step, PyTorch's
 * whole step 270 ms (peer bench --profile). Other formats are DL4J's.
 */
public final class FastLrn extends LocalResponseNormalization {

    /** A copy of {@code built}'s settings (DL4J's builder has no subclass hook). */
    public static FastLrn of(LocalResponseNormalization built) {
        FastLrn l = new FastLrn();
        l.setLayerName(built.getLayerName());
        l.setK(built.getK());
        l.setN(built.getN());
        l.setAlpha(built.getAlpha());
        l.setBeta(built.getBeta());
        l.setDataFormat(built.getDataFormat());
        l.setCudnnAllowFallback(built.isCudnnAllowFallback());
        return l;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> listeners, int layerIndex,
                                                       INDArray params, boolean initialize, DataType dataType) {
        return JavaLayers.wire(new Layer(conf, dataType), this, conf, listeners, layerIndex, params, initialize);
    }

    static final class Layer extends org.deeplearning4j.nn.layers.normalization.LocalResponseNormalization {

        Layer(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        /**
         * In training, and at inference when there are images enough for every thread this pass splits them
         * among: with fewer, DL4J's multi-threaded array ops were faster (batch 1: GoogLeNet 1.30-1.38× PyTorch
         * against 1.50-1.60× with this pass on one thread), with enough, they were 3.2× PyTorch's LRN (AlexNet at
         * batch 16, peer bench --profile).
         */
        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
            if (!plain(input) || !(training || input.size(0) >= JavaLayers.threads())) {
                return super.activate(training, mgr);
            }
            assertInputSet(false);
            long start = JavaPassTimes.start();
            INDArray y = mgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, input.shape(), 'c');
            LocalResponseNormalization c = layerConf();
            forward(input, y, c.getK(), (int) c.getN() / 2, c.getAlpha(), c.getBeta());
            JavaPassTimes.stop("FastLrn forward", start);
            return y;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
            if (!plain(input) || !plain(epsilon)) {
                return super.backpropGradient(epsilon, mgr);
            }
            assertInputSet(true);
            long start = JavaPassTimes.start();
            INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
            LocalResponseNormalization c = layerConf();
            backward(input, epsilon, dx, c.getK(), (int) c.getN() / 2, c.getAlpha(), c.getBeta());
            JavaPassTimes.stop("FastLrn backward", start);
            return new Pair<>(new DefaultGradient(), dx);
        }

        private boolean plain(INDArray a) {
            return JavaLayers.plain(a) && a.rank() == 4 && layerConf().getDataFormat() == CNN2DFormat.NCHW;
        }
    }

    /**
     * s = k + α·Σ x² over each channel's window, per image: a running sum down the channels, adding the channel
     * entering the window and taking away the one leaving it.
     */
    private static void windowSums(float[] x, int image, int channels, int plane, int half, double alpha, double k,
                                   float[] sum, float[] s) {
        Arrays.fill(sum, 0, plane, 0f);
        int base = image * channels * plane;
        for (int c = 0; c < Math.min(half, channels); c++) {
            addSquares(x, base + c * plane, plane, sum, 1);
        }
        for (int c = 0; c < channels; c++) {
            if (c + half < channels) {
                addSquares(x, base + (c + half) * plane, plane, sum, 1);
            }
            if (c - half - 1 >= 0) {
                addSquares(x, base + (c - half - 1) * plane, plane, sum, -1);
            }
            for (int p = 0; p < plane; p++) {
                s[c * plane + p] = (float) (k + alpha * sum[p]);
            }
        }
    }

    private static void addSquares(float[] x, int from, int plane, float[] sum, int sign) {
        for (int p = 0; p < plane; p++) {
            float v = x[from + p];
            sum[p] += sign * v * v;
        }
    }

    static void forward(INDArray input, INDArray output, double k, int half, double alpha, double beta) {
        int n = (int) input.size(0);
        int channels = (int) input.size(1);
        int plane = (int) (input.size(2) * input.size(3));
        float[] x = JavaLayers.read(input, 0);
        float[] y = JavaLayers.array(1, (int) input.length());
        JavaLayers.forEachPart(n, (from, to) -> {
            float[] s = JavaLayers.array(2, channels * plane);
            float[] sum = JavaLayers.array(3, plane);
            for (int i = from; i < to; i++) {
                windowSums(x, i, channels, plane, half, alpha, k, sum, s);
                int base = i * channels * plane;
                for (int j = 0; j < channels * plane; j++) {
                    y[base + j] = (float) (x[base + j] * powMinusBeta(s[j], beta));
                }
            }
        });
        JavaLayers.write(y, output);
    }

    /**
     * dx_i = dy_i·s_i^−β − 2αβ·x_i·Σ_j dy_j·x_j·s_j^(−β−1), the sum over the channels j whose window holds i (the
     * same window, as it is symmetric).
     */
    static void backward(INDArray input, INDArray epsilon, INDArray gradient, double k, int half, double alpha,
                         double beta) {
        int n = (int) input.size(0);
        int channels = (int) input.size(1);
        int plane = (int) (input.size(2) * input.size(3));
        float[] x = JavaLayers.read(input, 0);
        float[] dy = JavaLayers.read(epsilon, 1);
        float[] dx = JavaLayers.array(2, (int) input.length());
        JavaLayers.forEachPart(n, (from, to) -> {
            float[] s = JavaLayers.array(3, channels * plane);
            float[] t = JavaLayers.array(4, channels * plane);
            float[] scaled = JavaLayers.array(5, channels * plane);
            float[] sum = JavaLayers.array(6, plane);
            for (int i = from; i < to; i++) {
                backwardImage(x, dy, dx, i, channels, plane, half, alpha, beta, k, s, t, scaled, sum);
            }
        });
        JavaLayers.write(dx, gradient);
    }

    private static void backwardImage(float[] x, float[] dy, float[] dx, int i, int channels, int plane, int half,
                                      double alpha, double beta, double k, float[] s, float[] t, float[] scaled,
                                      float[] sum) {
        windowSums(x, i, channels, plane, half, alpha, k, sum, s);
        int base = i * channels * plane;
        for (int j = 0; j < channels * plane; j++) {
            double p = powMinusBeta(s[j], beta);
            scaled[j] = (float) p;
            t[j] = (float) (dy[base + j] * x[base + j] * p / s[j]);
        }
        Arrays.fill(sum, 0, plane, 0f);
        for (int c = 0; c < Math.min(half, channels); c++) {
            for (int p = 0; p < plane; p++) {
                sum[p] += t[c * plane + p];
            }
        }
        for (int c = 0; c < channels; c++) {
            if (c + half < channels) {
                for (int p = 0; p < plane; p++) {
                    sum[p] += t[(c + half) * plane + p];
                }
            }
            if (c - half - 1 >= 0) {
                for (int p = 0; p < plane; p++) {
                    sum[p] -= t[(c - half - 1) * plane + p];
                }
            }
            for (int p = 0; p < plane; p++) {
                int j = c * plane + p;
                dx[base + j] = (float) (dy[base + j] * scaled[j]
                        - 2 * alpha * beta * x[base + j] * sum[p]);
            }
        }
    }

    /**
     * s^−β; for AlexNet's and GoogLeNet's β = 0.75 as 1/(√s·⁴√s), because Math.pow per value made FastLrn slower
     * than DL4J's vectorised ops at batch 1.
     */
    private static double powMinusBeta(double s, double beta) {
        if (beta == 0.75) {
            double root = Math.sqrt(s);
            return 1 / (root * Math.sqrt(root));
        }
        return Math.pow(s, -beta);
    }
}
