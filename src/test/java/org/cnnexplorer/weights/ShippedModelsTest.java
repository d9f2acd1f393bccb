package org.cnnexplorer.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cnnexplorer.data.FashionMnist;
import org.cnnexplorer.data.InMemoryDataset;
import org.cnnexplorer.data.Split;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.train.Evaluator;
import org.cnnexplorer.ui.Models;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The weights that ship reproduce, on the 10,000 test images, the accuracy their manifest records. */
class ShippedModelsTest {
    static JsonNode manifest;
    static InMemoryDataset test;

    @BeforeAll
    static void load() throws Exception {
        manifest = new ObjectMapper().readTree(ShippedModels.manifest().orElseThrow());
        test = FashionMnist.load(FashionMnist.embedded(), Split.TEST);
    }

    @Test
    void everyMiniNetworkShipsWithAManifestEntry() {
        List<String> ids = new ArrayList<>();
        manifest.get("models").forEach(m -> ids.add(m.get("id").asText()));
        assertThat(ids).contains("mini-alexnet", "mini-vgg", "mini-googlenet", "mini-resnet");
        for (JsonNode m : manifest.get("models")) {
            assertThat(ShippedModels.available(m.get("id").asText())).isTrue();
            assertThat(m.get("command").asText()).startsWith("java -jar target/app/cnn-explorer.jar train ");
            assertThat(m.get("testAccuracy").asDouble()).isBetween(0.0, 1.0);
        }
    }

    /** The targets, on the accuracies the next test proves the shipped files reach. */
    @Test
    void everyMiniNetworkReachesNinetyOnePercentAndTheBestNinetyTwoAndAHalf() {
        double best = 0;
        for (JsonNode m : manifest.get("models")) {
            if (!Models.MINI.contains(m.get("id").asText())) {
                continue;
            }
            double acc = m.get("testAccuracy").asDouble();
            assertThat(acc).as(m.get("id").asText()).isGreaterThanOrEqualTo(0.91);
            best = Math.max(best, acc);
        }
        assertThat(best).isGreaterThanOrEqualTo(0.925);
    }

    /**
     * Krizhevsky et al. 2012 §4.1, measured on our scale: the mini-alexnet trained with crops and flips knows a
     * mirrored picture as well as an upright one, the one trained without does not; the manifest's mirrored numbers
     * are what {@code evaluate --transform hflip} gives.
     */
    @Test
    void theMiniAlexNetTrainedWithFlipsKnowsMirroredPictures() throws Exception {
        ShippedModels.Evaluation plain = ShippedModels.evaluation("mini-alexnet").orElseThrow();
        ShippedModels.Evaluation aug = ShippedModels.evaluation("mini-alexnet-aug").orElseThrow();
        assertThat(aug.mirrored()).isGreaterThanOrEqualTo(plain.mirrored() + 0.10);
        assertThat(aug.mirrored()).isCloseTo(aug.asIs(), within(0.02));
        for (String id : List.of("mini-alexnet", "mini-alexnet-aug")) {
            try (Model model = ShippedModels.load(id).orElseThrow()) {
                double mirrored = Evaluator.evaluate(model, test, Evaluator.View.MIRRORED, () -> false).accuracy();
                assertThat(mirrored).as(id).isCloseTo(ShippedModels.evaluation(id).orElseThrow().mirrored(),
                        within(1e-4));
            }
        }
    }

    /**
     * The auxiliary-heads lesson's numbers: each head of mini-googlenet scored on its own over the test set
     * reproduces the manifest, the main head's accuracy is the model's, and the picture named as where the heads
     * part is one where they do.
     */
    @Test
    void miniGoogLeNetsHeadsReproduceTheManifestScores() throws Exception {
        ShippedModels.HeadScores shipped = ShippedModels.heads("mini-googlenet").orElseThrow();
        assertThat(shipped.heads()).extracting(ShippedModels.HeadScore::output).containsExactly("prob", "aux1.prob");
        try (Model model = ShippedModels.load("mini-googlenet").orElseThrow()) {
            Evaluator.Heads measured = Evaluator.heads(model, test, model.network().heads(), () -> false);
            assertThat(measured.n()).isEqualTo(10_000);
            for (int k = 0; k < 2; k++) {
                assertThat(measured.heads().get(k).accuracy()).isCloseTo(shipped.heads().get(k).accuracy(),
                        within(1e-4));
                assertThat(measured.heads().get(k).meanConfidence()).isCloseTo(shipped.heads().get(k)
                        .meanConfidence(), within(1e-4));
            }
            assertThat(measured.heads().get(0).accuracy()).isCloseTo(Evaluator.evaluate(model, test, () -> false)
                    .accuracy(), within(1e-9));
            assertThat(measured.disagreement()).isEqualTo(shipped.disagreement());
            float[] picture = new float[(int) FashionMnist.SHAPE.size()];
            test.copyFeatures(shipped.disagreement(), picture, 0);
            var probs = model.headProbabilities(model.network().heads(), picture, () -> false);
            assertThat(Evaluator.argmax(probs.get("prob")[0]))
                    .isNotEqualTo(Evaluator.argmax(probs.get("aux1.prob")[0]));
        }
    }

    @Test
    void evaluateReproducesTheManifestAccuracy() throws Exception {
        for (JsonNode m : manifest.get("models")) {
            String id = m.get("id").asText();
            try (Model model = ShippedModels.load(id).orElseThrow()) {
                assertThat(model.trained()).isTrue();
                Evaluator.Result r = Evaluator.evaluate(model, test, () -> false);
                assertThat(r.n()).isEqualTo(10_000);
                assertThat(r.accuracy()).as(id).isCloseTo(m.get("testAccuracy").asDouble(), within(1e-4));
            }
        }
    }
}
