package org.cnnexplorer.data;

/** A dataset's training and test parts, each tagged with its {@link Split}. */
public record DataSplits(Dataset train, Dataset test) {
    public DataSplits {
        if (train.split() != Split.TRAIN || test.split() != Split.TEST) {
            throw new IllegalArgumentException("train must be a TRAIN dataset and test a TEST dataset");
        }
        if (!train.shape().equals(test.shape()) || !train.classNames().equals(test.classNames())) {
            throw new IllegalArgumentException("train and test differ in shape or classes");
        }
    }
}
