package org.cnnexplorer.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The shipped curves show the paper's two orderings of training error (He et al. 2016, Fig. 6). */
class ShippedDegradationTest {

    private static Map<String, Degradation.Curve> shipped() {
        Map<String, Degradation.Curve> out = new HashMap<>();
        Degradation.shipped().forEach(c -> out.put(c.member().modelId(), c));
        assertThat(out).containsKeys("plain20", "plain56", "resnet20", "resnet56");
        return out;
    }

    @Test
    void deeperPlainNetTrainsWorseThroughoutAndAtTheEnd() {
        Map<String, Degradation.Curve> c = shipped();
        double[] shallow = c.get("plain20").trainErrorPerEpoch();
        double[] deep = c.get("plain56").trainErrorPerEpoch();
        assertThat(deep).hasSameSizeAs(shallow);
        for (int e = 0; e < shallow.length; e++) {
            assertThat(deep[e]).as("plain-56 vs plain-20 training error, epoch %d", e + 1).isGreaterThan(shallow[e]);
        }
        assertThat(c.get("plain56").finalTrainError()).isGreaterThan(c.get("plain20").finalTrainError());
    }

    /**
     * The shortcut's effect at equal depth. The paper's other ordering, resnet-56 at or below resnet-20, is not in
     * these curves: 320 iterations end before the deeper net catches up (assets/degradation/manifest.json says so).
     */
    @Test
    void shortcutsTrainBetterAtEveryDepthAndEpoch() {
        Map<String, Degradation.Curve> c = shipped();
        for (int depth : new int[] {20, 56}) {
            double[] plain = c.get("plain" + depth).trainErrorPerEpoch();
            double[] residual = c.get("resnet" + depth).trainErrorPerEpoch();
            for (int e = 0; e < plain.length; e++) {
                assertThat(residual[e]).as("resnet-%d vs plain-%d training error, epoch %d", depth, depth, e + 1)
                        .isLessThan(plain[e]);
            }
        }
    }

    @Test
    void everyCurveHasTestErrorsAtEveryEpochAndTheManifestAgrees() throws Exception {
        JsonNode manifest = new ObjectMapper().readTree(Degradation.shippedManifest().orElseThrow());
        Map<String, Degradation.Curve> c = shipped();
        assertThat(manifest.get("runs")).hasSize(c.size());
        for (JsonNode run : manifest.get("runs")) {
            Degradation.Curve curve = c.get(run.get("model").asText());
            int epochs = curve.trainErrorPerEpoch().length;
            assertThat(curve.points().stream().filter(p -> p.testError() != null).count()).isEqualTo(epochs);
            assertThat(run.get("finalTrainError").asDouble()).isCloseTo(curve.finalTrainError(), within(1e-9));
            assertThat(run.get("finalTestError").asDouble()).isCloseTo(curve.finalTestError(), within(1e-9));
            assertThat(run.get("epochs").asInt()).isEqualTo(epochs);
        }
    }
}
