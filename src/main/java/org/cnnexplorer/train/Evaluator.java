package org.cnnexplorer.train;

import org.cnnexplorer.data.Batch;
import org.cnnexplorer.data.BatchIterator;
import org.cnnexplorer.data.Dataset;
import org.cnnexplorer.engine.Model;

import java.util.function.BooleanSupplier;

/** Accuracy and confusion matrix of a model on a dataset, in inference mode. */
public final class Evaluator {
    private static final int BATCH = 250;

    private Evaluator() {
    }

    /** @param confusion rows = true class, columns = predicted class */
    public record Result(int n, double accuracy, int[][] confusion) {
    }

    public static Result evaluate(Model model, Dataset data, BooleanSupplier cancelled) {
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
            float[][] probs = model.probabilities(b.features(), cancelled);
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
