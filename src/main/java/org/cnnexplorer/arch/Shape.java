package org.cnnexplorer.arch;

import java.util.List;
import java.util.Locale;

/**
 * The shape of one image's tensor: channels × height × width, or a flat vector of {@code channels}
 * values once a network has flattened its feature maps. The batch dimension is never part of it.
 */
public record Shape(int channels, int height, int width, boolean flat) {

    public Shape {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new ShapeException("every dimension must be positive, got " + channels + "×" + height + "×" + width);
        }
        if (flat && (height != 1 || width != 1)) {
            throw new IllegalArgumentException("a flat shape has height and width 1");
        }
    }

    public static Shape chw(int channels, int height, int width) {
        return new Shape(channels, height, width, false);
    }

    public static Shape flat(int size) {
        return new Shape(size, 1, 1, true);
    }

    /** Parses {@code CxHxW} (also with {@code ×} or {@code ,}); a single number is a flat vector. */
    public static Shape parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("[x×,*]");
        try {
            if (parts.length == 3) {
                return chw(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()),
                        Integer.parseInt(parts[2].trim()));
            }
        } catch (NumberFormatException ignored) {
            // falls through to the message below
        }
        throw new ShapeException("'" + text + "' is not a shape; write it as CxHxW, e.g. 3x224x224");
    }

    public long size() {
        return (long) channels * height * width;
    }

    /** [C, H, W] for feature maps, [N] for flat vectors: the form the CLI's JSON uses. */
    public List<Integer> dims() {
        return flat ? List.of(channels) : List.of(channels, height, width);
    }

    public boolean sameSpatial(Shape other) {
        return height == other.height && width == other.width;
    }

    @Override
    public String toString() {
        return flat ? Integer.toString(channels) : channels + "×" + height + "×" + width;
    }
}
