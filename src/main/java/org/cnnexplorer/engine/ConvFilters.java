package org.cnnexplorer.engine;

/**
 * The learned kernels of one ungrouped convolution, copied out of ND4J: {@code values} is
 * out×in×kernel×kernel row-major, as PyTorch stores conv weights.
 */
public record ConvFilters(String layerId, int out, int in, int kernel, float[] values) {

    public ConvFilters {
        if (values.length != out * in * kernel * kernel) {
            throw new IllegalArgumentException(layerId + ": " + values.length + " weights for " + out + "×" + in + "×"
                    + kernel + "×" + kernel);
        }
    }

    /** Input channel {@code c} of filter {@code f} as a kernel×kernel row-major copy. */
    public float[] kernel(int f, int c) {
        int kk = kernel * kernel;
        float[] k = new float[kk];
        System.arraycopy(values, (f * in + c) * kk, k, 0, kk);
        return k;
    }
}
