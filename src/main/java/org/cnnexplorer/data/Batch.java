package org.cnnexplorer.data;

import org.cnnexplorer.arch.Shape;

/**
 * One mini-batch: {@code size} examples as one float array in N×C×H×W order, their labels, and which dataset
 * examples they are.
 */
public record Batch(int epoch, int index, Shape shape, int size, float[] features, int[] labels, int[] examples) {

    /** Labels as an N×classes one-hot matrix, row-major. */
    public float[] oneHot(int classes) {
        float[] out = new float[size * classes];
        for (int i = 0; i < size; i++) {
            out[i * classes + labels[i]] = 1f;
        }
        return out;
    }
}
