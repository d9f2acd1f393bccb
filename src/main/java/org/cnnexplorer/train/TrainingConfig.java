package org.cnnexplorer.train;

import java.nio.file.Path;

/**
 * What a training run does. The data come separately (see {@link TrainingRun}) so the same run can train on the
 * embedded split, the full Fashion-MNIST or a user's image folder.
 *
 * @param schedule    how the learning rate changes over the run
 * @param weightDecay L2 penalty on the weights, added to their gradients (PyTorch's SGD weight_decay)
 * @param augment     random 2-pixel shifts and horizontal flips of training images
 * @param outDir      where checkpoints and the final model go
 * @param zeroResidualGamma each residual branch's last batch norm starts at γ = 0 (see GraphFactory.Settings)
 */
public record TrainingConfig(String modelId, int epochs, int batchSize, double learningRate, LrSchedule schedule,
                             Optimizer optimizer, double weightDecay, long seed, boolean augment, Path outDir,
                             boolean zeroResidualGamma) {

    /** Adam, or SGD with Nesterov momentum 0.9 (DL4J has no classical momentum updater). */
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
        if (!(weightDecay >= 0) || weightDecay > 1) {
            throw new IllegalArgumentException("weight decay must be in [0, 1], got " + weightDecay);
        }
    }

    /** He initialisation throughout, γ = 1 in every batch norm. */
    public TrainingConfig(String modelId, int epochs, int batchSize, double learningRate, LrSchedule schedule,
                          Optimizer optimizer, double weightDecay, long seed, boolean augment, Path outDir) {
        this(modelId, epochs, batchSize, learningRate, schedule, optimizer, weightDecay, seed, augment, outDir, false);
    }

    public static TrainingConfig defaults(String modelId, Path outDir) {
        return new TrainingConfig(modelId, 5, 64, 1e-3, new LrSchedule.PerEpoch(0.8), Optimizer.ADAM, 0, 42, false,
                outDir);
    }
}
