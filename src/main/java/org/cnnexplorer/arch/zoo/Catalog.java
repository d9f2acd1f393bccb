package org.cnnexplorer.arch.zoo;

import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.Layers;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.NetworkBuilder;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.arch.ShapeException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Every network the product knows, by stable id. */
public final class Catalog {

    public enum Family { ALEXNET, VGG, GOOGLENET, RESNET, MINI }

    /**
     * A network definition with its defaults; {@link #build(Shape, int)} instantiates it for any input. A
     * {@code module} is one block on its own input (inception3a, naive or with reductions): it ends in the block's
     * output, not in a classifier, so it is shown and counted but not trained or classified with.
     */
    public record Entry(String id, Family family, String title, String paper, Shape input, int classes,
                        boolean module, Consumer<NetworkBuilder> definition) {

        public Network build() {
            return build(input, classes);
        }

        /** @throws ShapeException when the network cannot take {@code in}, naming the layer that fails */
        public Network build(Shape in, int numClasses) {
            return build(in, numClasses, Map.of());
        }

        /**
         * The network with some layers' specs replaced by others of the same kind ({@link NetworkBuilder#override}).
         */
        public Network build(Shape in, int numClasses, Map<String, LayerSpec> overrides) {
            NetworkBuilder b = new NetworkBuilder(id, title, paper, in, numClasses).override(overrides);
            definition.accept(b);
            return b.build();
        }
    }

    private static final Shape IMAGENET = Shape.chw(3, 224, 224);
    private static final Shape CIFAR = Shape.chw(3, 32, 32);
    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        Family a = Family.ALEXNET;
        add("alexnet", a, "AlexNet (2012, two GPU towers)", Papers.ALEXNET, Shape.chw(3, 227, 227),
                b -> AlexNet.paper(b, 2));
        add("alexnet-single", a, "AlexNet (paper widths, one tower)", Papers.ALEXNET, Shape.chw(3, 227, 227),
                b -> AlexNet.paper(b, 1));
        add("alexnet-tv", a, "AlexNet (torchvision, one weird trick)", Papers.ALEXNET_ONE_WEIRD_TRICK, IMAGENET,
                AlexNet::torchvision);

        Family v = Family.VGG;
        add("vgg11", v, "VGG-11 (A)", Papers.VGG, IMAGENET, b -> Vgg.vgg(b, "A", false));
        add("vgg11-lrn", v, "VGG-11 with LRN (A-LRN)", Papers.VGG, IMAGENET, b -> Vgg.vgg(b, "A-LRN", false));
        add("vgg13", v, "VGG-13 (B)", Papers.VGG, IMAGENET, b -> Vgg.vgg(b, "B", false));
        add("vgg16", v, "VGG-16 (D)", Papers.VGG, IMAGENET, b -> Vgg.vgg(b, "D", false));
        add("vgg16-c", v, "VGG-16 with 1×1 convs (C)", Papers.VGG, IMAGENET, b -> Vgg.vgg(b, "C", false));
        add("vgg19", v, "VGG-19 (E)", Papers.VGG, IMAGENET, b -> Vgg.vgg(b, "E", false));
        add("vgg11-bn", v, "VGG-11 with batch norm", Papers.VGG_BN, IMAGENET, b -> Vgg.vgg(b, "A", true));
        add("vgg13-bn", v, "VGG-13 with batch norm", Papers.VGG_BN, IMAGENET, b -> Vgg.vgg(b, "B", true));
        add("vgg16-bn", v, "VGG-16 with batch norm", Papers.VGG_BN, IMAGENET, b -> Vgg.vgg(b, "D", true));
        add("vgg19-bn", v, "VGG-19 with batch norm", Papers.VGG_BN, IMAGENET, b -> Vgg.vgg(b, "E", true));

        Family g = Family.GOOGLENET;
        add("googlenet", g, "GoogLeNet (Inception v1)", Papers.GOOGLENET, IMAGENET, GoogLeNet::paper);
        add("googlenet-tv", g, "GoogLeNet (torchvision, BN)", Papers.GOOGLENET_TV, IMAGENET, GoogLeNet::torchvision);
        // the Inception module on its own, both ways of the paper's Figure 2: the lesson compares them
        module("inception3a", g, "inception3a with reductions (Figure 2b)", Papers.GOOGLENET,
                GoogLeNet.INCEPTION3A_INPUT, b -> GoogLeNet.inception3a(b, false));
        module("inception3a-naive", g, "inception3a, naive (Figure 2a)", Papers.GOOGLENET, GoogLeNet.INCEPTION3A_INPUT,
                b -> GoogLeNet.inception3a(b, true));

