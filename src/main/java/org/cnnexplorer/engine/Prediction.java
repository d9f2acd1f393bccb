package org.cnnexplorer.engine;

/** One of the top-k classes of a forward pass. */
public record Prediction(int classIndex, String label, float probability) {
}
