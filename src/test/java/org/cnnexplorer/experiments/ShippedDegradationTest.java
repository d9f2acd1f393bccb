package org.cnnexplorer.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The shipped curves show the paper's two orderings of training error (He et al. 2016, Fig. 6). */
class ShippedDegradationTest {

    private static Map<String, Curve> shipped() {
        Map<String, Curve> out = new HashMap<>();
        CurveFiles.shipped().forEach(c -> out.put(c.member().modelId(), c));
        assertThat(out).containsKeys("plain20", "plain56", "resnet20", "resnet56");
        return out;
    }

    @Test
    void deeperPlainNetTrainsWorseThroughoutAndAtTheEnd() {
        Map<String, Curve> c = shipped();
        double[] shallow = c.get("plain20").trainErrorPerEpoch();
        double[] deep = c.get("plain56").trainErrorPerEpoch();
        assertThat(deep).hasSameSizeAs(shallow);
        for (int e = 0; e < shallow.length; e++) {
            assertThat(deep[e]).as("plain-56 vs plain-20 training error, epoch %d", e + 1).isGreaterThan(shallow[e]);
        }
        assertThat(c.get("plain56").finalTrainError()).isGreaterThan(c.get("plain20").finalTrainError());
    }

    /**
     * The paper's second ordering: the deeper residual net trains no worse. At this length (790 iterations) the two
     * residual nets run close, so the test asks what the curves can carry: at the end ResNet-56 at or below ResNet-20,
     * and at every epoch 36 more layers cost the residual nets less than a tenth of what they cost the plain ones.
     */
    @Test
    void deeperResidualNetTrainsNoWorse() {
        Map<String, Curve> c = shipped();
        assertThat(c.get("resnet56").finalTrainError()).isLessThanOrEqualTo(c.get("resnet20").finalTrainError());
        double[] plain20 = c.get("plain20").trainErrorPerEpoch();
        double[] plain56 = c.get("plain56").trainErrorPerEpoch();
        double[] resnet20 = c.get("resnet20").trainErrorPerEpoch();
        double[] resnet56 = c.get("resnet56").trainErrorPerEpoch();
        for (int e = 0; e < plain20.length; e++) {
            assertThat(resnet56[e] - resnet20[e]).as("cost of depth with shortcuts, epoch %d", e + 1)
                    .isLessThan((plain56[e] - plain20[e]) / 10);
        }
    }

    /** The shortcut's effect at the depth where the plain net degrades. */
    @Test
    void atFiftySixLayersShortcutsTrainBetterAtEveryEpoch() {
        Map<String, Curve> c = shipped();
        double[] plain = c.get("plain56").trainErrorPerEpoch();
        double[] residual = c.get("resnet56").trainErrorPerEpoch();
        for (int e = 0; e < plain.length; e++) {
            assertThat(residual[e]).as("resnet-56 vs plain-56 training error, epoch %d", e + 1).isLessThan(plain[e]);
        }
    }

    @Test
    void everyCurveHasTestErrorsAtEveryEpochAndTheManifestAgrees() throws Exception {
        JsonNode manifest = new ObjectMapper().readTree(CurveFiles.shippedManifest().orElseThrow());
        Map<String, Curve> c = shipped();
        assertThat(manifest.get("runs")).hasSize(c.size());
        for (JsonNode run : manifest.get("runs")) {
            Curve curve = c.get(run.get("model").asText());
            int epochs = curve.trainErrorPerEpoch().length;
            assertThat(curve.points().stream().filter(p -> p.testError() != null).count()).isEqualTo(epochs);
            assertThat(run.get("finalTrainError").asDouble()).isCloseTo(curve.finalTrainError(), within(1e-9));
            assertThat(run.get("finalTestError").asDouble()).isCloseTo(curve.finalTestError(), within(1e-9));
            assertThat(run.get("epochs").asInt()).isEqualTo(epochs);
        }
    }
}