        Family r = Family.RESNET;
        add("resnet18", r, "ResNet-18", Papers.RESNET, IMAGENET, ResNet::resnet18);
        add("resnet34", r, "ResNet-34", Papers.RESNET, IMAGENET, ResNet::resnet34);
        add("resnet50", r, "ResNet-50 (v1.5)", Papers.RESNET, IMAGENET, ResNet::resnet50);
        add("resnet101", r, "ResNet-101 (v1.5)", Papers.RESNET, IMAGENET, ResNet::resnet101);
        add("resnet152", r, "ResNet-152 (v1.5)", Papers.RESNET, IMAGENET, ResNet::resnet152);
        add("resnet50-v1", r, "ResNet-50 (paper v1)", Papers.RESNET, IMAGENET, ResNet::resnet50v1);
        add("resnet101-v1", r, "ResNet-101 (paper v1)", Papers.RESNET, IMAGENET, ResNet::resnet101v1);
        add("resnet152-v1", r, "ResNet-152 (paper v1)", Papers.RESNET, IMAGENET, ResNet::resnet152v1);
        add("plain18", r, "Plain-18 (no shortcuts)", Papers.RESNET, IMAGENET, ResNet::plain18);
        add("plain34", r, "Plain-34 (no shortcuts)", Papers.RESNET, IMAGENET, ResNet::plain34);
        // 8 and 14 are not in the paper's table; the degradation lab offers them as the shallow end of a depth series.
        for (int depth : new int[] {8, 14, 20, 32, 44, 56, 110, 1202}) {
            int n = (depth - 2) / 6;
            add("resnet" + depth, r, "ResNet-" + depth + " (CIFAR)", Papers.RESNET, CIFAR, 10,
                    b -> ResNet.cifar(b, n, ResNet.Shortcut.ZERO_PAD));
            if (depth != 1202) {
                add("plain" + depth, r, "Plain-" + depth + " (CIFAR, no shortcuts)", Papers.RESNET, CIFAR, 10,
                        b -> ResNet.cifar(b, n, ResNet.Shortcut.NONE));
            }
        }

        Family m = Family.MINI;
        Shape fashion = Shape.chw(1, 28, 28);
        add("mini-alexnet", m, "Mini AlexNet (Fashion-MNIST)", Papers.ALEXNET, fashion, 10, Mini::alexnet);
        // the same network, shipped trained with the paper's crops and flips (the augmentation lesson compares them)
        add("mini-alexnet-aug", m, "Mini AlexNet trained with crops and flips (Fashion-MNIST)", Papers.ALEXNET,
                fashion, 10, Mini::alexnet);
        add("mini-vgg", m, "Mini VGG (Fashion-MNIST)", Papers.VGG, fashion, 10, Mini::vgg);
        add("mini-googlenet", m, "Mini GoogLeNet (Fashion-MNIST)", Papers.GOOGLENET, fashion, 10, Mini::googlenet);
        add("mini-resnet", m, "Mini ResNet (Fashion-MNIST)", Papers.RESNET, fashion, 10, Mini::resnet);
        // one network, three activations: the ReLU lesson trains them side by side
        for (Layers.Activation act : Layers.Activation.values()) {
            add("mini-plain-" + act.id(), m, "Mini plain net with " + act.id() + " (Fashion-MNIST)", Papers.ALEXNET,
                    fashion, 10, b -> Mini.plain(b, act));
        }
    }

    private Catalog() {
    }

    private static void add(String id, Family family, String title, String paper, Shape input,
                            Consumer<NetworkBuilder> definition) {
        add(id, family, title, paper, input, 1000, definition);
    }

    private static void add(String id, Family family, String title, String paper, Shape input, int classes,
                            Consumer<NetworkBuilder> definition) {
        ENTRIES.put(id, new Entry(id, family, title, paper, input, classes, false, definition));
    }

    private static void module(String id, Family family, String title, String paper, Shape input,
                               Consumer<NetworkBuilder> definition) {
        ENTRIES.put(id, new Entry(id, family, title, paper, input, 1000, true, definition));
    }

    public static List<Entry> entries() {
        return Collections.unmodifiableList(new ArrayList<>(ENTRIES.values()));
    }

    public static List<String> ids() {
        return List.copyOf(ENTRIES.keySet());
    }

    public static Optional<Entry> find(String id) {
        return Optional.ofNullable(ENTRIES.get(id));
    }

    /** @throws IllegalArgumentException naming the valid ids when {@code id} is unknown */
    public static Entry get(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException(
                "unknown network '" + id + "'; valid ids: " + String.join(", ", ENTRIES.keySet())));
    }
}
