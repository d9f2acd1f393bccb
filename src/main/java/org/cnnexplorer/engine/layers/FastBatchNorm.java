package org.cnnexplorer.engine.layers;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.function.BooleanSupplier;

/**
 * DL4J's batch normalisation, computed here for the case every network here uses (4-d NCHW float activations,
 * learned scale and shift): forward and inference passes over the arrays per channel, the backward pass through
 * oneDNN itself ({@link DnnlBatchNorm}). libnd4j's batchnorm_bp takes oneDNN's inference-mode gradient and adds the
 * batch-statistics terms with generic per-channel reductions and broadcasts; on resnet20 at batch 128 that cost 18×
 * PyTorch's backward (peer bench --profile, AMD EPYC). The running statistics' update and other shapes are DL4J's
 * own.
 */
public final class FastBatchNorm extends BatchNormalization {

    /** A copy of {@code built}'s settings (DL4J's builder has no subclass hook). */
    public static FastBatchNorm of(BatchNormalization built) {
        FastBatchNorm b = new FastBatchNorm();
        b.setLayerName(built.getLayerName());
        b.setNIn(built.getNIn());
        b.setNOut(built.getNOut());
        b.setEps(built.getEps());
        b.setDecay(built.getDecay());
        b.setGamma(built.getGamma());
        b.setBeta(built.getBeta());
        b.setLockGammaBeta(built.isLockGammaBeta());
        b.setUseLogStd(built.isUseLogStd());
        b.setCnn2DFormat(built.getCnn2DFormat());
        b.setCudnnAllowFallback(built.isCudnnAllowFallback());
        return b;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> listeners, int layerIndex,
                                                       INDArray params, boolean initialize, DataType dataType) {
        LayerValidation.assertNOutSet("BatchNormalization", getLayerName(), layerIndex, getNOut());
        return JavaLayers.wire(new Layer(conf, dataType), this, conf, listeners, layerIndex, params, initialize);
    }

    @Override
    public ParamInitializer initializer() {
        return BatchNormalizationParamInitializer.getInstance();
    }

    /** A batch's per-channel mean and biased variance. */
    record Stats(float[] mean, float[] var) {
    }

    /** The layer: DL4J's, except the passes of the common case. */
    static final class Layer extends org.deeplearning4j.nn.layers.normalization.BatchNormalization {
        /** The batch's statistics from this layer's own training forward pass; null after any other pass. */
        private Stats batch;
        /** Whether training forward passes apply the ReLU that alone reads this layer's output just now. */
        private BooleanSupplier rectifies = () -> false;
        /** This layer's last output when its training forward pass applied that ReLU too; null otherwise. */
        private INDArray rectified;

        Layer(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            batch = null;
            rectified = null;
            return super.activate(training, workspaceMgr);
        }

