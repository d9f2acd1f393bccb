package org.cnnexplorer.arch.zoo;

import org.cnnexplorer.arch.Group;
import org.cnnexplorer.arch.Layers.Activation;
import org.cnnexplorer.arch.NetworkBuilder;

import static org.cnnexplorer.arch.Layers.bn;
import static org.cnnexplorer.arch.Layers.conv;
import static org.cnnexplorer.arch.Layers.convNoBias;
import static org.cnnexplorer.arch.Layers.dropout;
import static org.cnnexplorer.arch.Layers.fc;
import static org.cnnexplorer.arch.Layers.flatten;
import static org.cnnexplorer.arch.Layers.gap;
import static org.cnnexplorer.arch.Layers.groupedConv;
import static org.cnnexplorer.arch.Layers.lrn;
import static org.cnnexplorer.arch.Layers.maxPool;
import static org.cnnexplorer.arch.Layers.relu;
import static org.cnnexplorer.arch.Layers.softmax;
import static org.cnnexplorer.arch.NetworkBuilder.INPUT;

/**
 * One small network per family for 1×28×28 Fashion-MNIST, small enough to train on a laptop CPU in minutes,
 * each keeping the idea that defines its family. Shapes in the comments are for 1×28×28.
 */
public final class Mini {
    private Mini() {
    }

    /**
     * AlexNet scaled down: two towers (groups = 2 in conv2, conv4, conv5; conv3 and the FC layers cross over),
     * ReLU, LRN after conv1 and conv2, overlapping 3×3/2 max-pooling, dropout in the FC layers. Widths are
     * a third of the paper's, the 11×11/4 stem becomes 5×5/1 (28-pixel images have no detail to skip), the FC
     * layers shrink from 4096 to 512.
     */
    public static void alexnet(NetworkBuilder b) {
        b.towers(2);
        String x = b.add("relu1", relu(), b.add("conv1", conv(32, 5, 1, 2), INPUT));              // N x 32 x 28 x 28
        x = b.add("pool1", maxPool(3, 2), b.add("norm1", lrn(), x));                               // N x 32 x 13 x 13
        x = b.add("relu2", relu(), b.add("conv2", groupedConv(64, 3, 1, 1, 2), x));                // N x 64 x 13 x 13
        x = b.add("pool2", maxPool(3, 2), b.add("norm2", lrn(), x));                               // N x 64 x 6 x 6
        x = b.add("relu3", relu(), b.add("conv3", conv(96, 3, 1, 1), x));                          // N x 96 x 6 x 6
        x = b.add("relu4", relu(), b.add("conv4", groupedConv(96, 3, 1, 1, 2), x));                // N x 96 x 6 x 6
        x = b.add("relu5", relu(), b.add("conv5", groupedConv(64, 3, 1, 1, 2), x));                // N x 64 x 6 x 6
        x = b.add("flatten", flatten(), b.add("pool5", maxPool(3, 2), x));                         // N x 256
        x = b.add("drop6", dropout(0.5), b.add("relu6", relu(), b.add("fc6", fc(512), x)));
        x = b.add("drop7", dropout(0.5), b.add("relu7", relu(), b.add("fc7", fc(512), x)));
        b.add("prob", softmax(), b.add("fc8", fc(b.classes()), x));
    }

    /**
     * The network of the ReLU-against-sigmoid lesson: a plain VGG-style stack without batch norm or shortcuts,
     * conv3-16 ×2, pool, conv3-32 ×2, pool, fc-64, fc-10, with {@code act} after every hidden layer. Six weight
     * layers: enough for the sigmoid's vanishing gradient (its derivative is at most 1/4 per layer) to show.
     */
    public static void plain(NetworkBuilder b, Activation act) {
        String x = INPUT;
        int n = 0;
        for (int width : new int[] {16, 32}) {
            for (int i = 0; i < 2; i++) {
                n++;
                x = b.add("act" + n, act.spec(), b.add("conv" + n, conv(width, 3, 1, 1), x));
            }
            x = b.add("pool" + (width / 16), maxPool(2, 2), x);             // 16 x 14 x 14, then 32 x 7 x 7
        }
        x = b.add("flatten", flatten(), x);
        x = b.add("act5", act.spec(), b.add("fc5", fc(64), x));
        b.add("prob", softmax(), b.add("fc6", fc(b.classes()), x));
    }

