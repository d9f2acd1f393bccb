package org.cnnexplorer.train;

import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.data.Augmentations;
import org.cnnexplorer.data.Batch;
import org.cnnexplorer.data.BatchIterator;
import org.cnnexplorer.data.Dataset;
import org.cnnexplorer.data.FashionMnist;
import org.cnnexplorer.data.Split;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.weights.ShippedModels;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The test views of a trained net: mirrored pictures and the ten-patch average, checked against doing it by hand. */
class EvaluatorTest {

    @Test
    void mirroredAndTenCropViewsScoreWhatTheyShow() throws Exception {
        Dataset test = FashionMnist.load(FashionMnist.embedded(), Split.TEST).limit(300);
        try (Model m = ShippedModels.load("mini-alexnet").orElseThrow()) {
            int mirroredRight = 0;
            int tenCropRight = 0;
            BatchIterator it = test.evaluationBatches(100);
            while (it.hasNext()) {
                Batch b = it.next();
                int size = (int) b.shape().size();
                float[] mirrored = b.features().clone();
                for (int i = 0; i < b.size(); i++) {
                    Augmentations.flipHorizontal(mirrored, i * size, b.shape());
                }
                float[][] pm = m.probabilities(mirrored, () -> false);
                float[][] pt = m.probabilities(Augmentations.tenCrops(b.features(), b.shape(),
                        TrainingRun.AUGMENT_PADDING), () -> false);
                for (int i = 0; i < b.size(); i++) {
                    mirroredRight += Evaluator.argmax(pm[i]) == b.labels()[i] ? 1 : 0;
                    float[] mean = new float[pt[0].length];
                    for (int k = 0; k < 10; k++) {
                        for (int c = 0; c < mean.length; c++) {
                            mean[c] += pt[i * 10 + k][c];
                        }
                    }
                    tenCropRight += Evaluator.argmax(mean) == b.labels()[i] ? 1 : 0;
                }
            }
            Evaluator.Result asIs = Evaluator.evaluate(m, test, () -> false);
            Evaluator.Result mirroredView = Evaluator.evaluate(m, test, Evaluator.View.MIRRORED, () -> false);
            Evaluator.Result tenCrop = Evaluator.evaluate(m, test, Evaluator.View.TEN_CROP, () -> false);
            assertThat(mirroredView.n()).isEqualTo(300);
            assertThat(mirroredView.accuracy()).isEqualTo(mirroredRight / 300.0);
            assertThat(tenCrop.accuracy()).isEqualTo(tenCropRight / 300.0);
            assertThat(mirroredView.accuracy()).as("the views differ").isNotEqualTo(asIs.accuracy());
        }
    }

    @Test
    void theTenPatchesAreTheCornersAndCentreAndTheirMirrors() {
        Shape shape = Shape.chw(1, 3, 3);
        float[] picture = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] ten = Augmentations.tenCrops(picture, shape, 1);
        assertThat(ten).hasSize(90);
        // window at (0, 0) of the padded picture: the picture moved right and down by one, zeros entering
        assertThat(Arrays.copyOfRange(ten, 0, 9)).containsExactly(0, 0, 0, 0, 1, 2, 0, 4, 5);
        // the centre window is the picture itself, and its mirror the picture mirrored
        assertThat(Arrays.copyOfRange(ten, 36, 45)).containsExactly(picture);
        assertThat(Arrays.copyOfRange(ten, 81, 90)).containsExactly(3, 2, 1, 6, 5, 4, 9, 8, 7);
    }
}
