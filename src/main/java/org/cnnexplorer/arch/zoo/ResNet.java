package org.cnnexplorer.arch.zoo;

import org.cnnexplorer.arch.Group;
import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.NetworkBuilder;

import static org.cnnexplorer.arch.Layers.add;
import static org.cnnexplorer.arch.Layers.bn;
import static org.cnnexplorer.arch.Layers.convNoBias;
import static org.cnnexplorer.arch.Layers.fc;
import static org.cnnexplorer.arch.Layers.flatten;
import static org.cnnexplorer.arch.Layers.gap;
import static org.cnnexplorer.arch.Layers.maxPool;
import static org.cnnexplorer.arch.Layers.relu;
import static org.cnnexplorer.arch.Layers.softmax;
import static org.cnnexplorer.arch.NetworkBuilder.INPUT;

/**
 * ResNets and their plain counterparts (He et al. 2016), declared like torchvision's resnet.py: a block knows its
 * expansion, {@link #stage} stacks blocks, each network is one line of stage depths.
 */
public final class ResNet {
    private ResNet() {
    }

    /** How a block's input reaches its output when the shapes differ (paper §3.3). */
    public enum Shortcut {
        /** Option B: 1×1 convolution + BN where the shape changes, identity elsewhere (torchvision). */
        PROJECTION,
        /** Option A: subsample and pad extra channels with zeros; no parameters (the CIFAR networks). */
        ZERO_PAD,
        /** A plain network: no shortcut at all. */
        NONE
    }

    /** Builds one block's layers from {@code x}; returns the block's output id. */
    @FunctionalInterface
    interface Body {
        String build(NetworkBuilder b, String p, String x, int planes, int stride);
    }

    /** A residual block type: its name, output width multiplier and the layers on its main path. */
    public record Block(String title, int expansion, Group.Kind kind, Body body) {
    }

    /** Two 3×3 convolutions (paper Figure 5 left). */
    public static final Block BASIC = new Block("BasicBlock", 1, Group.Kind.BASIC_BLOCK, (b, p, x, planes, stride) -> {
        x = convBn(b, p, 1, x, convNoBias(planes, 3, stride, 1));
        x = b.add(p + "relu1", relu(), x);
        return convBn(b, p, 2, x, convNoBias(planes, 3, 1, 1));
    });

    /** 1×1 reduce, 3×3, 1×1 expand ×4 (Figure 5 right); the stride sits in the 3×3 as in torchvision ("v1.5"). */
    public static final Block BOTTLENECK = bottleneck(false);

    /** The paper's original bottleneck, striding in the first 1×1 convolution. */
    public static final Block BOTTLENECK_V1 = bottleneck(true);

    private static Block bottleneck(boolean strideInFirst) {
        return new Block("Bottleneck", 4, Group.Kind.BOTTLENECK, (b, p, x, planes, stride) -> {
            x = convBn(b, p, 1, x, convNoBias(planes, 1, strideInFirst ? stride : 1, 0));
            x = b.add(p + "relu1", relu(), x);
            x = convBn(b, p, 2, x, convNoBias(planes, 3, strideInFirst ? 1 : stride, 1));
            x = b.add(p + "relu2", relu(), x);
            return convBn(b, p, 3, x, convNoBias(planes * 4, 1, 1, 0));
        });
    }

    private static String convBn(NetworkBuilder b, String p, int n, String x, LayerSpec.Conv conv) {
        return b.add(p + "bn" + n, bn(), b.add(p + "conv" + n, conv, x));
    }

    // ImageNet networks (paper Table 1): one line each.
    public static void resnet18(NetworkBuilder b) { imagenet(b, BASIC, Shortcut.PROJECTION, 2, 2, 2, 2); }
    public static void resnet34(NetworkBuilder b) { imagenet(b, BASIC, Shortcut.PROJECTION, 3, 4, 6, 3); }
    public static void resnet50(NetworkBuilder b) { imagenet(b, BOTTLENECK, Shortcut.PROJECTION, 3, 4, 6, 3); }
    public static void resnet101(NetworkBuilder b) { imagenet(b, BOTTLENECK, Shortcut.PROJECTION, 3, 4, 23, 3); }
    public static void resnet152(NetworkBuilder b) { imagenet(b, BOTTLENECK, Shortcut.PROJECTION, 3, 8, 36, 3); }
    public static void resnet50v1(NetworkBuilder b) { imagenet(b, BOTTLENECK_V1, Shortcut.PROJECTION, 3, 4, 6, 3); }
    public static void resnet101v1(NetworkBuilder b) { imagenet(b, BOTTLENECK_V1, Shortcut.PROJECTION, 3, 4, 23, 3); }
    public static void resnet152v1(NetworkBuilder b) { imagenet(b, BOTTLENECK_V1, Shortcut.PROJECTION, 3, 8, 36, 3); }
    public static void plain18(NetworkBuilder b) { imagenet(b, BASIC, Shortcut.NONE, 2, 2, 2, 2); }
    public static void plain34(NetworkBuilder b) { imagenet(b, BASIC, Shortcut.NONE, 3, 4, 6, 3); }

