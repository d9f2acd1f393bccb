package org.cnnexplorer.engine.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.Collection;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * What the layers that compute in Java share (FastBatchNorm, FastLrn). They copy ND4J's
 * off-heap values into Java arrays in bulk (whole arrays, or slice by slice where a pass allows) and write results
 * back in bulk, because indexed access to the direct buffer, bounds-checked element by element, made those loops
 * 3-4x slower (JFR, mini-googlenet). The arrays are kept per thread and slot and only grow, so a training step
 * allocates none.
 */
final class JavaLayers {
    private static final int SLOTS = 7;
    private static final ThreadLocal<float[][]> ARRAYS = ThreadLocal.withInitial(() -> new float[SLOTS][]);

    private JavaLayers() {
    }

    /** Float, C order, default strides, from the start of its buffer: readable as one flat run of values. */
    static boolean plain(INDArray a) {
        return a != null && a.dataType() == DataType.FLOAT && a.ordering() == 'c' && a.offset() == 0
                && Shape.hasDefaultStridesForShape(a) && a.length() <= Integer.MAX_VALUE;
    }

    /**
     * What DL4J's own layer configurations do in {@code instantiate}, for the configurations here that swap in
     * their own layer.
     */
    static <L extends Layer> L wire(L layer, org.deeplearning4j.nn.conf.layers.Layer config,
                                    NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                                    INDArray params, boolean initialize) {
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(params);
        layer.setParamTable(config.initializer().init(conf, params, initialize));
        layer.setConf(conf);
        return layer;
    }

    /** An array of at least {@code length} values in {@code slot}; its contents are left over from earlier use. */
    static float[] array(int slot, int length) {
        float[][] all = ARRAYS.get();
        if (all[slot] == null || all[slot].length < length) {
            all[slot] = new float[length];
        }
        return all[slot];
    }

    /** The sum of the first {@code n} values, in double. */
    static double sum(float[] a, int n) {
        double s = 0;
        for (int k = 0; k < n; k++) {
            s += a[k];
        }
        return s;
    }

    /** Work on the index range [from, to). */
    interface Range {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over [0, n) in as many parts as ND4J computes with threads, the calling thread taking the
     * first: single-threaded, the Java passes took a third to a half of the mini networks' training steps while
     * ND4J's ops and PyTorch used both cores. Where the window leaves a core free, ND4J has one thread and so do
     * these passes. Bodies get their scratch arrays from {@link #array} on the thread they run on. LRN, with much
     * arithmetic per value, ran 1.8x faster on 2 cores (peer bench --profile); batch norm's backward passes split
     * by channel.
     */
    static void forEachPart(int n, Range body) {
        int parts = Math.min(n, threads());
        if (parts <= 1) {
            body.run(0, n);
            return;
        }
        ForkJoinTask<?>[] others = new ForkJoinTask<?>[parts - 1];
        for (int part = 1; part < parts; part++) {
            int from = (int) ((long) n * part / parts);
            int to = (int) ((long) n * (part + 1) / parts);
            others[part - 1] = ForkJoinPool.commonPool().submit(() -> body.run(from, to));
        }
        body.run(0, (int) ((long) n / parts));
        for (ForkJoinTask<?> task : others) {
            task.join();
        }
    }

    /** How many parts {@link #forEachPart} splits work into at most: the threads ND4J computes with. */
    static int threads() {
        return Math.max(1, Nd4j.getEnvironment().maxThreads());
    }

    /** {@code a}'s values (a plain C-order float array from the start of its buffer) in {@code slot}. */
    static float[] read(INDArray a, int slot) {
        int n = (int) a.length();
        float[] out = array(slot, n);
        a.data().asNioFloat().get(0, out, 0, n);
        return out;
    }

    /** The first {@code a.length()} values of {@code values} into {@code a}. */
    static void write(float[] values, INDArray a) {
        a.data().asNioFloat().put(0, values, 0, (int) a.length());
    }

    /**
     * A plain array's values in place, to read and write in slices by absolute index ({@code get(index, dst, 0,
     * length)}): a pass that works slice by slice keeps its working set in the cache, where a whole-array copy in
     * and out cost four extra passes over memory.
     */
    static FloatBuffer values(INDArray a) {
        return a.data().asNioFloat();
    }

    /**
     * The values of a float vector (a parameter or gradient view, contiguous, possibly at an offset into its
     * buffer, which ND4J's NIO view does not apply).
     */
    static float[] readVector(INDArray a) {
        if (contiguousVector(a)) {
            float[] v = new float[(int) a.length()];
            a.data().asNioFloat().get((int) a.offset(), v, 0, v.length);
            return v;
        }
        return a.toFloatVector();
    }

    /** {@code values} into the float vector {@code a}, without an ND4J op where the view is contiguous. */
    static void writeVector(float[] values, INDArray a) {
        if (contiguousVector(a) && a.length() == values.length) {
            a.data().asNioFloat().put((int) a.offset(), values, 0, values.length);
        } else {
            a.assign(Nd4j.createFromArray(values).reshape(a.shape()));
        }
    }

    private static boolean contiguousVector(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.isVector() && a.elementWiseStride() == 1
                && a.offset() + a.length() <= Integer.MAX_VALUE;
    }
}
