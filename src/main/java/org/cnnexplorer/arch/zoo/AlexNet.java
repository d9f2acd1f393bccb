package org.cnnexplorer.arch.zoo;

import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.NetworkBuilder;

import static org.cnnexplorer.arch.Layers.conv;
import static org.cnnexplorer.arch.Layers.dropout;
import static org.cnnexplorer.arch.Layers.fc;
import static org.cnnexplorer.arch.Layers.flatten;
import static org.cnnexplorer.arch.Layers.groupedConv;
import static org.cnnexplorer.arch.Layers.lrn;
import static org.cnnexplorer.arch.Layers.maxPool;
import static org.cnnexplorer.arch.Layers.relu;
import static org.cnnexplorer.arch.Layers.softmax;
import static org.cnnexplorer.arch.NetworkBuilder.INPUT;

/**
 * AlexNet. The 2012 network ran on two GPUs: conv2, conv4 and conv5 only see the maps of their own GPU
 * (groups = 2 here, so counts read as in the paper); conv3 and the fully-connected layers are where the GPUs
 * exchange data. The paper's Figure 2 says 224×224 input, but 11×11/4 convolutions only give its 55×55 maps
 * on 227×227 (a known erratum, also noted by the Caffe reference model), so we take 227.
 */
public final class AlexNet {
    private AlexNet() {
    }

    /** Krizhevsky et al. 2012, Figure 2 and §3.3–3.5; {@code towers} = 2 for the two-GPU split, 1 for one tower. */
    public static void paper(NetworkBuilder b, int towers) {
        b.towers(towers);
        String x = convRelu(b, "1", INPUT, conv(96, 11, 4, 0));             // 96 x 55 x 55
        x = b.add("norm1", lrn(), x);
        x = b.add("pool1", maxPool(3, 2), x);                                 // 96 x 27 x 27
        x = convRelu(b, "2", x, groupedConv(256, 5, 1, 2, towers));          // 256 x 27 x 27
        x = b.add("norm2", lrn(), x);
        x = b.add("pool2", maxPool(3, 2), x);                                 // 256 x 13 x 13
        x = convRelu(b, "3", x, conv(384, 3, 1, 1));                         // 384 x 13 x 13, GPUs exchange
        x = convRelu(b, "4", x, groupedConv(384, 3, 1, 1, towers));          // 384 x 13 x 13
        x = convRelu(b, "5", x, groupedConv(256, 3, 1, 1, towers));          // 256 x 13 x 13
        x = b.add("pool5", maxPool(3, 2), x);                                 // 256 x 6 x 6
        x = b.add("flatten", flatten(), x);
        x = fcReluDropout(b, "6", x, 4096);
        x = fcReluDropout(b, "7", x, 4096);
        x = b.add("fc8", fc(b.classes()), x);
        b.add("prob", softmax(), x);
    }

    /** torchvision's alexnet(): the 64-192-384-256-256 single-GPU variant, no LRN, dropout before each hidden fc. */
    public static void torchvision(NetworkBuilder b) {
        String x = convRelu(b, "1", INPUT, conv(64, 11, 4, 2));              // 64 x 55 x 55
        x = b.add("pool1", maxPool(3, 2), x);                                 // 64 x 27 x 27
        x = convRelu(b, "2", x, conv(192, 5, 1, 2));
        x = b.add("pool2", maxPool(3, 2), x);                                 // 192 x 13 x 13
        x = convRelu(b, "3", x, conv(384, 3, 1, 1));
        x = convRelu(b, "4", x, conv(256, 3, 1, 1));
        x = convRelu(b, "5", x, conv(256, 3, 1, 1));
        x = b.add("pool5", maxPool(3, 2), x);                                 // 256 x 6 x 6
        x = b.add("avgpool", new LayerSpec.AdaptiveAvgPool(6), x);
        x = b.add("flatten", flatten(), x);
        x = b.add("drop6", dropout(0.5), x);
        x = b.add("relu6", relu(), b.add("fc6", fc(4096), x));
        x = b.add("drop7", dropout(0.5), x);
        x = b.add("relu7", relu(), b.add("fc7", fc(4096), x));
        x = b.add("fc8", fc(b.classes()), x);
        b.add("prob", softmax(), x);
    }

    private static String convRelu(NetworkBuilder b, String n, String x,
                                   LayerSpec.Conv conv) {
        return b.add("relu" + n, relu(), b.add("conv" + n, conv, x));
    }

    private static String fcReluDropout(NetworkBuilder b, String n, String x, int units) {
        x = b.add("relu" + n, relu(), b.add("fc" + n, fc(units), x));
        return b.add("drop" + n, dropout(0.5), x);
    }
}
