package org.cnnexplorer.data;

import org.cnnexplorer.arch.Shape;

/** Labelled examples of one shape, as mini-batches read them. */
public interface Examples {
    /** C×H×W of one example. */
    Shape shape();

    int size();

    /** The class of example {@code index}, in {@code [0, classNames().size())}. */
    int label(int index);

    /** Writes example {@code index} as {@code shape().size()} floats, C×H×W, into {@code dst} from {@code offset}. */
    void copyFeatures(int index, float[] dst, int offset);
}
