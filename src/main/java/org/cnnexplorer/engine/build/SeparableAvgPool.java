package org.cnnexplorer.engine.build;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLambdaLayer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Average pooling whose windows DL4J's own pooling cannot express: PyTorch's {@code AdaptiveAvgPool2d} when the
 * input does not divide evenly (torchvision GoogLeNet's auxiliary heads pool 14×14 to 4×4 with overlapping
 * windows of 4 starting at 0, 3, 7, 10) and {@code AvgPool2d} in ceil mode or with padding, whose divisor PyTorch
 * computes per window. Both are separable: {@code out[c] = Ph · x[c] · Pwᵀ}, with row i of Ph holding 1/|window i|
 * on the rows the window covers. Written with SameDiff so the gradient comes for free.
 */
public final class SeparableAvgPool extends SameDiffLambdaLayer {
    private int channels;
    private float[] rows;   // outH × inH, row-major
    private float[] cols;   // outW × inW, row-major
    private int inH;
    private int inW;
    private int outH;
    private int outW;

    /** For Jackson and clone(). */
    public SeparableAvgPool() {
    }

    private SeparableAvgPool(int channels, int inH, int inW, int outH, int outW, float[] rows, float[] cols) {
        this.channels = channels;
        this.inH = inH;
        this.inW = inW;
        this.outH = outH;
        this.outW = outW;
        this.rows = rows;
        this.cols = cols;
    }

    /** PyTorch's AdaptiveAvgPool2d: window i spans [floor(i·n/out), ceil((i+1)·n/out)). */
    public static SeparableAvgPool adaptive(int channels, int inH, int inW, int outH, int outW) {
        return new SeparableAvgPool(channels, inH, inW, outH, outW, adaptiveMatrix(inH, outH),
                adaptiveMatrix(inW, outW));
    }

    /**
     * PyTorch's AvgPool2d with count_include_pad=True: padding counts in the divisor, the ceil-mode overhang does not.
     */
    public static SeparableAvgPool window(int channels, int inH, int inW, int outH, int outW, int kernel, int stride,
                                          int padding) {
        return new SeparableAvgPool(channels, inH, inW, outH, outW, windowMatrix(inH, outH, kernel, stride, padding),
                windowMatrix(inW, outW, kernel, stride, padding));
    }

    static float[] adaptiveMatrix(int in, int out) {
        float[] m = new float[out * in];
        for (int i = 0; i < out; i++) {
            int start = Math.floorDiv(i * in, out);
            int end = -Math.floorDiv(-(i + 1) * in, out);
            for (int r = start; r < end; r++) {
                m[i * in + r] = 1f / (end - start);
            }
        }
        return m;
    }

    static float[] windowMatrix(int in, int out, int kernel, int stride, int padding) {
        float[] m = new float[out * in];
        for (int i = 0; i < out; i++) {
            int start = i * stride - padding;
            int end = Math.min(start + kernel, in + padding);
            int divisor = end - start;
            for (int r = Math.max(start, 0); r < Math.min(end, in); r++) {
                m[i * in + r] = 1f / divisor;
            }
        }
        return m;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x) {
        INDArray colsT = Nd4j.create(cols, new long[] {outW, inW}, 'c').castTo(DataType.FLOAT).transpose().dup('c');
        INDArray rowsT = Nd4j.create(rows, new long[] {outH, inH}, 'c').castTo(DataType.FLOAT).transpose().dup('c');
        SDVariable pw = sd.constant(colsT);
        SDVariable ph = sd.constant(rowsT);
        SDVariable y = x.reshape(-1, inW).mmul(pw);                 // (N·C·inH) × outW
        y = y.reshape(-1, inH, outW).permute(0, 2, 1);             // (N·C) × outW × inH
        y = y.reshape(-1, inH).mmul(ph);                            // (N·C·outW) × outH
        y = y.reshape(-1, outW, outH).permute(0, 2, 1);            // (N·C) × outH × outW
        return y.reshape(-1, channels, outH, outW);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.convolutional(outH, outW, channels);
    }

    // The accessors are Jackson's: DL4J writes a layer's configuration into weights files through the getters and
    // reads it back through the setters.
    public int getChannels() {
        return channels;
    }

    public void setChannels(int channels) {
        this.channels = channels;
    }

    public float[] getRows() {
        return rows;
    }

    public void setRows(float[] rows) {
        this.rows = rows;
    }

    public float[] getCols() {
        return cols;
    }

    public void setCols(float[] cols) {
        this.cols = cols;
    }

    public int getInH() {
        return inH;
    }

    public void setInH(int inH) {
        this.inH = inH;
    }

    public int getInW() {
        return inW;
    }

    public void setInW(int inW) {
        this.inW = inW;
    }

    public int getOutH() {
        return outH;
    }

    public void setOutH(int outH) {
        this.outH = outH;
    }

    public int getOutW() {
        return outW;
    }

    public void setOutW(int outW) {
        this.outW = outW;
    }
}