        /**
         * The training forward pass in two passes over the input: DL4J computes the batch's mean and variance, then
         * hands the input to the oneDNN helper, which computes them again before normalising (five ND4J ops a
         * layer). Inference in one pass with the running statistics, where the oneDNN helper took 5× PyTorch's time
         * (ResNet-50 at batch 16, peer bench --profile). Other shapes stay DL4J's.
         */
        @Override
        public INDArray preOutput(INDArray x, TrainingMode training, LayerWorkspaceMgr workspaceMgr) {
            BatchNormalization c = layerConf();
            if (x.rank() != 4 || !JavaLayers.plain(x) || !commonCase(c)) {
                return super.preOutput(x, training, workspaceMgr);
            }
            long start = JavaPassTimes.start();
            INDArray y = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, x.shape(), 'c');
            if (training != TrainingMode.TRAIN) {
                normalise(x, JavaLayers.readVector(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN)),
                        JavaLayers.readVector(getParam(BatchNormalizationParamInitializer.GLOBAL_VAR)),
                        JavaLayers.readVector(getParam(BatchNormalizationParamInitializer.GAMMA)),
                        JavaLayers.readVector(getParam(BatchNormalizationParamInitializer.BETA)), (float) c.getEps(),
                        y);
                JavaPassTimes.stop("FastBatchNorm inference", start);
                return y;
            }
            boolean rectify = rectifies.getAsBoolean();
            batch = forward(x, JavaLayers.readVector(getParam(BatchNormalizationParamInitializer.GAMMA)),
                    JavaLayers.readVector(getParam(BatchNormalizationParamInitializer.BETA)), (float) c.getEps(),
                    rectify, y);
            rectified = rectify ? y : null;
            JavaPassTimes.stop(rectify ? "FastBatchNorm forward + ReLU" : "FastBatchNorm forward", start);
            return y;
        }

        /**
         * The batch's statistics the fast backward pass will use for a gradient shaped like {@code gradient} (this
         * layer's from its training forward pass, else the oneDNN helper's), or null when the next backward pass is
         * DL4J's own.
         */
        Stats fastPathStats(INDArray gradient) {
            if (gradient.rank() != 4 || gradient.dataType() != DataType.FLOAT || input == null
                    || input.dataType() != DataType.FLOAT || !commonCase(layerConf())) {
                return null;
            }
            if (batch != null) {
                return batch;
            }
            if (getHelper() instanceof BatchNormalizationHelper helper && helper.getMeanCache(dataType) != null) {
                return new Stats(JavaLayers.readVector(helper.getMeanCache(dataType)),
                        JavaLayers.readVector(helper.getVarCache(dataType)));
            }
            return null;
        }

        private static boolean commonCase(BatchNormalization c) {
            return c.getCnn2DFormat() == CNN2DFormat.NCHW && !c.isLockGammaBeta() && !c.isUseLogStd();
        }

        /**
         * Makes training forward passes apply the ReLU that alone reads this layer's output while {@code when} holds
         * (see ActivationVertexLayer#fuseWithBatchNorms): one pass over the output instead of two.
         */
        void rectifyWhile(BooleanSupplier when) {
            rectifies = when;
        }

        /** Whether {@code output} is this layer's last output with its ReLU already applied. */
        boolean rectified(INDArray output) {
            return output != null && output == rectified;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            Stats stats = fastPathStats(epsilon);
            if (stats == null || !Dnnl.available()) {
                return super.backpropGradient(epsilon, workspaceMgr);
            }
            assertInputSet(true);
            long start = JavaPassTimes.start();
            BatchNormalization c = layerConf();
            INDArray x = Dnnl.dense(input) ? input : workspaceMgr.dup(ArrayType.BP_WORKING_MEM, input, 'c');
            INDArray dy = Dnnl.dense(epsilon) ? epsilon : workspaceMgr.dup(ArrayType.BP_WORKING_MEM, epsilon, 'c');
            float[] mean = stats.mean();
            float[] var = stats.var();
            INDArray dGamma = gradientViews.get(BatchNormalizationParamInitializer.GAMMA);
            INDArray dBeta = gradientViews.get(BatchNormalizationParamInitializer.BETA);
            INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT,
                    epsilon.shape(), 'c');
            DnnlBatchNorm.plan(new DnnlBatchNorm.Geometry((int) x.size(0), (int) x.size(1), (int) x.size(2),
                    (int) x.size(3), (float) c.getEps())).backward(Dnnl.address(x), Dnnl.address(dy),
                    Dnnl.address(dx), mean, var,
                    Dnnl.address(getParam(BatchNormalizationParamInitializer.GAMMA)),
                    Dnnl.address(getParam(BatchNormalizationParamInitializer.BETA)), Dnnl.address(dGamma),
                    Dnnl.address(dBeta));

            Gradient g = new DefaultGradient();
            g.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGamma);
            g.setGradientFor(BatchNormalizationParamInitializer.BETA, dBeta);
            // The running statistics move towards the batch's by a "gradient" their no-op updater applies as is,
            // exactly as DL4J's own backward pass sets it.
            INDArray dGlobalMean = gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_MEAN);
            INDArray dGlobalVar = gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_VAR);
            float keep = (float) (1 - c.getDecay());
            JavaLayers.writeVector(towards(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN), mean, keep),
                    dGlobalMean);
            JavaLayers.writeVector(towards(getParam(BatchNormalizationParamInitializer.GLOBAL_VAR), var, keep),
                    dGlobalVar);
            g.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_MEAN, dGlobalMean);
            g.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_VAR, dGlobalVar);
            JavaPassTimes.stop("FastBatchNorm backward", start);
            return new Pair<>(g, dx);
        }

        private static float[] towards(INDArray running, float[] batch, float keep) {
            float[] r = JavaLayers.readVector(running);
            for (int i = 0; i < r.length; i++) {
                r[i] = (r[i] - batch[i]) * keep;
            }
            return r;
        }
    }

    /** Batch, channel and plane sizes of an NCHW array. */
    private record Dims(int n, int channels, int plane) {
        Dims(INDArray a) {
            this((int) a.size(0), (int) a.size(1), (int) (a.size(2) * a.size(3)));
        }

        int base(int image, int channel) {
            return (image * channels + channel) * plane;
        }
    }

    /**
     * y = γ(x − μ)/√(σ² + ε) + β with the batch's per-channel μ and biased σ², which it returns; with
     * {@code rectify}, max(0, y) instead, the ReLU that alone reads y done in the same pass. The sums are taken about
     * each channel's first value, so that σ² does not come from two large nearly equal numbers.
     */
    static Stats forward(INDArray x, float[] gamma, float[] beta, float eps, boolean rectify, INDArray y) {
        Dims d = new Dims(x);
        FloatBuffer xs = JavaLayers.values(x);
        FloatBuffer ys = JavaLayers.values(y);
        float[] mean = new float[d.channels()];
        float[] var = new float[d.channels()];
        double count = (double) d.n() * d.plane();
        int plane = d.plane();
        JavaLayers.forEachPart(d.channels(), (from, to) -> {
            float[] xp = JavaLayers.array(0, plane);
            float[] sums = JavaLayers.array(1, plane);
            float[] squares = JavaLayers.array(2, plane);
            for (int ch = from; ch < to; ch++) {
                float shift = xs.get(d.base(0, ch));
                Arrays.fill(sums, 0, plane, 0f);
                Arrays.fill(squares, 0, plane, 0f);
                for (int i = 0; i < d.n(); i++) {
                    xs.get(d.base(i, ch), xp, 0, plane);
                    accumulate(xp, shift, sums, squares, plane);
                }
                double m = JavaLayers.sum(sums, plane) / count;
                mean[ch] = (float) (shift + m);
                var[ch] = (float) Math.max(0, JavaLayers.sum(squares, plane) / count - m * m);
                scaleShift(xs, ys, d, ch, mean[ch], var[ch], gamma[ch], beta[ch], eps,
                        rectify ? 0f : Float.NEGATIVE_INFINITY, xp);
            }
        });
        return new Stats(mean, var);
    }

    /** y = γ(x − μ)/√(σ² + ε) + β with the given per-channel μ and σ² (the running statistics, at inference). */
    static void normalise(INDArray x, float[] mean, float[] var, float[] gamma, float[] beta, float eps, INDArray y) {
        Dims d = new Dims(x);
        FloatBuffer xs = JavaLayers.values(x);
        FloatBuffer ys = JavaLayers.values(y);
        JavaLayers.forEachPart(d.channels(), (from, to) -> {
            float[] xp = JavaLayers.array(0, d.plane());
            for (int ch = from; ch < to; ch++) {
                scaleShift(xs, ys, d, ch, mean[ch], var[ch], gamma[ch], beta[ch], eps, Float.NEGATIVE_INFINITY, xp);
            }
        });
    }

    /** Channel {@code ch} of every image: y = max(floor, γ(x − μ)/√(σ² + ε) + β), through the scratch plane. */
    private static void scaleShift(FloatBuffer xs, FloatBuffer ys, Dims d, int ch, float mean, float var, float gamma,
                                   float beta, float eps, float floor, float[] xp) {
        float a = (float) (gamma / Math.sqrt(var + eps));
        float b = beta - mean * a;
        for (int i = 0; i < d.n(); i++) {
            int base = d.base(i, ch);
            xs.get(base, xp, 0, d.plane());
            for (int k = 0; k < d.plane(); k++) {
                xp[k] = Math.max(floor, a * xp[k] + b);
            }
            ys.put(base, xp, 0, d.plane());
        }
    }

    /**
     * Adds v = x − shift to {@code sums} and v² to {@code squares}, value by value over the first {@code n}: the
     * JIT vectorises this, where a running float sum stays scalar (reordering it would change its rounding). The
     * forward pass took about 1.2x as long with four scalar accumulators (plain20, batch 128).
     */
    private static void accumulate(float[] x, float shift, float[] sums, float[] squares, int n) {
        for (int k = 0; k < n; k++) {
            float v = x[k] - shift;
            sums[k] += v;
            squares[k] += v * v;
        }
    }
}
