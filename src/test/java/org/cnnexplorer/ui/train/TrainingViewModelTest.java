package org.cnnexplorer.ui.train;

import org.cnnexplorer.ui.JobStatus;

import org.cnnexplorer.train.TrainingRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The view model without a toolkit: real (tiny) training runs on a plain thread, events drained by hand. */
class TrainingViewModelTest {
    @TempDir
    Path dir;

    private static CompletableFuture<TrainingRun.Result> run(TrainingJob job) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return job.call();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    private TrainingViewModel tiny(int images, int epochs) {
        TrainingViewModel vm = new TrainingViewModel(dir);
        vm.modelIdProperty().set("mini-resnet");
        vm.limitProperty().set(images);
        vm.epochsProperty().set(epochs);
        vm.batchSizeProperty().set(32);
        return vm;
    }

    @Test
    void theTrainableNetworksAreTheMiniNetsAndCifarNetsButNoModule() {
        // inception3a builds at 1×28×28 too, but ends in a concat: nothing to train against labels
        assertThat(TrainingViewModel.trainableIds()).contains("mini-resnet", "resnet20")
                .doesNotContain("inception3a", "inception3a-naive");
    }

    @Test
    void aShortRunFillsTheChartsDataAndFinishes() throws Exception {
        TrainingViewModel vm = tiny(256, 1);
        TrainingJob job = vm.start();
        assertThat(vm.getState()).isEqualTo(JobStatus.State.RUNNING);
        assertThat(vm.start()).as("one run at a time").isNull();
        TrainingRun.Result result = run(job).get(5, TimeUnit.MINUTES);
        vm.ended(job, result, null);
        RunRecord r = vm.runs().get(0);
        assertThat(r.loss()).hasSize(8); // 256 images / 32 per batch
        assertThat(r.loss().get(7)[0]).isEqualTo(1.0); // x = epochs done
        assertThat(r.loss()).allSatisfy(p -> assertThat(p[1]).isPositive().isFinite());
        assertThat(r.testAccuracy()).hasSize(1);
        assertThat(r.gradientLayers()).contains("conv1", "layer3.1.conv2", "fc");
        assertThat(r.gradientLogs()).hasSize(8).allSatisfy(row -> assertThat(row[0]).isFinite());
        assertThat(r.outcome()).isEqualTo(RunRecord.Outcome.FINISHED);
        assertThat(Files.isRegularFile(r.model())).isTrue();
        assertThat(vm.getState()).isEqualTo(JobStatus.State.IDLE);
        assertThat(vm.statusProperty().get()).contains("%");
    }

    @Test
    void cancelCheckpointsAndContinueResumesWhereItStopped() throws Exception {
        TrainingViewModel vm = tiny(512, 2);
        TrainingJob job = vm.start();
        vm.pause(); // before the data have loaded: the run starts paused
        CompletableFuture<TrainingRun.Result> f = run(job);
        Thread.sleep(200);
        vm.drain();
        assertThat(vm.runs().get(0).loss()).isEmpty();
        vm.resume();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (vm.runs().get(0).loss().size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            vm.drain();
        }
        vm.cancel();
        assertThat(vm.getState()).isEqualTo(JobStatus.State.STOPPING);
        TrainingRun.Result cancelled = f.get(3, TimeUnit.MINUTES);
        vm.ended(job, cancelled, null);
        RunRecord first = vm.runs().get(0);
        assertThat(first.outcome()).isEqualTo(RunRecord.Outcome.CANCELLED);
        Path ckpt = vm.lastCheckpointProperty().get();
        assertThat(ckpt).isNotNull().exists();
        int stoppedAt = first.loss().size();

        TrainingJob again = vm.resumeFrom(ckpt);
        TrainingRun.Result done = run(again).get(5, TimeUnit.MINUTES);
        vm.ended(again, done, null);
        RunRecord second = vm.runs().get(1);
        assertThat(second.outcome()).isEqualTo(RunRecord.Outcome.FINISHED);
        // 2 epochs × 16 steps in all: the continuation does exactly the steps the first run had not done
        assertThat(stoppedAt + second.loss().size()).isEqualTo(32);
        assertThat(second.loss().get(0)[0]).isEqualTo(first.loss().get(stoppedAt - 1)[0] + 1.0 / 16);
        vm.clear();
        assertThat(vm.runs()).isEmpty();
    }

    @Test
    void settingsOutOfRangeGiveAMessageAndStartNothing() {
        TrainingViewModel vm = tiny(256, 1);
        vm.learningRateProperty().set(Double.NaN);
        assertThat(vm.start()).isNull();
        assertThat(vm.messageProperty().get()).isNotEmpty();
        assertThat(vm.runs()).isEmpty();
        assertThat(vm.getState()).isEqualTo(JobStatus.State.IDLE);
        assertThat(vm.resumeFrom(dir.resolve("mini-vgg-checkpoint.zip"))).isNull();
        assertThat(vm.runs()).isEmpty();
    }

    @Test
    void etaReadsLikeAClock() {
        assertThat(JobStatus.eta(65)).isEqualTo("1:05");
        assertThat(JobStatus.eta(3723)).isEqualTo("1:02:03");
        assertThat(JobStatus.eta(Double.NaN)).isEqualTo("–");
    }
}