    /** CIFAR-10 networks of §4.2: 6n+2 layers, 16/32/64 filters on 32×32 maps, option-A shortcuts. */
    public static void cifar(NetworkBuilder b, int n, Shortcut shortcut) {
        Block block = BASIC;
        String x = b.add("relu", relu(), convBn(b, "", 1, INPUT, convNoBias(16, 3, 1, 1))); // N x 16 x 32 x 32
        x = stage(b, "layer1", x, block, shortcut, 16, n, 1);                                  // N x 16 x 32 x 32
        x = stage(b, "layer2", x, block, shortcut, 32, n, 2);                                  // N x 32 x 16 x 16
        x = stage(b, "layer3", x, block, shortcut, 64, n, 2);                                  // N x 64 x 8 x 8
        head(b, x);
    }

    private static void imagenet(NetworkBuilder b, Block block, Shortcut shortcut, int... depths) {
        String x = b.add("relu", relu(), convBn(b, "", 1, INPUT, convNoBias(64, 7, 2, 3)));  // N x 64 x 112 x 112
        x = b.add("maxpool", maxPool(3, 2, 1, false), x);                                    // N x 64 x 56 x 56
        x = stage(b, "layer1", x, block, shortcut, 64, depths[0], 1);
        x = stage(b, "layer2", x, block, shortcut, 128, depths[1], 2);
        x = stage(b, "layer3", x, block, shortcut, 256, depths[2], 2);
        x = stage(b, "layer4", x, block, shortcut, 512, depths[3], 2);
        head(b, x);
    }

    private static void head(NetworkBuilder b, String x) {
        x = b.add("avgpool", gap(), x);
        x = b.add("flatten", flatten(), x);
        x = b.add("fc", fc(b.classes()), x);
        b.add("prob", softmax(), x);
    }

    /** {@code depth} blocks of {@code planes}; the first one strides and changes width (torchvision's _make_layer). */
    public static String stage(NetworkBuilder b, String name, String x, Block block, Shortcut shortcut, int planes,
                               int depth, int stride) {
        String kind = shortcut == Shortcut.NONE ? "plain " + block.title() : block.title();
        return b.group(name, Group.Kind.STAGE, name + ": " + kind + " ×" + depth, () -> {
            String y = x;
            for (int i = 0; i < depth; i++) {
                y = block(b, name + "." + i, y, block, shortcut, planes, i == 0 ? stride : 1);
            }
            return y;
        });
    }

    private static String block(NetworkBuilder b, String name, String x, Block block, Shortcut shortcut, int planes,
                                int stride) {
        Group.Kind kind = shortcut == Shortcut.NONE ? Group.Kind.PLAIN_BLOCK : block.kind();
        int in = b.shape(x).channels();
        int out = planes * block.expansion();
        boolean reshape = stride != 1 || in != out;
        String label = name + ": " + (shortcut == Shortcut.NONE ? "plain " : "") + block.title()
                + (reshape && shortcut == Shortcut.PROJECTION ? ", projection shortcut"
                : reshape && shortcut == Shortcut.ZERO_PAD ? ", zero-padding shortcut" : "");
        return b.group(name, kind, label, () -> {
            String p = name + ".";
            String fx = block.body().build(b, p, x, planes, stride);
            String last = "relu" + (block.expansion() == 1 ? 2 : 3);
            if (shortcut == Shortcut.NONE) {
                return b.add(p + last, relu(), fx);
            }
            String identity = x;
            if (reshape && shortcut == Shortcut.PROJECTION) {
                identity = b.shortcut(() -> b.add(p + "downsample.1", bn(),
                        b.add(p + "downsample.0", convNoBias(out, 1, stride, 0), x)));
            } else if (reshape) {
                int extra = out - in;
                identity = b.shortcut(() ->
                        b.add(p + "shortcut", new LayerSpec.ZeroPad(stride, extra / 2, extra - extra / 2), x));
            }
            return b.add(p + last, relu(), b.add(p + "add", add(), fx, identity));
        });
    }
}
