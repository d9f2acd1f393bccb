package org.cnnexplorer.train;

import java.nio.file.Path;

/**
 * What a training run does. The data come separately (see {@link TrainingRun}) so the same run can train on the
 * embedded split, the full Fashion-MNIST or a user's image folder.
 *
 * @param lrDecay   learning rate multiplied by this after every epoch (1 = constant)
 * @param augment   random 2-pixel shifts and horizontal flips of training images
 * @param outDir    where checkpoints and the final model go
 */
public record TrainingConfig(String modelId, int epochs, int batchSize, double learningRate, double lrDecay,
                             Optimizer optimizer, long seed, boolean augment, Path outDir) {

    public enum Optimizer { ADAM, SGD_MOMENTUM }

    public TrainingConfig {
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs must be positive, got " + epochs);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (!(learningRate > 0) || learningRate > 10) {
            throw new IllegalArgumentException("learning rate must be in (0, 10], got " + learningRate);
        }
        if (!(lrDecay > 0) || lrDecay > 1) {
            throw new IllegalArgumentException("learning-rate decay must be in (0, 1], got " + lrDecay);
        }
    }

    public static TrainingConfig defaults(String modelId, Path outDir) {
        return new TrainingConfig(modelId, 5, 64, 1e-3, 0.8, Optimizer.ADAM, 42, false, outDir);
    }

    public TrainingConfig withEpochs(int e) {
        return new TrainingConfig(modelId, e, batchSize, learningRate, lrDecay, optimizer, seed, augment, outDir);
    }

    public TrainingConfig withOutDir(Path dir) {
        return new TrainingConfig(modelId, epochs, batchSize, learningRate, lrDecay, optimizer, seed, augment, dir);
    }
}
