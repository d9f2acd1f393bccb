package org.cnnexplorer.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cnnexplorer.data.Dataset;
import org.cnnexplorer.data.FashionMnist;
import org.cnnexplorer.data.Split;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.train.Evaluator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The weights that ship reproduce, on the 10,000 test images, the accuracy their manifest records. */
class ShippedModelsTest {
    static JsonNode manifest;
    static Dataset test;

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
            double acc = m.get("testAccuracy").asDouble();
            assertThat(acc).as(m.get("id").asText()).isGreaterThanOrEqualTo(0.91);
            best = Math.max(best, acc);
        }
        assertThat(best).isGreaterThanOrEqualTo(0.925);
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
