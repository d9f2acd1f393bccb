package org.cnnexplorer.experiments;

import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.data.Batch;
import org.cnnexplorer.data.BatchIterator;
import org.cnnexplorer.data.Dataset;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.build.GraphFactory;
import org.cnnexplorer.train.TrainingRun;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Nesterovs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Several catalog networks trained side by side on the same batches, one step each in turn, so their loss curves
 * and per-layer gradient norms can be compared while they run (the ReLU lesson: one builder, three activations).
 * Each entrant has its own learning rate, as AlexNet §3.1 chose "learning rates for each network independently to
 * make training as fast as possible"; SGD with momentum 0.9 (AlexNet's) and the same initialisation seed for all.
 * An entrant that has finished (reached the target, or diverged) is retired and trains no further.
 * Not thread-safe: one thread calls {@link #step()}; the points it returns are plain copies.
 */
public final class ActivationRace implements AutoCloseable {
    public static final double MOMENTUM = 0.9;

    /**
     * One network in the race at one learning rate; {@code key} names it in the race's record (the model id when
     * each model runs once, {@link #of} when one model runs at several rates).
     */
    public record Entry(String key, String modelId, double learningRate) {
        /** The model at this rate, keyed by both (a learning-rate grid races one model at several rates). */
        public static Entry of(String modelId, double learningRate) {
            return new Entry(modelId + "@" + String.format(Locale.ROOT, "%s", learningRate), modelId, learningRate);
        }
    }

    /**
     * One entrant's step: its training loss on the batch, the fraction of the batch it misclassified in the forward
     * pass that trained on it, and each weighted layer's gradient norm.
     */
    public record Point(Entry entry, int step, double loss, double error, Map<String, Double> norms) {
        public String key() {
            return entry.key();
        }
    }

    private final List<Entry> entries;
    private final List<Model> models = new ArrayList<>();
    private final List<TrainingRun.GradientNorms> norms = new ArrayList<>();
    private final List<TrainingRun.BatchErrors> errors = new ArrayList<>();
    private final Set<String> retired = new HashSet<>();
    private final BatchIterator batches;
    private final int classes;
    private int step;

    public ActivationRace(List<Entry> entries, Dataset train, int batchSize, long seed) {
        this.entries = List.copyOf(entries);
        this.classes = train.numClasses();
        for (Entry e : this.entries) {
            Network n = Catalog.get(e.modelId()).build(train.shape(), classes);
            Model m = Model.untrained(n, GraphFactory.Settings.defaults().withSeed(seed)
                    .withUpdater(new Nesterovs(e.learningRate(), MOMENTUM)));
            TrainingRun.GradientNorms gn = new TrainingRun.GradientNorms(n);
            TrainingRun.BatchErrors be = new TrainingRun.BatchErrors(n.output().inputs().get(0));
            m.graph().setListeners(gn, be);
            models.add(m);
            norms.add(gn);
            errors.add(be);
        }
        batches = train.trainingBatches(batchSize, seed);
        batches.startEpoch(0);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Stops training the entrant with this key (its network is kept until {@link #close}). */
    public void retire(String key) {
        retired.add(key);
    }

    /** Whether any entrant still trains. */
    public boolean running() {
        return entries.stream().anyMatch(e -> !retired.contains(e.key()));
    }

    /** Trains every entrant still running on the next batch (the same batch for all); one point per entrant. */
    public List<Point> step() {
        if (!batches.hasNext()) {
            batches.nextEpoch();
        }
        Batch b = batches.next();
        INDArray x = TrainingRun.features(b);
        INDArray y = TrainingRun.oneHot(b, classes);
        step++;
        List<Point> out = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            if (retired.contains(entries.get(i).key())) {
                continue;
            }
            ComputationGraph g = models.get(i).graph();
            errors.get(i).expect(b.labels());
            g.fit(new MultiDataSet(new INDArray[] {x}, new INDArray[] {y}));
            out.add(new Point(entries.get(i), step, g.score(), (double) errors.get(i).wrong() / b.size(),
                    norms.get(i).latest()));
        }
        return out;
    }

    @Override
    public void close() {
        models.forEach(Model::close);
        models.clear();
    }
}
