package org.cnnexplorer.arch;

import java.util.Locale;

/** Short factories so network definitions read like the papers' tables. */
public final class Layers {
    private Layers() {
    }

    public static LayerSpec.Conv conv(int out, int kernel, int stride, int padding) {
        return new LayerSpec.Conv(out, kernel, stride, padding, 1, true);
    }

    /** Convolution without bias, as used before BatchNorm. */
    public static LayerSpec.Conv convNoBias(int out, int kernel, int stride, int padding) {
        return new LayerSpec.Conv(out, kernel, stride, padding, 1, false);
    }

    public static LayerSpec.Conv groupedConv(int out, int kernel, int stride, int padding, int groups) {
        return new LayerSpec.Conv(out, kernel, stride, padding, groups, true);
    }

    public static LayerSpec.Linear fc(int out) {
        return new LayerSpec.Linear(out, true);
    }

    public static LayerSpec.Pool maxPool(int kernel, int stride) {
        return maxPool(kernel, stride, 0, false);
    }

    public static LayerSpec.Pool maxPool(int kernel, int stride, int padding, boolean ceil) {
        return new LayerSpec.Pool(LayerSpec.PoolKind.MAX, kernel, stride, padding, ceil);
    }

    public static LayerSpec.Pool avgPool(int kernel, int stride) {
        return new LayerSpec.Pool(LayerSpec.PoolKind.AVG, kernel, stride, 0, false);
    }

    public static LayerSpec.GlobalAvgPool gap() {
        return new LayerSpec.GlobalAvgPool();
    }

    public static LayerSpec.Lrn lrn() {
        return LayerSpec.Lrn.KRIZHEVSKY;
    }

    public static LayerSpec.BatchNorm bn() {
        return LayerSpec.BatchNorm.TORCH;
    }

    public static LayerSpec.BatchNorm bn(double eps) {
        return new LayerSpec.BatchNorm(eps);
    }

    public static LayerSpec.Relu relu() {
        return new LayerSpec.Relu();
    }

    public static LayerSpec.Sigmoid sigmoid() {
        return new LayerSpec.Sigmoid();
    }

    public static LayerSpec.Tanh tanh() {
        return new LayerSpec.Tanh();
    }

    /** The non-linearities a network can be built with (AlexNet §3.1: ReLU against the saturating tanh and sigmoid). */
    public enum Activation {
        RELU, SIGMOID, TANH;

        public LayerSpec spec() {
            return switch (this) {
                case RELU -> relu();
                case SIGMOID -> sigmoid();
                case TANH -> tanh();
            };
        }

        /** "relu", "sigmoid", "tanh": the layer type and the suffix of catalog ids. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static LayerSpec.Dropout dropout(double p) {
        return new LayerSpec.Dropout(p);
    }

    public static LayerSpec.Concat concat() {
        return new LayerSpec.Concat();
    }

    public static LayerSpec.Add add() {
        return new LayerSpec.Add();
    }

    public static LayerSpec.Flatten flatten() {
        return new LayerSpec.Flatten();
    }

    public static LayerSpec.Softmax softmax() {
        return new LayerSpec.Softmax();
    }
}
