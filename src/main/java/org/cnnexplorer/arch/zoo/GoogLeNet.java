package org.cnnexplorer.arch.zoo;

import org.cnnexplorer.arch.Group;
import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.NetworkBuilder;
import org.cnnexplorer.arch.Shape;

import java.util.function.Supplier;

import static org.cnnexplorer.arch.Layers.avgPool;
import static org.cnnexplorer.arch.Layers.bn;
import static org.cnnexplorer.arch.Layers.concat;
import static org.cnnexplorer.arch.Layers.conv;
import static org.cnnexplorer.arch.Layers.convNoBias;
import static org.cnnexplorer.arch.Layers.dropout;
import static org.cnnexplorer.arch.Layers.fc;
import static org.cnnexplorer.arch.Layers.flatten;
import static org.cnnexplorer.arch.Layers.gap;
import static org.cnnexplorer.arch.Layers.lrn;
import static org.cnnexplorer.arch.Layers.maxPool;
import static org.cnnexplorer.arch.Layers.relu;
import static org.cnnexplorer.arch.Layers.softmax;
import static org.cnnexplorer.arch.NetworkBuilder.INPUT;

/**
 * GoogLeNet (Inception v1). Module arguments use the column names of the paper's Table 1, so each line can be
 * checked against it; each line's comment is the module's output shape at 224×224, asserted by a test.
 * A "conv unit" is a convolution followed by ReLU (paper, Caffe) or by BN and ReLU (torchvision); its
 * layers are named {@code id}, {@code id.bn}, {@code id.relu}.
 */
public final class GoogLeNet {
    private GoogLeNet() {
    }

    /** How one convolution is realised: the paper's conv + bias + ReLU, or torchvision's conv + BN + ReLU. */
    record Style(boolean batchNorm, int fiveByFive, boolean lrn, LayerSpec.Pool pool4, double dropout) {
        String unit(NetworkBuilder b, String id, String x, int out, int kernel, int stride) {
            int pad = (kernel - 1) / 2;
            x = b.add(id, batchNorm ? convNoBias(out, kernel, stride, pad) : conv(out, kernel, stride, pad), x);
            if (batchNorm) {
                x = b.add(id + ".bn", bn(0.001), x);
            }
            return b.add(id + ".relu", relu(), x);
        }
    }

    /** Szegedy et al. 2015, Table 1, as in the BVLC Caffe model: biases, LRN after pool1 and conv3. */
    private static final Style PAPER = new Style(false, 5, true, maxPool(3, 2, 0, true), 0.4);

    /**
     * torchvision's googlenet(): BN instead of LRN and biases, a 2×2 pool4, and a "5×5" branch that is really 3×3
     * (a bug kept for its pretrained weights: pytorch/vision issue 906).
     */
    private static final Style TORCHVISION = new Style(true, 3, false, maxPool(2, 2, 0, true), 0.2);

    /** The mini network's style: BN like torchvision, true 5×5 branches, no LRN. */
    static final Style MINI = new Style(true, 5, false, maxPool(3, 2, 0, true), 0.4);

    public static void paper(NetworkBuilder b) {
        googlenet(b, PAPER);
    }

    public static void torchvision(NetworkBuilder b) {
        googlenet(b, TORCHVISION);
    }

    private static void googlenet(NetworkBuilder b, Style s) {
        String x = s.unit(b, "conv1", INPUT, 64, 7, 2);                           // N x 64 x 112 x 112
        x = b.add("maxpool1", maxPool(3, 2, 0, true), x);                          // N x 64 x 56 x 56
        if (s.lrn()) {
            x = b.add("norm1", lrn(), x);
        }
        x = s.unit(b, "conv2", x, 64, 1, 1);                                       // N x 64 x 56 x 56
        x = s.unit(b, "conv3", x, 192, 3, 1);                                      // N x 192 x 56 x 56
        if (s.lrn()) {
            x = b.add("norm2", lrn(), x);
        }
        x = b.add("maxpool2", maxPool(3, 2, 0, true), x);                          // N x 192 x 28 x 28
        x = inception(b, s, "inception3a", x, 64, 96, 128, 16, 32, 32);             // N x 256 x 28 x 28
        x = inception(b, s, "inception3b", x, 128, 128, 192, 32, 96, 64);           // N x 480 x 28 x 28
        x = b.add("maxpool3", maxPool(3, 2, 0, true), x);                          // N x 480 x 14 x 14
        x = inception(b, s, "inception4a", x, 192, 96, 208, 16, 48, 64);            // N x 512 x 14 x 14
        auxiliary(b, s, "aux1", x, 128, 1024);
        x = inception(b, s, "inception4b", x, 160, 112, 224, 24, 64, 64);           // N x 512 x 14 x 14
        x = inception(b, s, "inception4c", x, 128, 128, 256, 24, 64, 64);           // N x 512 x 14 x 14
        x = inception(b, s, "inception4d", x, 112, 144, 288, 32, 64, 64);           // N x 528 x 14 x 14
        auxiliary(b, s, "aux2", x, 128, 1024);
        x = inception(b, s, "inception4e", x, 256, 160, 320, 32, 128, 128);         // N x 832 x 14 x 14
        x = b.add("maxpool4", s.pool4(), x);                                       // N x 832 x 7 x 7
        x = inception(b, s, "inception5a", x, 256, 160, 320, 32, 128, 128);         // N x 832 x 7 x 7
        x = inception(b, s, "inception5b", x, 384, 192, 384, 48, 128, 128);         // N x 1024 x 7 x 7
        x = b.add("avgpool", gap(), x);                                            // N x 1024 x 1 x 1
        x = b.add("flatten", flatten(), x);                                        // N x 1024
        x = b.add("dropout", dropout(s.dropout()), x);
        x = b.add("fc", fc(b.classes()), x);                                       // N x 1000
        b.add("prob", softmax(), x);
    }

