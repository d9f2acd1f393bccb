package org.cnnexplorer.data;

/**
 * Which part of a dataset examples come from. Training reads only {@link #TRAIN}; {@link #TEST} is for measuring
 * accuracy, and {@link Dataset#trainingBatches} refuses it, so a test image can never be learned from by mistake.
 */
public enum Split {
    TRAIN, TEST
}
