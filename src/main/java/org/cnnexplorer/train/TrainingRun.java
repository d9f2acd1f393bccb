package org.cnnexplorer.train;

import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.data.Augmentation;
import org.cnnexplorer.data.Augmentations;
import org.cnnexplorer.data.Batch;
import org.cnnexplorer.data.BatchIterator;
import org.cnnexplorer.data.Dataset;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.ModelInfo;
import org.cnnexplorer.engine.build.GraphFactory;
import org.cnnexplorer.io.AtomicFiles;
import org.cnnexplorer.weights.WeightsFileException;
import org.cnnexplorer.weights.WeightsIO;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.schedule.ISchedule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Trains a catalog network on a dataset, one mini-batch at a time so it can pause, resume and cancel between
 * batches. After every epoch it measures test accuracy and writes a checkpoint atomically; a cancelled run also
 * checkpoints, and {@link #resumeFrom} continues exactly where a checkpoint stopped (same batch order, same point of
 * the learning-rate schedule). Call {@link #run()} from a background thread; events go to the listener on that thread.
 *
 * <p>Training error is counted as He et al. count it: on each mini-batch as it is trained, from the very forward pass
 * that computes the gradient (batch-norm in training mode, weights of that moment). Scoring the training set again
 * in inference mode afterwards would both cost a pass over the data and, early in a run at a high learning rate,
 * report batch-norm running statistics that lag the weights.
 */
public final class TrainingRun {
    /**
     * With augmentation on, 28×28 images are padded by this many pixels and cropped back at a random offset (and
     * flipped at random): (2·2 + 1)² offsets × 2 flips, the mini networks' counterpart of AlexNet's 224-of-256 crops.
     */
    public static final int AUGMENT_PADDING = 2;

    private final TrainingConfig config;
    private final Dataset train;
    private final Dataset test;
    private final Consumer<TrainingEvent> listener;
    private final String datasetName;
    private final RunControl control;
    private Path resumeFrom;

    /** The outcome: where the model is, and whether the user cancelled before the last epoch. */
    public record Result(Path model, boolean cancelled, Path checkpoint, int epochsCompleted, double testAccuracy,
                         List<TrainingEvent.Epoch> history) {
    }

    /** {@code control} pauses and stops the run between batches; a cancelled run checkpoints what it trained. */
    public TrainingRun(TrainingConfig config, Dataset train, Dataset test, Consumer<TrainingEvent> listener,
                       RunControl control) {
        if (train.numClasses() != test.numClasses() || !train.shape().equals(test.shape())) {
            throw new IllegalArgumentException("training and test data differ in classes or image shape");
        }
        this.config = config;
        this.train = train;
        this.test = test;
        this.listener = listener == null ? e -> { } : listener;
        this.datasetName = train.name();
        this.control = control;
    }

    /** Continue from {@code checkpoint} (written by an earlier run of the same network and data) instead of anew. */
    public TrainingRun resumeFrom(Path checkpoint) {
        this.resumeFrom = checkpoint;
        return this;
    }

    public TrainingConfig config() {
        return config;
    }

    public Path checkpointFile() {
        return checkpointFile(config);
    }

    public Path modelFile() {
        return modelFile(config);
    }

    /** Where a run of {@code c} keeps its checkpoint: {@code <id>-checkpoint.zip} in its folder. */
    public static Path checkpointFile(TrainingConfig c) {
        return c.outDir().resolve(c.modelId() + "-checkpoint.zip");
    }

    public static Path modelFile(TrainingConfig c) {
        return c.outDir().resolve(c.modelId() + ".zip");
    }

    private IUpdater updater(int iterationsPerEpoch) {
        ISchedule lr = config.schedule().toDl4j(config.learningRate(), iterationsPerEpoch, config.epochs());
        return config.optimizer() == TrainingConfig.Optimizer.ADAM ? new Adam(lr) : new Nesterovs(lr, 0.9);
    }

    public Result run() throws IOException {
        AtomicFiles.folder(config.outDir());
        AtomicFiles.removeLeftovers(config.outDir());
        long started = System.nanoTime();
        Network network = Catalog.get(config.modelId()).build(train.shape(), train.numClasses());
        int perEpoch = (train.size() + config.batchSize() - 1) / config.batchSize();
        Model model = Model.untrained(network, GraphFactory.Settings.defaults().withSeed(config.seed())
                .withUpdater(updater(perEpoch)).withL2(config.weightDecay())
                .withZeroResidualGamma(config.zeroResidualGamma()));
        try {
            return train(network, model, started);
        } finally {
            model.close();
        }
    }

    private Result train(Network network, Model model, long started) throws IOException {
        ComputationGraph g = model.graph();
        Checkpoint.Position start = new Checkpoint.Position(0, 0);
        List<TrainingEvent.Epoch> history = new ArrayList<>();
        if (resumeFrom != null) {
            start = restore(g);
        }
        GradientNorms norms = new GradientNorms(network);
        BatchErrors errors = new BatchErrors(network.output().inputs().get(0));
        g.setListeners(norms, errors);
        int outputs = g.getNumOutputArrays();
        int classes = network.classes();
        int batch = config.batchSize();
        Augmentation augmentation = config.augment() ? Augmentations.standard(AUGMENT_PADDING) : Augmentation.none();
        BatchIterator it = train.trainingBatches(batch, config.seed(), augmentation);
        int perEpoch = it.batchesPerEpoch();
        // The schedule counts iterations: a resumed run picks it up where the checkpoint left it.
        g.getConfiguration().setIterationCount(perEpoch * start.epoch() + start.iteration());
        listener.accept(new TrainingEvent.Started(config.modelId(), datasetName, start.epoch(), config.epochs(),
                perEpoch, train.size(), test.size()));
        long totalIterations = (long) perEpoch * config.epochs();
        long doneIterations = (long) perEpoch * start.epoch() + start.iteration();
        double secondsPerIteration = Double.NaN;
        double lastTest = Double.NaN;

        for (int epoch = start.epoch(); epoch < config.epochs(); epoch++) {
            g.getConfiguration().setEpochCount(epoch);
            it.startEpoch(epoch);
            int iteration = 0;
            if (epoch == start.epoch()) {
                for (; iteration < start.iteration() && it.hasNext(); iteration++) {
                    it.next();
                }
            }
            long epochStart = System.nanoTime();
            int epochImages = 0;
            double lossSum = 0;
            int epochWrong = 0;
            while (it.hasNext()) {
                if (waitWhilePaused(epoch, iteration)) {
                    return cancelledResult(model, network, epoch, iteration, history);
                }
                Batch b = it.next();
                long t0 = System.nanoTime();
                INDArray x = features(b);
                INDArray y = oneHot(b, classes);
                INDArray[] labels = new INDArray[outputs];
                Arrays.fill(labels, y);
                errors.expect(b.labels());
                g.fit(new MultiDataSet(new INDArray[] {x}, labels));
                int wrong = errors.wrong();
                double loss = g.score();
                double seconds = (System.nanoTime() - t0) / 1e9;
                secondsPerIteration = Double.isNaN(secondsPerIteration) ? seconds
                        : 0.9 * secondsPerIteration + 0.1 * seconds;
                iteration++;
                doneIterations++;
                epochImages += b.size();
                lossSum += loss * b.size();
                epochWrong += wrong;
                listener.accept(new TrainingEvent.Iteration(epoch, iteration, perEpoch, loss, (double) wrong / b.size(),
                        b.size() / seconds, (totalIterations - doneIterations) * secondsPerIteration, norms.latest()));
            }
            double epochSeconds = (System.nanoTime() - epochStart) / 1e9;
            double trainAccuracy = epochImages == 0 ? Double.NaN : 1 - (double) epochWrong / epochImages;
            lastTest = Evaluator.evaluate(model, test, control::isCancelled).accuracy();
            Path ckpt = checkpointFile();
            Checkpoint.write(ckpt, model, info(network, epoch + 1, lastTest, started),
                    new Checkpoint.Position(epoch + 1, 0));
            TrainingEvent.Epoch e = new TrainingEvent.Epoch(epoch, config.epochs(),
                    epochImages == 0 ? Double.NaN : lossSum / epochImages, trainAccuracy, lastTest, epochSeconds,
                    epochImages / epochSeconds, ckpt);
            history.add(e);
            listener.accept(e);
        }
        Path out = modelFile();
        WeightsIO.save(model.withInfo(info(network, config.epochs(), lastTest, started)), out);
        double total = (System.nanoTime() - started) / 1e9;
        listener.accept(new TrainingEvent.Finished(out, lastTest, total));
        return new Result(out, false, checkpointFile(), config.epochs(), lastTest, List.copyOf(history));
    }

    /** Blocks while paused (with a Paused and a Resumed event); returns true when the run was cancelled. */
    private boolean waitWhilePaused(int epoch, int iteration) {
        return control.stopAtStep(new RunControl.PauseListener() {
            @Override
            public void paused() {
                listener.accept(new TrainingEvent.Paused(epoch, iteration));
            }

            @Override
            public void resumed() {
                listener.accept(new TrainingEvent.Resumed(epoch, iteration));
            }
        });
    }

    private Result cancelledResult(Model model, Network network, int epoch, int iteration,
                                   List<TrainingEvent.Epoch> history) throws IOException {
        Path ckpt = checkpointFile();
        Checkpoint.write(ckpt, model, info(network, epoch, Double.NaN, System.nanoTime()),
                new Checkpoint.Position(epoch, iteration));
        listener.accept(new TrainingEvent.Cancelled(epoch, iteration, ckpt));
        return new Result(null, true, ckpt, epoch, Double.NaN, List.copyOf(history));
    }

    private Checkpoint.Position restore(ComputationGraph g) throws IOException {
        String name = resumeFrom.getFileName().toString();
        try (Model saved = WeightsIO.load(resumeFrom, config.modelId(), train.shape())) {
            if (saved.info().classes() != train.numClasses()) {
                throw new WeightsFileException(name + ": checkpoint has " + saved.info().classes()
                        + " classes, the data " + train.numClasses());
            }
            Checkpoint.Position p = Checkpoint.position(saved.info(), name);
            g.setParams(saved.graph().params());
            Checkpoint.restoreUpdater(resumeFrom, saved.info(), g);
            return p;
        }
    }

    private ModelInfo info(Network network, int epochsDone, double testAccuracy, long started) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("dataset", datasetName);
        facts.put("trainImages", Integer.toString(train.size()));
        facts.put("testImages", Integer.toString(test.size()));
        facts.put("epochs", Integer.toString(epochsDone));
        facts.put("batchSize", Integer.toString(config.batchSize()));
        facts.put("learningRate", Double.toString(config.learningRate()));
        facts.put("lrSchedule", config.schedule().describe());
        facts.put("optimizer", config.optimizer().name().toLowerCase(Locale.ROOT));
        if (config.weightDecay() > 0) {
            facts.put("weightDecay", Double.toString(config.weightDecay()));
        }
        facts.put("augment", Boolean.toString(config.augment()));
        if (config.zeroResidualGamma()) {
            facts.put("init", "he, residual branches' last batch norm at gamma 0");
        }
        facts.put("seed", Long.toString(config.seed()));
        if (!Double.isNaN(testAccuracy)) {
            facts.put("testAccuracy", String.format(Locale.ROOT, "%.4f", testAccuracy));
        }
        facts.put("wallSeconds", String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
        facts.put("finished", Instant.now().toString());
        facts.put("machine", machine());
        return ModelInfo.untrained(network.id(), network.input(), network.classes())
                .withTraining(train.classNames(), facts);
    }

    /** The machine a run was made on, CPU model included: speeds from different machines are not comparable. */
    public static String machine() {
        String cpu = "";
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim() + ", ").orElse("");
        } catch (IOException | UncheckedIOException e) {
            // not Linux: the OS line below is all there is
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown host";
        }
        return cpu + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + " (" + host + ")";
    }

    /** A batch's pictures as the N×C×H×W array a graph trains on. */
    public static INDArray features(Batch b) {
        return Nd4j.create(b.features(), new long[] {b.size(), b.shape().channels(), b.shape().height(),
                b.shape().width()}, 'c');
    }

    /** A batch's labels, one-hot, as the N×classes array a graph trains on. */
    public static INDArray oneHot(Batch b, int classes) {
        return Nd4j.create(b.oneHot(classes), new long[] {b.size(), classes}, 'c');
    }

    /**
     * Counts the misclassified examples of the batch being trained, from the logits of the training forward pass
     * (the input of the loss layer, which DL4J hands to listeners; argmax of logits = argmax of softmax).
     */
    public static final class BatchErrors extends BaseTrainingListener {
        private final String logits;
        private int[] labels = new int[0];
        private int wrong = -1;

        public BatchErrors(String logits) {
            this.logits = logits;
        }

        public void expect(int[] batchLabels) {
            labels = batchLabels;
            wrong = -1;
        }

        /** Errors in the last fitted batch; the whole batch if the forward pass was never seen (never expected). */
        public int wrong() {
            return wrong < 0 ? labels.length : wrong;
        }

        @Override
        public void onForwardPass(org.deeplearning4j.nn.api.Model model, Map<String, INDArray> activations) {
            INDArray out = activations.get(logits);
            if (out == null) {
                return;
            }
            long[] predicted = out.argMax(1).toLongVector();
            int w = 0;
            for (int i = 0; i < labels.length; i++) {
                if (predicted[i] != labels[i]) {
                    w++;
                }
            }
            wrong = w;
        }
    }

    /** Copies each layer's gradient norm out of DL4J right after backprop, before the updater changes it in place. */
    public static final class GradientNorms extends BaseTrainingListener {
        private final Network network;
        private final Map<String, String> catalogLayers;
        private volatile Map<String, Double> latest = Map.of();

        public GradientNorms(Network network) {
            this.network = network;
            this.catalogLayers = GraphFactory.catalogLayers(network);
        }

        public Map<String, Double> latest() {
            return latest;
        }

        @Override
        public void onGradientCalculation(org.deeplearning4j.nn.api.Model model) {
            Gradient gradient = model.gradient();
            if (gradient == null || !(model instanceof ComputationGraph graph)) {
                return;
            }
            // DL4J keys a graph's gradients "<vertex>_<parameter>"
            Map<String, Double> squares = new HashMap<>();
            for (Layer l : graph.getLayers()) {
                String vertex = l.getConfig().getLayerName();
                String layer = catalogLayers.get(vertex);
                for (String param : l.paramTable().keySet()) {
                    INDArray g = gradient.getGradientFor(vertex + "_" + param);
                    if (g != null && layer != null) {
                        double n = g.norm2Number().doubleValue();
                        squares.merge(layer, n * n, Double::sum);
                    }
                }
            }
            Map<String, Double> ordered = new LinkedHashMap<>();
            network.layers().forEach(l -> {
                Double sq = squares.get(l.id());
                if (sq != null) {
                    ordered.put(l.id(), Math.sqrt(sq));
                }
            });
            latest = Collections.unmodifiableMap(ordered);
        }
    }
}
