package org.cnnexplorer.data;

import org.cnnexplorer.arch.Shape;

import java.util.Arrays;

/**
 * What a model expects as input, and so how an arbitrary picture is turned into it (see {@link Preprocessor}).
 *
 * @param shape   C×H×W of one example; C is 1 (grayscale) or 3 (RGB)
 * @param fit     how the picture's aspect ratio is reconciled with H×W
 * @param invert  whether a light-background picture is negated to look like Fashion-MNIST (white object on black)
 * @param mean    per-channel mean subtracted after scaling pixels to [0, 1]
 * @param std     per-channel standard deviation divided by after that
 * @param bgr     whether the network's channels are blue, green, red (Caffe's models); mean and std follow that order
 */
public record InputSpec(Shape shape, Fit fit, Invert invert, float[] mean, float[] std, boolean bgr) {

    /** ImageNet statistics as torchvision's pretrained models use them. */
    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    public enum Fit {
        /**
         * Fashion-MNIST's own recipe (Xiao et al. 2017, §2): trim to the object, scale the longest side to fit,
         * centre on a background-coloured square. Nothing is cut off.
         */
        TRIM_AND_PAD,
        /** torchvision's evaluation transform: resize the shorter side to size·256/224, then centre-crop. */
        RESIZE_AND_CENTER_CROP
    }

    public enum Invert {
        /** Negate when the picture's border is light (the object is dark on a light background). */
        AUTO,
        NEVER
    }

    public InputSpec {
        if (shape.flat() || (shape.channels() != 1 && shape.channels() != 3)) {
            throw new IllegalArgumentException("an image input is 1×H×W or 3×H×W, not " + shape);
        }
        if (mean.length != shape.channels() || std.length != shape.channels()) {
            throw new IllegalArgumentException("mean and std need one value per channel");
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** 1×28×28, pixels in [0, 1], white object on black: the form of the Fashion-MNIST files. */
    public static InputSpec fashionMnist() {
        return grayscale(28, 28);
    }

    public static InputSpec grayscale(int height, int width) {
        return new InputSpec(Shape.chw(1, height, width), Fit.TRIM_AND_PAD, Invert.AUTO, new float[] {0f},
                new float[] {1f}, false);
    }

    /** 3×size×size with ImageNet mean/std, as the catalog's full-size networks expect. */
    public static InputSpec imagenet(int size) {
        return imagenet(Shape.chw(3, size, size));
    }

    /** {@code shape} (3 channels) with ImageNet mean/std after a resize and centre crop: torchvision's recipe. */
    public static InputSpec imagenet(Shape shape) {
        return new InputSpec(shape, Fit.RESIZE_AND_CENTER_CROP, Invert.NEVER, IMAGENET_MEAN, IMAGENET_STD, false);
    }

    /** The usual spec for a model's input shape: grayscale Fashion-MNIST style for 1 channel, ImageNet for 3. */
    public static InputSpec forShape(Shape shape) {
        if (shape.channels() == 1) {
            return grayscale(shape.height(), shape.width());
        }
        return imagenet(shape);
    }

    public boolean grayscale() {
        return shape.channels() == 1;
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** The network's value for an 8-bit pixel {@code value} of {@code channel}. */
    public float normalize(int channel, int value) {
        return (value / 255f - mean[channel]) / std[channel];
    }

    /** Lookup tables, one per channel, from 8-bit value to network value. */
    float[][] tables() {
        float[][] t = new float[shape.channels()][256];
        for (int c = 0; c < t.length; c++) {
            for (int v = 0; v < 256; v++) {
                t[c][v] = normalize(c, v);
            }
        }
        return t;
    }

    public boolean normalizesToUnitRange() {
        for (int c = 0; c < mean.length; c++) {
            if (mean[c] != 0f || std[c] != 1f) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputSpec s && shape.equals(s.shape) && fit == s.fit && invert == s.invert
                && Arrays.equals(mean, s.mean) && Arrays.equals(std, s.std) && bgr == s.bgr;
    }

    @Override
    public int hashCode() {
        return shape.hashCode() * 31 + Arrays.hashCode(mean) * 7 + Arrays.hashCode(std) + fit.hashCode()
                + invert.hashCode() + (bgr ? 1 : 0);
    }

    @Override
    public String toString() {
        return shape + " " + fit + " invert=" + invert + " mean=" + Arrays.toString(mean) + " std="
                + Arrays.toString(std) + (bgr ? " BGR" : "");
    }
}
