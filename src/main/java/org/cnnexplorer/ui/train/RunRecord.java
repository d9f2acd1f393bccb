package org.cnnexplorer.ui.train;

import org.cnnexplorer.train.TrainingConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Everything one training run has reported, as plain numbers for the charts. Written only on the JavaFX thread
 * (by {@link TrainingViewModel#drain()}), read there too. The lists grow, so views append what is new; the per-step
 * lists are halved now and then (see {@link #MAX_STEPS}), and a view that finds one shorter than what it took starts
 * over.
 */
public final class RunRecord {
    /** Weight of the past in the smoothed loss (an exponential moving average, debiased like TensorBoard's). */
    static final double SMOOTHING = 0.9;
    /**
     * The most steps kept per run. Past it every second kept step goes, and from then on only every second step is
     * kept (then every fourth, ...): an hour of training is about 24,000 steps, and the window never shows more than
     * 2,000 points a curve or a column of the gradient strip per pixel, while the history kept in full grew the heap
     * by some 6 MB an hour of the window run.
     */
    static final int MAX_STEPS = 4096;

    public enum Outcome { RUNNING, PAUSED, FINISHED, CANCELLED, FAILED }

    private final int number;
    private final TrainingConfig config;
    private final String dataName;
    final List<double[]> loss = new ArrayList<>();
    final List<double[]> rawLoss = new ArrayList<>();
    final List<double[]> trainAccuracy = new ArrayList<>();
    final List<double[]> testAccuracy = new ArrayList<>();
    final List<double[]> throughput = new ArrayList<>();
    final List<String> gradientLayers = new ArrayList<>();
    /**
     * log10 of each step's gradient norm per layer of {@link #gradientLayers} (NaN where there is none): what the
     * strip draws, as floats, since a long run keeps tens of thousands of steps.
     */
    final List<float[]> gradientLogs = new ArrayList<>();
    Outcome outcome = Outcome.RUNNING;
    int epoch;
    int epochs;
    int iteration;
    int iterationsPerEpoch;
    int trainSize;
    int testSize;
    double etaSeconds = Double.NaN;
    double imagesPerSecond = Double.NaN;
    Path checkpoint;
    Path model;
    String error;
    private double lossAverage;
    private double throughputAverage;
    private int steps;
    private int stride = 1;

    RunRecord(int number, TrainingConfig config, String dataName) {
        this.number = number;
        this.config = config;
        this.dataName = dataName;
    }

    public int number() {
        return number;
    }

    public TrainingConfig config() {
        return config;
    }

    /** The legend entry: "#2 mini-vgg · adam 0.001 · batch 64". */
    public String name() {
        return "#" + number + " " + config.modelId() + " · " + config.optimizer().name().toLowerCase(Locale.ROOT)
                .replace("sgd_momentum", "sgd") + " " + config.learningRate() + " · " + config.batchSize();
    }

    public String dataName() {
        return dataName;
    }

    public List<double[]> loss() {
        return loss;
    }

    public List<double[]> trainAccuracy() {
        return trainAccuracy;
    }

    public List<double[]> testAccuracy() {
        return testAccuracy;
    }

    public List<double[]> throughput() {
        return throughput;
    }

    public List<String> gradientLayers() {
        return gradientLayers;
    }

    public List<float[]> gradientLogs() {
        return gradientLogs;
    }

    public Outcome outcome() {
        return outcome;
    }

    public Path checkpoint() {
        return checkpoint;
    }

    public Path model() {
        return model;
    }

    public int epoch() {
        return epoch;
    }

    public int iteration() {
        return iteration;
    }

    /** How many steps the run has reported, of which the per-step lists keep at most {@link #MAX_STEPS}. */
    public int steps() {
        return steps;
    }

    /** One training step at {@code x} (epochs): its loss, the throughput, and its row of {@link #gradientLogs}. */
    void addStep(double x, double value, double imagesPerSec, float[] gradientLog) {
        steps++;
        lossAverage = SMOOTHING * lossAverage + (1 - SMOOTHING) * value;
        throughputAverage = SMOOTHING * throughputAverage + (1 - SMOOTHING) * imagesPerSec;
        double debias = 1 - Math.pow(SMOOTHING, steps);
        imagesPerSecond = throughputAverage / debias;
        if ((steps - 1) % stride != 0) {
            return;
        }
        rawLoss.add(new double[] {x, value});
        loss.add(new double[] {x, lossAverage / debias});
        throughput.add(new double[] {x, throughputAverage / debias});
        gradientLogs.add(gradientLog);
        if (loss.size() > MAX_STEPS) {
            halve(rawLoss);
            halve(loss);
            halve(throughput);
            halve(gradientLogs);
            stride *= 2;
        }
    }

    /** Keeps the items at even positions: the steps on the doubled stride. */
    private static <T> void halve(List<T> list) {
        int kept = (list.size() + 1) / 2;
        for (int i = 0; i < kept; i++) {
            list.set(i, list.get(2 * i));
        }
        list.subList(kept, list.size()).clear();
    }
}
