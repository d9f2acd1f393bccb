package org.cnnexplorer.engine;

import org.assertj.core.data.Offset;
import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.engine.natives.NativeSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelTest {

    @BeforeAll
    static void natives() {
        NativeSetup.configure();
    }

    static float[] image(Shape s, long seed) {
        Random r = new Random(seed);
        float[] x = new float[(int) s.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @Test
    void untrainedModelGivesATopKOfProbabilitiesAndSaysSo() {
        Shape in = Shape.chw(3, 32, 32);
        try (Model m = Model.untrained("resnet20", in, 10, 42)) {
            assertThat(m.trained()).isFalse();
            List<Prediction> top = m.topK(image(in, 1), 3, () -> false);
            assertThat(top).hasSize(3);
            assertThat(top.get(0).probability()).isGreaterThanOrEqualTo(top.get(1).probability());
            float[] p = m.probabilities(image(in, 1), null)[0];
            assertThat(p).hasSize(10);
            double sum = 0;
            for (float v : p) {
                sum += v;
            }
            assertThat(sum).isCloseTo(1.0, Offset.offset(1e-4));
            assertThat(top.get(0).probability()).isEqualTo(p[top.get(0).classIndex()]);
            assertThat(top.get(0).label()).isEqualTo("class " + top.get(0).classIndex());
        }
    }

    /**
     * DL4J's own close() ends with System.gc(): a stop-the-world full collection that froze the window for about
     * 100 ms whenever a run ended or Classify switched networks. Releasing a model must free it without one.
     */
    @Test
    void closingAModelReleasesItWithoutAFullCollection() {
        Shape in = Shape.chw(3, 32, 32);
        Model m = Model.untrained("resnet20", in, 10, 7);
        m.probabilities(image(in, 3), null); // creates the inference workspaces
        long before = fullCollections();
        m.close();
        assertThat(fullCollections()).isEqualTo(before);
        assertThatThrownBy(() -> m.probabilities(image(in, 3), null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("released");
    }

    private static long fullCollections() {
        long n = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!gc.getName().contains("Young")) { // G1 Old Generation, or the Full/MarkSweep collector of others
                n += Math.max(0, gc.getCollectionCount());
            }
        }
        return n;
    }

    @Test
    void activationsCoverEveryLayerWithTheCatalogShapeAndMatchTheGraphOutput() {
        Shape in = Shape.chw(3, 32, 32);
        try (Model m = Model.untrained("resnet20", in, 10, 42)) {
            float[] x = image(in, 2);
            Map<String, LayerActivation> acts = m.activations(x, () -> false);
            assertThat(acts.keySet()).containsExactlyElementsOf(m.network().layers().stream().map(Layer::id).toList());
            for (Layer l : m.network().layers()) {
                assertThat(acts.get(l.id()).shape()).isEqualTo(l.output());
            }
            // A conv output feeding a BN/ReLU keeps its negative values: nothing was overwritten in place.
            assertThat(min(acts.get("layer1.0.add").values())).isNegative();
            assertThat(min(acts.get("layer1.0.relu2").values())).isGreaterThanOrEqualTo(0f);
            float[] prob = m.probabilities(x, null)[0];
            assertThat(acts.get("prob").values()).containsExactly(prob, Offset.offset(1e-5f));
            assertThat(acts.get("input").values()).containsExactly(x);
        }
    }

    static float min(float[] v) {
        float m = Float.POSITIVE_INFINITY;
        for (float f : v) {
            m = Math.min(m, f);
        }
        return m;
    }

    @Test
    void cancellingStopsBetweenLayers() {
        Shape in = Shape.chw(3, 32, 32);
        try (Model m = Model.untrained("resnet20", in, 10, 42)) {
            AtomicInteger checks = new AtomicInteger();
            assertThatThrownBy(() -> m.activations(image(in, 3), () -> checks.incrementAndGet() > 5))
                    .isInstanceOf(CancellationException.class);
            assertThat(checks.get()).isEqualTo(6);
            // The model still works afterwards.
            assertThat(m.activations(image(in, 3), () -> false)).containsKey("prob");
        }
    }

    @Test
    void wrongInputSizeIsExplained() {
        try (Model m = Model.untrained("resnet20", Shape.chw(3, 32, 32), 10, 42)) {
            assertThatThrownBy(() -> m.probabilities(new float[100], null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("resnet20 takes 3×32×32 images (3072 values each), got 100 values");
        }
    }

    @Test
    void alexNetTowersAreHelperVerticesBelowTheCatalogId() {
        try (Model m = Model.untrained("alexnet", Shape.chw(3, 67, 67), 10, 1)) {
            assertThat(m.helperVertices()).contains("conv2.tower0", "conv2.tower1", "conv4.tower0", "conv5.tower1");
            Map<String, LayerActivation> acts = m.activations(image(Shape.chw(3, 67, 67), 4), () -> false);
            assertThat(acts.get("conv2").shape().channels()).isEqualTo(256);
        }
    }
}
