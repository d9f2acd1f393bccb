package org.cnnexplorer.dl4j;

/** One of the top-k classes of a forward pass. */
public record Prediction(int classIndex, String label, float probability) {
}
