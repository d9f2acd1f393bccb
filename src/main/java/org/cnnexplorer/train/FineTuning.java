package org.cnnexplorer.train;

import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.data.Batch;
import org.cnnexplorer.data.BatchIterator;
import org.cnnexplorer.data.DataSplits;
import org.cnnexplorer.data.Dataset;
import org.cnnexplorer.data.Preprocessing;
import org.cnnexplorer.engine.Graphs;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.ModelInfo;
import org.cnnexplorer.engine.build.GraphFactory;
import org.cnnexplorer.engine.layers.ActivationVertexLayer;
import org.cnnexplorer.engine.layers.OnePassUpdater;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.transferlearning.TransferLearningHelper;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.SpecifiedIndex;
import org.nd4j.linalg.learning.config.Adam;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Teaches a trained network the user's own classes with DL4J's transfer learning: the classifier (the fully connected
 * layer under the prediction) is replaced by one with a row per class, and either only it trains ({@link Scope#HEAD},
 * the rest frozen by {@link TransferLearning.GraphBuilder#setFeatureExtractor}) or everything does
 * ({@link Scope#ALL}). With the rest frozen, {@link TransferLearningHelper} computes what the frozen part makes of
 * each picture once, so every epoch after the first costs only the classifier: resnet18 on 40 pictures at 224×224
 * spends its time in the single forward pass per picture.
 *
 * <p>Auxiliary heads (GoogLeNet's) are left out of the fine-tuning graph: they only help the lower layers learn, and a
 * head trained on nothing but the frozen features would not. The saved network keeps them as the catalog builds
 * them, with the base network's weights where the sizes allow; their new classifiers stay at their initial values.
 */
public final class FineTuning {
    /** Which layers learn. */
    public enum Scope {
        /** Only the new classifier; everything under it is frozen. */
        HEAD,
        /** Every layer, starting from the trained weights. */
        ALL
    }

    public record Settings(Scope scope, int epochs, int batchSize, double learningRate, long seed) {
        public Settings {
            if (epochs <= 0 || batchSize <= 0 || !(learningRate > 0)) {
                throw new IllegalArgumentException("epochs, batch size and learning rate must be positive, got "
                        + epochs + ", " + batchSize + ", " + learningRate);
            }
        }
    }

    /** What the run reports, on its own thread: plain numbers only. */
    public sealed interface Event {
        /** {@code done} of {@code total} pictures have been through the frozen part (head only, before epoch 1). */
        record Features(int done, int total) implements Event {
        }

        record Step(int epoch, int epochs, int step, int steps, double loss) implements Event {
        }

        /** An epoch ended; {@code testAccuracy} is on the held-out pictures, in [0, 1]. */
        record EpochEnd(int epoch, int epochs, double loss, double testAccuracy, double seconds) implements Event {
        }
    }

    /** The fine-tuned model (null when cancelled), with its classes as labels. */
    public record Result(Model model, boolean cancelled, double testAccuracy, List<Event.EpochEnd> history) {
    }

    /** Provenance keys of a fine-tuned network. */
    public static final String BASE = "fineTunedFrom";
    public static final String SCOPE = "fineTuned";

    private final Model base;
    private final DataSplits data;
    private final Settings settings;
    private final Consumer<Event> listener;
    private final RunControl control;
    private final String classifier;
    private final String features;

    /**
     * {@code data} must already be at {@code base}'s input (see NetworkWeights.inputSpec); its class names become the
     * new network's labels.
     *
     * @throws IllegalArgumentException when {@code base} does not end in a fully connected layer and a softmax
     */
    public FineTuning(Model base, DataSplits data, Settings settings, Consumer<Event> listener, RunControl control) {
        this.base = base;
        this.data = data;
        this.settings = settings;
        this.listener = listener == null ? e -> { } : listener;
        this.control = control;
        this.classifier = classifier(base.network()).id();
        this.features = classifier(base.network()).inputs().get(0);
        if (!data.train().shape().equals(base.info().input())) {
            throw new IllegalArgumentException("pictures at " + data.train().shape() + ", " + base.info().catalogId()
                    + " takes " + base.info().input());
        }
    }

    /** The layer the new classes replace: the fully connected layer whose output the prediction's softmax reads. */
    public static Layer classifier(Network network) {
        Layer out = network.output();
        Layer fc = out.inputs().size() == 1 ? network.layer(out.inputs().get(0)) : null;
        if (!(out.spec() instanceof LayerSpec.Softmax) || fc == null || !(fc.spec() instanceof LayerSpec.Linear)) {
            throw new IllegalArgumentException(network.id() + " does not end in a fully connected layer and a "
                    + "softmax: there is no classifier to replace");
        }
        return fc;
    }

    /** The layer the frozen part ends with (its output is what the new classifier reads). */
    public String frozenUpTo() {
        return features;
    }

    public String classifierId() {
        return classifier;
    }

    public Result run() {
        int classes = data.train().numClasses();
        Adam adam = new Adam(settings.learningRate());
        TransferLearning.GraphBuilder builder = new TransferLearning.GraphBuilder(base.graph())
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(adam).seed(settings.seed())
                        .build())
                .nOutReplace(classifier, classes, WeightInit.XAVIER);
        List<String> aux = base.network().layers().stream().filter(Layer::aux).map(Layer::id).toList();
        for (String id : aux) {
            builder.removeVertexAndConnections(id);
        }
        if (!aux.isEmpty()) {
            builder.setOutputs(base.network().output().id());
        }
        if (settings.scope() == Scope.HEAD) {
            builder.setFeatureExtractor(features);
        }
        ComputationGraph tuned = builder.build();
        try {
            Trainer trainer = settings.scope() == Scope.HEAD ? new HeadTrainer(tuned) : new AllTrainer(tuned, adam);
            List<Event.EpochEnd> history = new ArrayList<>();
            try {
                if (!trainer.prepare()) {
                    return new Result(null, true, Double.NaN, List.of());
                }
                for (int epoch = 0; epoch < settings.epochs(); epoch++) {
                    long start = System.nanoTime();
                    double loss = trainer.epoch(epoch);
                    if (Double.isNaN(loss)) {
                        return new Result(null, true, Double.NaN, List.copyOf(history));
                    }
                    Event.EpochEnd e = new Event.EpochEnd(epoch, settings.epochs(), loss, trainer.testAccuracy(),
                            (System.nanoTime() - start) / 1e9);
                    history.add(e);
                    listener.accept(e);
                }
            } finally {
                trainer.close();
            }
            double accuracy = history.get(history.size() - 1).testAccuracy();
            return new Result(save(tuned, accuracy), false, accuracy, List.copyOf(history));
        } finally {
            Graphs.release(tuned);
        }
    }

    /** One way of training the fine-tuning graph. */
    private abstract class Trainer implements AutoCloseable {
        /** Work before the first epoch; false when cancelled. */
        boolean prepare() {
            return true;
        }

        /** One epoch; its mean loss, or NaN when cancelled. */
        abstract double epoch(int epoch);

        abstract double testAccuracy();

        @Override
        public void close() {
        }
    }

    /** The frozen part's features of every picture once, then epochs over the classifier alone. */
    private final class HeadTrainer extends Trainer {
        private final TransferLearningHelper helper;
        private INDArray trainX;
        private INDArray trainY;
        private INDArray testX;
        private int[] testLabels;

        HeadTrainer(ComputationGraph tuned) {
            this.helper = new TransferLearningHelper(tuned);
        }

        @Override
        boolean prepare() {
            int total = data.train().size() + data.test().size();
            INDArray[] train = featurize(data.train(), 0, total);
            INDArray[] test = train == null ? null : featurize(data.test(), data.train().size(), total);
            if (test == null) {
                return false;
            }
            trainX = train[0];
            trainY = train[1];
            testX = test[0];
            testLabels = labels(data.test());
            return true;
        }

        private INDArray[] featurize(Dataset set, int before, int total) {
            List<INDArray> xs = new ArrayList<>();
            List<INDArray> ys = new ArrayList<>();
            BatchIterator it = set.evaluationBatches(settings.batchSize());
            int done = before;
            while (it.hasNext()) {
                if (control.isCancelled()) {
                    return null;
                }
                Batch b = it.next();
                MultiDataSet f = helper.featurize(new MultiDataSet(TrainingRun.features(b),
                        TrainingRun.oneHot(b, set.numClasses())));
                xs.add(f.getFeatures(0).dup());
                ys.add(f.getLabels(0).dup());
                done += b.size();
                listener.accept(new Event.Features(done, total));
            }
            return new INDArray[] {Nd4j.concat(0, xs.toArray(INDArray[]::new)),
                    Nd4j.concat(0, ys.toArray(INDArray[]::new))};
        }

        @Override
        double epoch(int epoch) {
            int n = (int) trainX.size(0);
            int[] order = shuffled(n, epoch);
            int steps = (n + settings.batchSize() - 1) / settings.batchSize();
            double lossSum = 0;
            for (int step = 0; step < steps; step++) {
                if (stopped()) {
                    return Double.NaN;
                }
                int from = step * settings.batchSize();
                int[] rows = Arrays.copyOfRange(order, from, Math.min(n, from + settings.batchSize()));
                helper.fitFeaturized(new MultiDataSet(rows(trainX, rows), rows(trainY, rows)));
                double loss = helper.unfrozenGraph().score();
                lossSum += loss * rows.length;
                listener.accept(new Event.Step(epoch, settings.epochs(), step + 1, steps, loss));
            }
            return lossSum / n;
        }

        @Override
        double testAccuracy() {
            return accuracy(helper.outputFromFeaturized(testX), testLabels);
        }

        @Override
        public void close() {
            Graphs.release(helper.unfrozenGraph());
        }
    }

    /** Every layer trains, on the pictures themselves. */
    private final class AllTrainer extends Trainer {
        private final ComputationGraph graph;

        AllTrainer(ComputationGraph graph, Adam adam) {
            this.graph = graph;
            ActivationVertexLayer.fuseWithBatchNorms(graph);
            OnePassUpdater.install(graph, adam);
        }

        @Override
        double epoch(int epoch) {
            BatchIterator it = data.train().trainingBatches(settings.batchSize(), settings.seed());
            it.startEpoch(epoch);
            int steps = it.batchesPerEpoch();
            double lossSum = 0;
            int seen = 0;
            for (int step = 0; it.hasNext(); step++) {
                if (stopped()) {
                    return Double.NaN;
                }
                Batch b = it.next();
                graph.fit(new MultiDataSet(TrainingRun.features(b), TrainingRun.oneHot(b, data.train().numClasses())));
                double loss = graph.score();
                lossSum += loss * b.size();
                seen += b.size();
                listener.accept(new Event.Step(epoch, settings.epochs(), step + 1, steps, loss));
            }
            return lossSum / seen;
        }

        @Override
        double testAccuracy() {
            BatchIterator it = data.test().evaluationBatches(settings.batchSize());
            int right = 0;
            while (it.hasNext()) {
                Batch b = it.next();
                INDArray p = graph.outputSingle(false, TrainingRun.features(b));
                int[] predicted = p.argMax(1).toIntVector();
                for (int i = 0; i < b.size(); i++) {
                    right += predicted[i] == b.labels()[i] ? 1 : 0;
                }
            }
            return (double) right / data.test().size();
        }
    }

    private boolean stopped() {
        return control.stopAtStep(new RunControl.PauseListener() {
            @Override
            public void paused() {
                // the window shows its own paused state; nothing to report from here
            }

            @Override
            public void resumed() {
                // as above
            }
        });
    }

    private int[] shuffled(int n, int epoch) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(settings.seed() * 1_000_003L + epoch);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Rows {@code rows} of {@code a}, of any rank (a frozen part may end in C×H×W feature maps). */
    private static INDArray rows(INDArray a, int[] rows) {
        INDArrayIndex[] index = new INDArrayIndex[a.rank()];
        Arrays.fill(index, NDArrayIndex.all());
        index[0] = new SpecifiedIndex(rows);
        return a.get(index);
    }

    private static int[] labels(Dataset set) {
        int[] out = new int[set.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = set.label(i);
        }
        return out;
    }

    private static double accuracy(INDArray probabilities, int[] labels) {
        int[] predicted = probabilities.argMax(1).toIntVector();
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            right += predicted[i] == labels[i] ? 1 : 0;
        }
        return labels.length == 0 ? Double.NaN : (double) right / labels.length;
    }

    /**
     * The catalog network at the new number of classes, with the fine-tuned weights: built by {@link GraphFactory}
     * like every other model, so it saves, loads and shows its maps as they do; each layer's parameters are copied by
     * name from the fine-tuning graph, or (auxiliary heads) from the base network where the sizes agree.
     */
    private Model save(ComputationGraph tuned, double accuracy) {
        Network net = base.network();
        Map<String, LayerSpec> lrn = new LinkedHashMap<>();
        net.layers().stream().filter(l -> l.spec() instanceof LayerSpec.Lrn).forEach(l -> lrn.put(l.id(), l.spec()));
        Network target = Catalog.get(net.id()).build(net.input(), data.train().numClasses(), lrn);
        ComputationGraph graph = GraphFactory.build(target);
        for (GraphVertex v : graph.getVertices()) {
            if (!v.hasLayer() || v.getLayer().numParams() == 0) {
                continue;
            }
            String name = v.getVertexName();
            INDArray from = tuned.getVertex(name) != null ? tuned.getLayer(name).params()
                    : base.graph().getLayer(name).params();
            if (from.length() == v.getLayer().numParams()) {
                v.getLayer().setParams(from.dup());
            }
        }
        Map<String, String> facts = new LinkedHashMap<>();
        String preprocessing = base.info().provenance().get(Preprocessing.KEY);
        if (preprocessing != null) {
            facts.put(Preprocessing.KEY, preprocessing);
        }
        facts.put(BASE, net.id());
        facts.put(SCOPE, settings.scope().name().toLowerCase(Locale.ROOT));
        facts.put("dataset", data.train().name());
        facts.put("trainImages", Integer.toString(data.train().size()));
        facts.put("testImages", Integer.toString(data.test().size()));
        facts.put("epochs", Integer.toString(settings.epochs()));
        facts.put("batchSize", Integer.toString(settings.batchSize()));
        facts.put("learningRate", Double.toString(settings.learningRate()));
        facts.put("optimizer", "adam");
        facts.put("seed", Long.toString(settings.seed()));
        facts.put("testAccuracy", String.format(Locale.ROOT, "%.4f", accuracy));
        facts.put("finished", Instant.now().toString());
        ModelInfo info = ModelInfo.untrained(net.id(), net.input(), target.classes())
                .withTraining(data.train().classNames(), facts);
        return Model.of(target, info, graph);
    }
}
