package org.cnnexplorer.train;

import org.cnnexplorer.data.Augmentations;
import org.cnnexplorer.data.Batch;
import org.cnnexplorer.data.BatchIterator;
import org.cnnexplorer.data.Dataset;
import org.cnnexplorer.engine.Model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Accuracy and confusion matrix of a model on a dataset, in inference mode. */
public final class Evaluator {
    private static final int BATCH = 250;

    private Evaluator() {
    }

    /** @param confusion rows = true class, columns = predicted class */
    public record Result(int n, double accuracy, int[][] confusion) {
    }

    /**
     * How the test pictures are shown to the model: as they are, mirrored left-right (what a net trained without
     * flips has never seen), or as the ten patches of Krizhevsky et al. §4.1 (corners and centre of the picture
     * padded by {@link TrainingRun#AUGMENT_PADDING}, and their mirrors) with the ten predictions averaged.
     */
    public enum View { AS_IS, MIRRORED, TEN_CROP }

    public static Result evaluate(Model model, Dataset data, BooleanSupplier cancelled) {
        return evaluate(model, data, View.AS_IS, cancelled);
    }

    public static Result evaluate(Model model, Dataset data, View view, BooleanSupplier cancelled) {
        int classes = model.info().classes();
        if (data.numClasses() != classes) {
            throw new IllegalArgumentException(data.name() + " has " + data.numClasses() + " classes, the model "
                    + classes);
        }
        int[][] confusion = new int[classes][classes];
        int correct = 0;
        int n = 0;
        BatchIterator it = data.evaluationBatches(BATCH);
        while (it.hasNext()) {
            Batch b = it.next();
            float[][] probs = probabilities(model, b, view, cancelled);
            for (int i = 0; i < b.size(); i++) {
                int predicted = argmax(probs[i]);
                int truth = b.labels()[i];
                confusion[truth][predicted]++;
                if (predicted == truth) {
                    correct++;
                }
                n++;
            }
        }
        return new Result(n, n == 0 ? 0 : (double) correct / n, confusion);
    }

    private static float[][] probabilities(Model model, Batch b, View view, BooleanSupplier cancelled) {
        switch (view) {
            case MIRRORED -> {
                float[] mirrored = b.features().clone();
                int size = (int) b.shape().size();
                for (int i = 0; i < b.size(); i++) {
                    Augmentations.flipHorizontal(mirrored, i * size, b.shape());
                }
                return model.probabilities(mirrored, cancelled);
            }
            case TEN_CROP -> {
                float[][] each = model.probabilities(Augmentations.tenCrops(b.features(), b.shape(),
                        TrainingRun.AUGMENT_PADDING), cancelled);
                float[][] mean = new float[b.size()][each[0].length];
                for (int i = 0; i < each.length; i++) {
                    for (int c = 0; c < each[i].length; c++) {
                        mean[i / 10][c] += each[i][c] / 10;
                    }
                }
                return mean;
            }
            default -> {
                return model.probabilities(b.features(), cancelled);
            }
        }
    }

    /** One output head on the whole set: accuracy and mean confidence (the probability of its top class). */
    public record Head(String output, double accuracy, double meanConfidence) {
    }

    /**
     * Every head of the model on the set, and where they part: the first picture the first head (the prediction)
     * gets right and another head gets wrong, else the first on which any two heads differ, else -1.
     */
    public record Heads(int n, List<Head> heads, int disagreement) {
    }

    public static Heads heads(Model model, Dataset data, List<String> outputs, BooleanSupplier cancelled) {
        double[] correct = new double[outputs.size()];
        double[] confidence = new double[outputs.size()];
        int n = 0;
        int rightThenWrong = -1;
        int differ = -1;
        BatchIterator it = data.evaluationBatches(BATCH);
        while (it.hasNext()) {
            Batch b = it.next();
            Map<String, float[][]> probs = model.headProbabilities(outputs, b.features(), cancelled);
            for (int i = 0; i < b.size(); i++) {
                int first = -1;
                for (int k = 0; k < outputs.size(); k++) {
                    float[] p = probs.get(outputs.get(k))[i];
                    int predicted = argmax(p);
                    confidence[k] += p[predicted];
                    boolean right = predicted == b.labels()[i];
                    if (right) {
                        correct[k]++;
                    }
                    if (k == 0) {
                        first = predicted;
                    } else if (predicted != first) {
                        differ = differ < 0 ? n : differ;
                        if (first == b.labels()[i] && rightThenWrong < 0) {
                            rightThenWrong = n;
                        }
                    }
                }
                n++;
            }
        }
        List<Head> heads = new ArrayList<>();
        for (int k = 0; k < outputs.size(); k++) {
            heads.add(new Head(outputs.get(k), n == 0 ? 0 : correct[k] / n, n == 0 ? 0 : confidence[k] / n));
        }
        return new Heads(n, heads, rightThenWrong >= 0 ? rightThenWrong : differ);
    }

    /** The index of the largest value (the first of equals): a prediction's class. */
    public static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
