package org.cnnexplorer.ui.train;

import org.cnnexplorer.train.TrainingConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RunRecordTest {

    /**
     * A run of 3.5 × {@link RunRecord#MAX_STEPS} steps (a long evening's training) keeps at most that many of them,
     * every series on the same steps, each step as it was reported (the smoothed loss as if nothing had been dropped).
     */
    @Test
    void aLongRunKeepsABoundedHistoryOfEvenlySpacedRealSteps() {
        RunRecord r = new RunRecord(1, TrainingConfig.defaults("mini-resnet", Path.of("out")), "test");
        int steps = RunRecord.MAX_STEPS * 7 / 2;
        double[] smoothed = new double[steps];
        double average = 0;
        for (int k = 0; k < steps; k++) {
            double loss = 2.3 * Math.exp(-k / 5000.0) + 0.1 * Math.sin(k);
            average = RunRecord.SMOOTHING * average + (1 - RunRecord.SMOOTHING) * loss;
            smoothed[k] = average / (1 - Math.pow(RunRecord.SMOOTHING, k + 1));
            r.addStep(k / 938.0, loss, 1000 + k, new float[] {(float) k, -k});
            assertThat(r.loss().size()).isLessThanOrEqualTo(RunRecord.MAX_STEPS);
        }
        List<double[]> loss = r.loss();
        assertThat(r.steps()).as("the steps reported, not those kept").isEqualTo(steps);
        assertThat(loss.size()).isGreaterThan(RunRecord.MAX_STEPS / 2);
        assertThat(r.rawLoss).hasSameSizeAs(loss);
        assertThat(r.throughput()).hasSameSizeAs(loss);
        assertThat(r.gradientLogs()).hasSameSizeAs(loss);
        int stride = 4;
        for (int i = 0; i < loss.size(); i++) {
            int k = i * stride;
            assertThat(loss.get(i)[0]).isEqualTo(k / 938.0);
            assertThat(loss.get(i)[1]).isCloseTo(smoothed[k], within(1e-12));
            assertThat(r.rawLoss.get(i)[1]).isEqualTo(2.3 * Math.exp(-k / 5000.0) + 0.1 * Math.sin(k));
            assertThat(r.gradientLogs().get(i)[0]).isEqualTo(k);
        }
        assertThat((loss.size() - 1) * stride).as("the last step kept is among the last stride").isGreaterThan(
                steps - 1 - stride);
    }

    @Test
    void aShortRunKeepsEveryStep() {
        RunRecord r = new RunRecord(1, TrainingConfig.defaults("mini-resnet", Path.of("out")), "test");
        for (int k = 0; k < 300; k++) {
            r.addStep(k, 1.0 / (k + 1), 500, new float[0]);
        }
        assertThat(r.loss()).hasSize(300);
        assertThat(r.rawLoss.get(299)[1]).isEqualTo(1.0 / 300);
    }
}
