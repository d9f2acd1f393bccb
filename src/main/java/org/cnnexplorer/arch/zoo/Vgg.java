package org.cnnexplorer.arch.zoo;

import org.cnnexplorer.arch.Group;
import org.cnnexplorer.arch.NetworkBuilder;

import java.util.Arrays;
import java.util.Map;

import static org.cnnexplorer.arch.Layers.bn;
import static org.cnnexplorer.arch.Layers.conv;
import static org.cnnexplorer.arch.Layers.dropout;
import static org.cnnexplorer.arch.Layers.fc;
import static org.cnnexplorer.arch.Layers.flatten;
import static org.cnnexplorer.arch.Layers.lrn;
import static org.cnnexplorer.arch.Layers.maxPool;
import static org.cnnexplorer.arch.Layers.relu;
import static org.cnnexplorer.arch.Layers.softmax;
import static org.cnnexplorer.arch.NetworkBuilder.INPUT;

/**
 * VGG: the six columns of Simonyan &amp; Zisserman's Table 1 as data, one builder for all of them.
 * A number is a 3×3 convolution of that width ("conv3-64"), {@code 1:N} a 1×1 convolution ("conv1-256"),
 * {@code LRN} local response normalisation, {@code M} a 2×2/2 max-pool ending a block.
 */
public final class Vgg {
    private Vgg() {
    }

    public static final Map<String, String> CONFIGS = Map.of(
            "A", "64 M 128 M 256 256 M 512 512 M 512 512 M",
            "A-LRN", "64 LRN M 128 M 256 256 M 512 512 M 512 512 M",
            "B", "64 64 M 128 128 M 256 256 M 512 512 M 512 512 M",
            "C", "64 64 M 128 128 M 256 256 1:256 M 512 512 1:512 M 512 512 1:512 M",
            "D", "64 64 M 128 128 M 256 256 256 M 512 512 512 M 512 512 512 M",
            "E", "64 64 M 128 128 M 256 256 256 256 M 512 512 512 512 M 512 512 512 512 M");

    /** Builds column {@code config}; {@code batchNorm} inserts BN after every conv, as torchvision's vgg*_bn. */
    public static void vgg(NetworkBuilder b, String config, boolean batchNorm) {
        String features = features(b, CONFIGS.get(config), batchNorm);
        String label = "classifier: fc-4096, fc-4096, fc-" + b.classes();
        String x = b.group("classifier", Group.Kind.CLASSIFIER, label, () -> {
            String y = b.add("flatten", flatten(), features);
            y = b.add("drop6", dropout(0.5), b.add("relu6", relu(), b.add("fc6", fc(4096), y)));
            y = b.add("drop7", dropout(0.5), b.add("relu7", relu(), b.add("fc7", fc(4096), y)));
            return b.add("fc8", fc(b.classes()), y);
        });
        b.add("prob", softmax(), x);
    }

    /** The convolutional part of a column written in the table's notation; returns the last block's output. */
    public static String features(NetworkBuilder b, String column, boolean batchNorm) {
        String[] tokens = column.split(" ");
        String x = INPUT;
        int block = 1;
        int start = 0;
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i].equals("M")) {
                x = block(b, block++, x, Arrays.copyOfRange(tokens, start, i), batchNorm);
                start = i + 1;
            }
        }
        return x;
    }

    private static String block(NetworkBuilder b, int n, String in, String[] layers, boolean batchNorm) {
        String name = "block" + n;
        return b.group(name, Group.Kind.STAGE, name + ": " + describe(layers), () -> {
            String x = in;
            int c = 0;
            for (String t : layers) {
                if (t.equals("LRN")) {
                    x = b.add(name + ".norm", lrn(), x);
                    continue;
                }
                c++;
                boolean oneByOne = t.startsWith("1:");
                int width = Integer.parseInt(oneByOne ? t.substring(2) : t);
                x = b.add(name + ".conv" + c, oneByOne ? conv(width, 1, 1, 0) : conv(width, 3, 1, 1), x);
                if (batchNorm) {
                    x = b.add(name + ".bn" + c, bn(), x);
                }
                x = b.add(name + ".relu" + c, relu(), x);
            }
            return b.add(name + ".pool", maxPool(2, 2), x);
        });
    }

    private static String describe(String[] layers) {
        StringBuilder s = new StringBuilder();
        for (String t : layers) {
            if (!s.isEmpty()) {
                s.append(", ");
            }
            s.append(t.equals("LRN") ? "LRN" : t.startsWith("1:") ? "conv1-" + t.substring(2) : "conv3-" + t);
        }
        return s.toString();
    }
}
