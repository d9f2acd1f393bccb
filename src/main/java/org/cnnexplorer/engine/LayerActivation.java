package org.cnnexplorer.engine;

import org.cnnexplorer.arch.Shape;

/**
 * The output of one catalog layer for one image, copied out of ND4J: {@code values} is C×H×W row-major (or the
 * flat vector), {@code shape} is the catalog's output shape for that layer.
 */
public record LayerActivation(String layerId, Shape shape, float[] values) {

    public LayerActivation {
        if (values.length != shape.size()) {
            throw new IllegalArgumentException(layerId + ": " + values.length + " values for shape " + shape);
        }
    }

    /** Channel {@code c} of a feature map as an H×W row-major copy. */
    public float[] channel(int c) {
        int hw = shape.height() * shape.width();
        float[] out = new float[hw];
        System.arraycopy(values, c * hw, out, 0, hw);
        return out;
    }
}
