package org.cnnexplorer.experiments;

import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.Layers;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.data.Batch;
import org.cnnexplorer.data.BatchIterator;
import org.cnnexplorer.data.Dataset;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.build.GraphFactory;
import org.cnnexplorer.train.TrainingRun;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Nesterovs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One catalog network trained twice on the same batches from the same initial weights: as the catalog builds it,
 * with its dropout layers, and with every dropout rate set to 0 (Krizhevsky et al. 2012, §4.2). Every few steps both
 * are measured without dropout on the training images they learn from and on test images: the gap between the two
 * errors is the overfitting dropout is meant to curb. SGD with AlexNet's learning rate and momentum (§5). Not
 * thread-safe: one thread drives it.
 */
public final class DropoutTraining implements AutoCloseable {
    public static final String WITH = "with-dropout";
    /** AlexNet §5: "an equal learning rate for all layers", started at 0.01. */
    public static final double LEARNING_RATE = 0.01;
    public static final String WITHOUT = "without-dropout";
    /** Images per forward pass when measuring: whole sets at once would hold every map of a thousand images. */
    private static final int EVAL_BATCH = 250;

    private final Map<String, Model> models = new LinkedHashMap<>();
    private final Map<String, Double> lossSince = new LinkedHashMap<>();
    private final Dataset train;
    private final Dataset test;
    private final BatchIterator batches;
    private final int classes;
    private int step;
    private int stepsSince;

    public DropoutTraining(String networkId, Dataset train, Dataset test, int batchSize, long seed) {
        this.train = train;
        this.test = test;
        this.classes = train.numClasses();
        Network as = Catalog.get(networkId).build(train.shape(), classes);
        Map<String, LayerSpec> none = new LinkedHashMap<>();
        as.layers().stream().filter(l -> l.spec() instanceof LayerSpec.Dropout).map(Layer::id)
                .forEach(id -> none.put(id, Layers.dropout(0)));
        if (none.isEmpty()) {
            throw new IllegalArgumentException(networkId + " has no dropout layer");
        }
        Network without = Catalog.get(networkId).build(train.shape(), classes, none);
        GraphFactory.Settings settings = GraphFactory.Settings.defaults().withSeed(seed)
                .withUpdater(new Nesterovs(LEARNING_RATE, ActivationRace.MOMENTUM));
        models.put(WITH, Model.untrained(as, settings));
        models.put(WITHOUT, Model.untrained(without, settings));
        models.keySet().forEach(k -> lossSince.put(k, 0.0));
        batches = train.trainingBatches(batchSize, seed);
        batches.startEpoch(0);
    }

    /** The dropout rate of the catalog network's dropout layers (the first one's). */
    public static double rate(String networkId) {
        return Catalog.get(networkId).build().layers().stream().filter(l -> l.spec() instanceof LayerSpec.Dropout)
                .map(l -> ((LayerSpec.Dropout) l.spec()).p()).findFirst().orElse(0.0);
    }

    /** Trains both networks on the next batch (the same batch for both). */
    public void step() {
        if (!batches.hasNext()) {
            batches.nextEpoch();
        }
        Batch b = batches.next();
        INDArray x = TrainingRun.features(b);
        INDArray y = TrainingRun.oneHot(b, classes);
        step++;
        stepsSince++;
        for (Map.Entry<String, Model> e : models.entrySet()) {
            e.getValue().graph().fit(new MultiDataSet(new INDArray[] {x}, new INDArray[] {y}));
            lossSince.merge(e.getKey(), e.getValue().graph().score(), Double::sum);
        }
    }

    /** Measures both networks (dropout off) on the training and the test images and adds a row each. */
    public void evaluate(DropoutRecord record) {
        for (Map.Entry<String, Model> e : models.entrySet()) {
            double loss = stepsSince == 0 ? Double.NaN : lossSince.get(e.getKey()) / stepsSince;
            record.add(e.getKey(), new DropoutRecord.Row(step, loss, error(e.getValue(), train),
                    error(e.getValue(), test)));
            lossSince.put(e.getKey(), 0.0);
        }
        stepsSince = 0;
    }

    public List<String> modelIds() {
        return List.copyOf(models.keySet());
    }

    private static double error(Model m, Dataset data) {
        int size = (int) data.shape().size();
        int wrong = 0;
        for (int from = 0; from < data.size(); from += EVAL_BATCH) {
            int n = Math.min(EVAL_BATCH, data.size() - from);
            float[] images = new float[n * size];
            for (int i = 0; i < n; i++) {
                data.copyFeatures(from + i, images, i * size);
            }
            float[][] p = m.probabilities(images, () -> false);
            for (int i = 0; i < n; i++) {
                if (argMax(p[i]) != data.label(from + i)) {
                    wrong++;
                }
            }
        }
        return (double) wrong / data.size();
    }

    private static int argMax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public void close() {
        models.values().forEach(Model::close);
        models.clear();
    }
}
