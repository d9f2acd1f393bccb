package org.cnnexplorer.train;

import java.nio.file.Path;
import java.util.Map;

/** What a run reports while it trains: plain numbers only, safe to hand to any thread. */
public sealed interface TrainingEvent {

    record Started(String modelId, String dataset, int startEpoch, int epochs, int iterationsPerEpoch, int trainSize,
                   int testSize) implements TrainingEvent {
    }

    /**
     * One optimisation step.
     *
     * @param batchError    fraction of this mini-batch misclassified by the forward pass that trained on it
     * @param gradientNorms L2 norm of each catalog layer's gradient (weights and biases together), network order
     */
    record Iteration(int epoch, int iteration, int iterationsPerEpoch, double loss, double batchError,
                     double imagesPerSecond,
                     double etaSeconds, Map<String, Double> gradientNorms) implements TrainingEvent {
    }

    /**
     * An epoch finished and was checkpointed. Accuracies are in [0, 1]; {@code trainAccuracy} is over the epoch's
     * mini-batches as they were trained (see {@link TrainingRun}).
     */
    record Epoch(int epoch, int epochs, double trainLoss, double trainAccuracy, double testAccuracy, double seconds,
                 double imagesPerSecond, Path checkpoint) implements TrainingEvent {
    }

    record Paused(int epoch, int iteration) implements TrainingEvent {
    }

    record Resumed(int epoch, int iteration) implements TrainingEvent {
    }

    /** Cancelled by the user; the weights so far are in {@code checkpoint}, from which the run can resume. */
    record Cancelled(int epoch, int iteration, Path checkpoint) implements TrainingEvent {
    }

    record Finished(Path model, double testAccuracy, double seconds) implements TrainingEvent {
    }
}
