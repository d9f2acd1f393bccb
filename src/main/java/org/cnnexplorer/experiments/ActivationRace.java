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
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Several catalog networks trained side by side on the same batches, one step each in turn, so their loss curves
 * and per-layer gradient norms can be compared while they run (the ReLU lesson: one builder, three activations).
 * SGD with momentum 0.9 and learning rate 0.01, AlexNet's own settings; the same initialisation seed for all.
 * Not thread-safe: one thread calls {@link #step()}; the points it returns are plain copies.
 */
public final class ActivationRace implements AutoCloseable {
    public static final double LEARNING_RATE = 0.01;
    public static final double MOMENTUM = 0.9;

    /**
     * One network's step: its training loss on the batch, the fraction of the batch it misclassified in the forward
     * pass that trained on it, and each weighted layer's gradient norm.
     */
    public record Point(String modelId, int step, double loss, double error, Map<String, Double> norms) {
    }

    private final List<String> ids;
    private final List<Model> models = new ArrayList<>();
    private final List<TrainingRun.GradientNorms> norms = new ArrayList<>();
    private final List<TrainingRun.BatchErrors> errors = new ArrayList<>();
    private final BatchIterator batches;
    private final int classes;
    private int step;

    public ActivationRace(List<String> modelIds, Dataset train, int batchSize, long seed) {
        this.ids = List.copyOf(modelIds);
        this.classes = train.numClasses();
        for (String id : ids) {
            Network n = Catalog.get(id).build(train.shape(), classes);
            Model m = Model.untrained(n, GraphFactory.Settings.defaults().withSeed(seed)
                    .withUpdater(new Nesterovs(LEARNING_RATE, MOMENTUM)));
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

    public List<String> modelIds() {
        return ids;
    }

    /** Trains every network on the next batch (the same batch for all); returns one point per network. */
    public List<Point> step() {
        if (!batches.hasNext()) {
            batches.nextEpoch();
        }
        Batch b = batches.next();
        INDArray x = Nd4j.create(b.features(), new long[] {b.size(), b.shape().channels(), b.shape().height(),
                b.shape().width()}, 'c');
        INDArray y = Nd4j.create(b.oneHot(classes), new long[] {b.size(), classes}, 'c');
        step++;
        List<Point> out = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            ComputationGraph g = models.get(i).graph();
            errors.get(i).expect(b.labels());
            g.fit(new MultiDataSet(new INDArray[] {x}, new INDArray[] {y}));
            out.add(new Point(ids.get(i), step, g.score(), (double) errors.get(i).wrong() / b.size(),
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
