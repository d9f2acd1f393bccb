package org.cnnexplorer.dl4j;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Java arrays for the layers that compute in Java (FastBatchNorm, FastMaxPool, FastLrn, ReLU): each reads its
 * arrays out of ND4J's off-heap buffers in one bulk copy and writes its result back in one, because indexed access
 * to the direct buffer, bounds-checked element by element, made those loops 3-4x slower (JFR, mini-googlenet). The
 * arrays are kept per thread and slot and only grow, so a training step allocates none.
 */
final class Scratch {
    private static final int SLOTS = 4;
    private static final ThreadLocal<float[][]> ARRAYS = ThreadLocal.withInitial(() -> new float[SLOTS][]);

    private Scratch() {
    }

    /** An array of at least {@code length} values in {@code slot}; its contents are left over from earlier use. */
    static float[] array(int slot, int length) {
        float[][] all = ARRAYS.get();
        if (all[slot] == null || all[slot].length < length) {
            all[slot] = new float[length];
        }
        return all[slot];
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
}
