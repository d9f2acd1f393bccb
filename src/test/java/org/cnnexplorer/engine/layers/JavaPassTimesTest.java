package org.cnnexplorer.engine.layers;

import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.engine.Benchmark;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The peer benchmark's clock on the Java passes: every pass of a training step counted once, nothing when off. */
class JavaPassTimesTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mini-alexnet", "mini-vgg"})
    void aTrainingStepTimesEveryJavaPassOnceAndNothingOutsideTheClock(String id) throws Exception {
        Network net = Catalog.get(id).build();
        long bn = count(net, LayerSpec.BatchNorm.class);
        long relu = count(net, LayerSpec.Relu.class);
        long lrn = count(net, LayerSpec.Lrn.class);
        long pool = net.layers().stream()
                .filter(l -> l.spec() instanceof LayerSpec.Pool p && p.kind() == LayerSpec.PoolKind.MAX).count();
        assertThat(relu * pool).isPositive();
        assertThat(bn + lrn).isPositive();
        try (Benchmark.Case step = Benchmark.trainCase(net, 4)) {
            step.run();
            Map<String, double[]> times = JavaPassTimes.during(step::run);
            long fusedForward = calls(times, "FastBatchNorm forward + ReLU");
            assertThat(calls(times, "ReLU forward") + fusedForward).isEqualTo(relu);
            assertThat(calls(times, "ReLU backward")).isEqualTo(relu);
            assertThat(calls(times, "FastMaxPool forward")).isEqualTo(pool);
            assertThat(calls(times, "FastMaxPool backward")).isEqualTo(pool);
            assertThat(calls(times, "FastLrn forward")).isEqualTo(lrn);
            assertThat(calls(times, "FastLrn backward")).isEqualTo(lrn);
            assertThat(calls(times, "FastBatchNorm forward") + fusedForward).isEqualTo(bn);
            assertThat(fusedForward).as("batch norms that apply their ReLU").isBetween(bn > 0 ? 1L : 0L, bn);
            assertThat(calls(times, "FastBatchNorm backward")).isEqualTo(bn);
            assertThat(times.values()).allMatch(v -> v[0] > 0);
            assertThat(JavaPassTimes.during(() -> { })).isEmpty();
        }
    }

    private static long count(Network net, Class<? extends LayerSpec> kind) {
        return net.layers().stream().map(Layer::spec).filter(kind::isInstance).count();
    }

    private static long calls(Map<String, double[]> times, String pass) {
        double[] v = times.get(pass);
        return v == null ? 0 : (long) v[1];
    }
}
