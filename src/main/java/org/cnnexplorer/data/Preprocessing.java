package org.cnnexplorer.data;

import org.cnnexplorer.arch.Shape;

import java.util.Arrays;
import java.util.Optional;

/**
 * How the source of a network's weights turned pictures into inputs; imported weights record theirs (under
 * {@link #KEY} in their provenance) so Classify feeds the network what it was trained on.
 */
public enum Preprocessing {
    /** torchvision and the ONNX model zoo's ResNet and VGG: RGB in [0, 1], ImageNet mean and std, 256 → 224 crop. */
    TORCHVISION("torchvision"),
    /**
     * Caffe's BVLC models (AlexNet, GoogLeNet): BGR in 0–255 minus the ILSVRC-2012 training set's mean per channel
     * (B 104, G 117, R 123), resized and centre-cropped like the others.
     */
    CAFFE("caffe"),
    /**
     * torchvision's googlenet with {@code transform_input}: the network turns ImageNet-normalised input into
     * (x − 0.5) / 0.5 itself; the import leaves that step out, so the picture is scaled to [−1, 1] here instead.
     */
    HALF_RANGE("half-range");

    /** The provenance key under which imported weights record their preprocessing. */
    public static final String KEY = "preprocessing";

    private static final float[] CAFFE_MEAN_BGR = {104f / 255, 117f / 255, 123f / 255};
    private static final float[] CAFFE_STD = {1f / 255, 1f / 255, 1f / 255};
    private static final float[] HALF = {0.5f, 0.5f, 0.5f};

    private final String id;

    Preprocessing(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Preprocessing> of(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }

    /** The input spec for a 3-channel network input of {@code shape}. */
    public InputSpec spec(Shape shape) {
        return switch (this) {
            case TORCHVISION -> InputSpec.imagenet(shape);
            case CAFFE -> new InputSpec(shape, InputSpec.Fit.RESIZE_AND_CENTER_CROP, InputSpec.Invert.NEVER,
                    CAFFE_MEAN_BGR, CAFFE_STD, true);
            case HALF_RANGE -> new InputSpec(shape, InputSpec.Fit.RESIZE_AND_CENTER_CROP, InputSpec.Invert.NEVER, HALF,
                    HALF, false);
        };
    }
}
