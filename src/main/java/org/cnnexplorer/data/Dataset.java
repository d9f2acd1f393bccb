package org.cnnexplorer.data;

import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.data.DataException.Reason;

import java.util.List;

/**
 * A labelled set of images of one split, already at the model's input size. Examples are read as C×H×W floats
 * normalised the way the model expects ({@link InputSpec}); Fashion-MNIST's are its pixels / 255.
 */
public interface Dataset {

    /** What the UI calls it, e.g. "Fashion-MNIST (embedded) · train". */
    String name();

    Split split();

    /** C×H×W of one example. */
    Shape shape();

    /** Display names of the classes, index = label. */
    List<String> classNames();

    int size();

    /** The class of example {@code index}, in {@code [0, classNames().size())}. */
    int label(int index);

    /** Writes example {@code index} as {@code shape().size()} floats, C×H×W, into {@code dst} from {@code offset}. */
    void copyFeatures(int index, float[] dst, int offset);

    /**
     * The example as 8-bit pixels (C×H×W, before mean/std normalisation) for showing it; Fashion-MNIST's are the
     * file's bytes.
     */
    byte[] pixels(int index);

    default int numClasses() {
        return classNames().size();
    }

    default float[] features(int index) {
        float[] out = new float[(int) shape().size()];
        copyFeatures(index, out, 0);
        return out;
    }

    /** How many examples each class has. */
    default int[] labelCounts() {
        int[] counts = new int[numClasses()];
        for (int i = 0; i < size(); i++) {
            counts[label(i)]++;
        }
        return counts;
    }

    /**
     * Shuffled mini-batches for training, reshuffled every epoch; the order depends only on {@code seed} and the
     * epoch number. Refuses a {@link Split#TEST} dataset.
     */
    default BatchIterator trainingBatches(int batchSize, long seed) {
        return trainingBatches(batchSize, seed, Augmentation.none());
    }

    default BatchIterator trainingBatches(int batchSize, long seed, Augmentation augmentation) {
        if (split() != Split.TRAIN) {
            throw new DataException(Reason.TEST_SPLIT_FOR_TRAINING, "data.error.testSplitForTraining", name());
        }
        return new BatchIterator(this, batchSize, true, seed, augmentation);
    }

    /** Every example once, in order, unaugmented: for measuring accuracy (either split). */
    default BatchIterator evaluationBatches(int batchSize) {
        return new BatchIterator(this, batchSize, false, 0L, Augmentation.none());
    }

    /** The first {@code n} examples (all of them when {@code n >= size()}), e.g. for a quick run. */
    default Dataset limit(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("limit must be >= 0");
        }
        return n >= size() ? this : new LimitedDataset(this, n);
    }
}
