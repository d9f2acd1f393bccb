package org.cnnexplorer.lessons;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The lessons in lecture order: the one home of what each lesson is about (network, layer, the layer types it
 * explains) and which builder makes its page. The window, the inspector's links, {@code lesson} and the handout
 * all read this list.
 */
public final class Lessons {
    /** A topic the inspector links from its receptive-field row. */
    public static final String RECEPTIVE_FIELD = "receptive-field";

    public static final List<Lesson> ALL = List.of(
            new Lesson("ilsvrc-history", "alexnet", "conv1", Set.of(), HistoryLesson::page),
            new Lesson("alexnet-input", "alexnet", "conv1", Set.of("input", "conv"), AlexNetLessons::input),
            new Lesson("alexnet-gpus", "alexnet", "conv3", Set.of("conv", "fc"), AlexNetLessons::twoGpus),
            new Lesson("alexnet-relu", "alexnet", "relu1", Set.of("relu", "sigmoid", "tanh"), ReluLesson::page),
            new Lesson("alexnet-lrn", "alexnet", "norm1", Set.of("lrn"), LrnLesson::page),
            new Lesson("alexnet-pooling", "alexnet", "pool1", Set.of("maxpool"), AlexNetLessons::pooling),
            new Lesson("alexnet-augmentation", "alexnet", "input", Set.of("input"), AugmentationLesson::page),
            new Lesson("alexnet-dropout", "alexnet", "drop6", Set.of("dropout"), DropoutLesson::page),
            new Lesson("vgg-stacking", "vgg16", "block1.conv2", Set.of("conv", RECEPTIVE_FIELD),
                    VggLessons::stacking),
            new Lesson("vgg-configs", "vgg16", "fc6", Set.of("fc"), VggLessons::configs),
            new Lesson("googlenet-1x1", "googlenet", "inception3a.branch3.0", Set.of("conv"),
                    GoogLeNetLessons::oneByOne),
            new Lesson("googlenet-inception", "googlenet", "inception3a", Set.of("concat"),
                    GoogLeNetLessons::inception),
            new Lesson("googlenet-aux", "googlenet", "aux1", Set.of(), GoogLeNetLessons::auxiliary),
            new Lesson("googlenet-gap", "googlenet", "avgpool", Set.of("gap"), GoogLeNetLessons::pooling),
            new Lesson("resnet-degradation", "plain56", "layer1", Set.of(), ResNetLessons::degradation),
            new Lesson("resnet-residual", "mini-resnet", "layer1.1", Set.of("add"), ResNetLessons::residual),
            new Lesson("resnet-shortcuts", "resnet34", "layer2.0", Set.of("pad"), ResNetLessons::shortcuts),
            new Lesson("resnet-bottleneck", "resnet50", "layer3.0", Set.of(), ResNetLessons::bottleneck),
            new Lesson("resnet-lesion", "mini-resnet", "layer2.1", Set.of(), LesionLesson::page));

    private Lessons() {
    }

    public static List<String> ids() {
        return ALL.stream().map(Lesson::id).toList();
    }

    public static Optional<Lesson> find(String id) {
        return ALL.stream().filter(l -> l.id().equals(id)).findFirst();
    }

    public static int indexOf(String id) {
        return ids().indexOf(id);
    }

    /** The lessons that explain layers of {@code type} (a catalog type such as {@code lrn}) or a topic. */
    public static List<Lesson> explaining(String typeOrTopic) {
        return ALL.stream().filter(l -> l.explains().contains(typeOrTopic)).toList();
    }

    /** "Lesson 3 of 8 · alexnet · norm1": the caption printed under a page's title. */
    public static String caption(Lesson l) {
        return Text.common("caption", indexOf(l.id()) + 1, ALL.size(), l.networkId(), l.layerId());
    }
}
