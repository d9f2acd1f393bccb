package org.cnnexplorer.weights;

import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.Network;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where torchvision's state_dict keeps each weighted layer of the catalog's torchvision networks: the module name
 * before {@code .weight}, {@code .bias}, {@code .running_mean} and {@code .running_var}. The ResNets' layer ids are
 * torchvision's module names already; VGG and AlexNet are torchvision Sequentials ({@code features.N},
 * {@code classifier.N}, N counting every layer, ReLU, pooling and dropout included, as the catalog lists them);
 * GoogLeNet's conv units are BasicConv2d modules ({@code inception3a.branch2.0.conv}, {@code .bn}), its 1×1 branch a
 * BasicConv2d on its own ({@code inception3a.branch1.conv}).
 *
 * <p>timm's copies of torchvision's VGG weights (timm/vgg16.tv_in1k) keep the features but rename the classifier
 * ({@link #TIMM_VGG}) and store its first two layers as convolutions over the last map (fc1 as 4096×512×7×7, fc2 as
 * 4096×4096×1×1), which are the same matrices.
 */
final class TorchvisionKeys {
    /** The catalog ids whose layers have torchvision names, as torchvision.models builds them. */
    static final List<String> IDS = List.of("resnet18", "resnet34", "resnet50", "resnet101", "resnet152", "vgg11",
            "vgg13", "vgg16", "vgg19", "vgg11-bn", "vgg13-bn", "vgg16-bn", "vgg19-bn", "alexnet-tv", "googlenet-tv");

    /** torchvision's VGG classifier modules → timm's names for them. */
    static final Map<String, String> TIMM_VGG = Map.of("classifier.0", "pre_logits.fc1",
            "classifier.3", "pre_logits.fc2", "classifier.6", "head.fc");

    private TorchvisionKeys() {
    }

    /**
     * The module name of each weighted layer of {@code net} (one of {@link #IDS}), by catalog layer id.
     *
     * @throws IllegalArgumentException for a network torchvision does not build
     */
    static Map<String, String> modules(Network net) {
        String id = net.id();
        if (!IDS.contains(id)) {
            throw new IllegalArgumentException(id + " is not one of torchvision's networks");
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (id.startsWith("vgg") || id.equals("alexnet-tv")) {
            sequential(net, out);
        } else {
            for (Layer l : LayerPlan.slots(net)) {
                out.put(l.id(), id.equals("googlenet-tv") ? basicConv(l) : l.id());
            }
        }
        return out;
    }

    /**
     * Whether a key of the file is known but has no catalog layer: batch norm's {@code num_batches_tracked} (a
     * training counter) and GoogLeNet's auxiliary heads, which torchvision's published weights keep and which are
     * only used in training (the catalog's stay as they are).
     */
    static boolean unused(String key, String id) {
        return key.endsWith(".num_batches_tracked")
                || id.equals("googlenet-tv") && (key.startsWith("aux1.") || key.startsWith("aux2."));
    }

    /** {@code features.N} before the pooling into the classifier, {@code classifier.N} after the flatten. */
    private static void sequential(Network net, Map<String, String> out) {
        String part = "features";
        int n = 0;
        for (Layer l : net.layers()) {
            LayerSpec s = l.spec();
            if (s instanceof LayerSpec.Input) {
                continue;
            }
            if (s instanceof LayerSpec.AdaptiveAvgPool || s instanceof LayerSpec.Flatten) {
                // torchvision's avgpool and flatten are not part of either Sequential
                part = "classifier";
                n = 0;
                continue;
            }
            if (s instanceof LayerSpec.Conv || s instanceof LayerSpec.BatchNorm || s instanceof LayerSpec.Linear) {
                out.put(l.id(), part + "." + n);
            }
            n++;
        }
    }

    /** A GoogLeNet layer's BasicConv2d module: {@code X} (the conv) is X.conv, {@code X.bn} is X.bn. */
    private static String basicConv(Layer l) {
        if (l.spec() instanceof LayerSpec.Linear) {
            return l.id();
        }
        String unit = l.spec() instanceof LayerSpec.BatchNorm ? l.id().substring(0, l.id().length() - 3) : l.id();
        // the 1×1 branch is a BasicConv2d itself, not a Sequential of one
        String module = unit.endsWith(".branch1.0") ? unit.substring(0, unit.length() - 2) : unit;
        return module + (l.spec() instanceof LayerSpec.BatchNorm ? ".bn" : ".conv");
    }
}