    /** The Inception module with dimension reductions (paper Figure 2b): four branches joined by a concat. */
    static String inception(NetworkBuilder b, Style s, String name, String x, int ch1x1, int ch3x3red, int ch3x3,
                            int ch5x5red, int ch5x5, int poolProj) {
        String label = name + ": 1×1 " + ch1x1 + " | 1×1 " + ch3x3red + "→3×3 " + ch3x3 + " | 1×1 " + ch5x5red
                + "→" + s.fiveByFive() + "×" + s.fiveByFive() + " " + ch5x5 + " | pool→1×1 " + poolProj;
        return b.group(name, Group.Kind.INCEPTION, label, () -> {
            String p = name + ".";
            String b1 = branch(b, p + "branch1", "1×1", () -> s.unit(b, p + "branch1.0", x, ch1x1, 1, 1));
            String b2 = branch(b, p + "branch2", "1×1→3×3", () ->
                    s.unit(b, p + "branch2.1", s.unit(b, p + "branch2.0", x, ch3x3red, 1, 1), ch3x3, 3, 1));
            String b3 = branch(b, p + "branch3", "1×1→" + s.fiveByFive() + "×" + s.fiveByFive(), () ->
                    s.unit(b, p + "branch3.1", s.unit(b, p + "branch3.0", x, ch5x5red, 1, 1), ch5x5, s.fiveByFive(),
                            1));
            String b4 = branch(b, p + "branch4", "pool→1×1", () ->
                    s.unit(b, p + "branch4.1", b.add(p + "branch4.0", maxPool(3, 1, 1, true), x), poolProj, 1, 1));
            return b.add(p + "concat", concat(), b1, b2, b3, b4);
        });
    }

    /** The input of inception3a: maxpool2's output at 224×224. */
    public static final Shape INCEPTION3A_INPUT = Shape.chw(192, 28, 28);

    /**
     * inception3a alone, on its 192×28×28 input ({@link #INCEPTION3A_INPUT}), as the paper's Figure 2 draws it: with
     * the 1×1 reductions (2b, the module GoogLeNet uses) or naive (2a: the same 1×1, 3×3 and 5×5 widths straight on
     * the input, and the pooled input concatenated as it is). Paper style (biases, ReLU), so its counts are those of
     * the full network's module. The catalog's module ids {@code inception3a} and {@code inception3a-naive}.
     */
    public static void inception3a(NetworkBuilder b, boolean naive) {
        if (naive) {
            naive(b, PAPER, "inception3a", INPUT, 64, 128, 32);
        } else {
            inception(b, PAPER, "inception3a", INPUT, 64, 96, 128, 16, 32, 32);
        }
    }

    /** The naive Inception module (paper Figure 2a): 1×1, 3×3 and 5×5 on the input and a 3×3 max-pool, concatenated. */
    static String naive(NetworkBuilder b, Style s, String name, String x, int ch1x1, int ch3x3, int ch5x5) {
        String label = name + " (naive): 1×1 " + ch1x1 + " | 3×3 " + ch3x3 + " | " + s.fiveByFive() + "×"
                + s.fiveByFive() + " " + ch5x5 + " | pool";
        return b.group(name, Group.Kind.INCEPTION, label, () -> {
            String p = name + ".";
            String b1 = branch(b, p + "branch1", "1×1", () -> s.unit(b, p + "branch1.0", x, ch1x1, 1, 1));
            String b2 = branch(b, p + "branch2", "3×3", () -> s.unit(b, p + "branch2.0", x, ch3x3, 3, 1));
            String b3 = branch(b, p + "branch3", s.fiveByFive() + "×" + s.fiveByFive(), () ->
                    s.unit(b, p + "branch3.0", x, ch5x5, s.fiveByFive(), 1));
            String b4 = branch(b, p + "branch4", "pool", () -> b.add(p + "branch4.0", maxPool(3, 1, 1, true), x));
            return b.add(p + "concat", concat(), b1, b2, b3, b4);
        });
    }

    private static String branch(NetworkBuilder b, String id, String label, Supplier<String> body) {
        return b.group(id, Group.Kind.BRANCH, label, body);
    }

    /** A training-only classifier on an intermediate module (paper §5): its loss is weighted 0.3. */
    static void auxiliary(NetworkBuilder b, Style s, String name, String x, int width, int hidden) {
        b.group(name, Group.Kind.AUX_HEAD, name + ": auxiliary classifier (training only, loss × 0.3)", () ->
                b.auxiliary(() -> {
                    String p = name + ".";
                    String y = b.add(p + "pool", s.batchNorm() ? new LayerSpec.AdaptiveAvgPool(4) : avgPool(5, 3), x);
                    y = s.unit(b, p + "conv", y, width, 1, 1);
                    y = b.add(p + "flatten", flatten(), y);
                    y = b.add(p + "fc1.relu", relu(), b.add(p + "fc1", fc(hidden), y));
                    y = b.add(p + "dropout", dropout(0.7), y);
                    y = b.add(p + "fc2", fc(b.classes()), y);
                    return b.add(p + "prob", softmax(), y);
                }));
    }
}