    /**
     * VGG scaled down: blocks of stacked 3×3 convolutions (two per block) each ending in a 2×2/2 max-pool, widths
     * doubling per block from 16, batch norm as in vgg*-bn, then fc-256, dropout, fc-10.
     */
    public static void vgg(NetworkBuilder b) {
        Vgg.features(b, "16 16 M 32 32 M 64 64 M", true);
        String x = b.group("classifier", Group.Kind.CLASSIFIER, "classifier: fc-256, fc-" + b.classes(), () -> {
            String y = b.add("flatten", flatten(), "block3.pool");                              // N x 576
            y = b.add("drop6", dropout(0.5), b.add("relu6", relu(), b.add("fc6", fc(256), y)));
            return b.add("fc7", fc(b.classes()), y);
        });
        b.add("prob", softmax(), x);
    }

    /**
     * GoogLeNet scaled down: a 3×3 stem, three Inception modules with 1×1 reductions and true 5×5 branches, one
     * auxiliary classifier (loss weight 0.3, training only), global average pooling instead of FC layers.
     * Batch norm after each convolution as in torchvision's variant, so it trains in a few epochs.
     */
    public static void googlenet(NetworkBuilder b) {
        GoogLeNet.Style s = GoogLeNet.MINI;
        String x = s.unit(b, "conv1", INPUT, 32, 3, 1);                                          // N x 32 x 28 x 28
        x = b.add("maxpool1", maxPool(3, 2, 0, true), x);                                        // N x 32 x 14 x 14
        x = GoogLeNet.inception(b, s, "inception3a", x, 16, 16, 32, 8, 16, 16);                  // N x 80 x 14 x 14
        x = GoogLeNet.inception(b, s, "inception3b", x, 32, 32, 48, 8, 24, 24);                  // N x 128 x 14 x 14
        GoogLeNet.auxiliary(b, s, "aux1", x, 64, 256);
        x = b.add("maxpool2", maxPool(3, 2, 0, true), x);                                        // N x 128 x 7 x 7
        x = GoogLeNet.inception(b, s, "inception4a", x, 48, 32, 64, 8, 24, 24);                  // N x 160 x 7 x 7
        x = b.add("flatten", flatten(), b.add("avgpool", gap(), x));                            // N x 160
        x = b.add("dropout", dropout(0.4), x);
        b.add("prob", softmax(), b.add("fc", fc(b.classes()), x));
    }

    /**
     * ResNet scaled down: the CIFAR design (3×3 stem, stages of 16/32/64 filters, BN, global average pooling) with
     * two basic blocks per stage and projection shortcuts where the shape changes.
     */
    public static void resnet(NetworkBuilder b) {
        String x = b.add("relu", relu(), b.add("bn1", bn(), b.add("conv1", convNoBias(16, 3, 1, 1), INPUT)));
        x = b.add("maxpool", maxPool(2, 2), x);                                                   // N x 16 x 14 x 14
        x = ResNet.stage(b, "layer1", x, ResNet.BASIC, ResNet.Shortcut.PROJECTION, 16, 2, 1);     // N x 16 x 14 x 14
        x = ResNet.stage(b, "layer2", x, ResNet.BASIC, ResNet.Shortcut.PROJECTION, 32, 2, 2);     // N x 32 x 7 x 7
        x = ResNet.stage(b, "layer3", x, ResNet.BASIC, ResNet.Shortcut.PROJECTION, 64, 2, 2);     // N x 64 x 4 x 4
        x = b.add("flatten", flatten(), b.add("avgpool", gap(), x));
        b.add("prob", softmax(), b.add("fc", fc(b.classes()), x));
    }
}
