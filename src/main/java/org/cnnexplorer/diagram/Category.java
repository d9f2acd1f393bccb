package org.cnnexplorer.diagram;

import java.util.Locale;

/** Colour categories of the graph, as Netron groups layer types; the colours live in palette.css. */
public enum Category {
    INPUT, CONV, POOL, NORM, ACTIVATION, MERGE, FC, SHAPE, BLOCK;

    /** The CSS suffix: {@code -cnn-conv}, {@code -cnn-conv-stroke}. */
    public String css() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Category of(String layerType) {
        return switch (layerType) {
            case "input" -> INPUT;
            case "conv" -> CONV;
            case "maxpool", "avgpool", "gap" -> POOL;
            case "bn", "lrn" -> NORM;
            case "relu", "sigmoid", "tanh", "softmax", "dropout" -> ACTIVATION;
            case "add", "concat" -> MERGE;
            case "fc" -> FC;
            default -> SHAPE;
        };
    }
}
