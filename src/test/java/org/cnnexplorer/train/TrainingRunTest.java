package org.cnnexplorer.train;

import org.assertj.core.data.Offset;
import org.cnnexplorer.data.DataSplits;
import org.cnnexplorer.data.Dataset;
import org.cnnexplorer.data.FashionMnist;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.weights.WeightsFileException;
import org.cnnexplorer.weights.WeightsIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real training on the embedded Fashion-MNIST slice, kept small so it runs in seconds. */
class TrainingRunTest {
    static Dataset train;
    static Dataset test;

    @BeforeAll
    static void data() {
        DataSplits splits = FashionMnist.load(FashionMnist.embedded());
        train = splits.train().limit(640);
        test = splits.test().limit(200);
    }

    static TrainingConfig config(String id, int epochs, Path dir) {
        return new TrainingConfig(id, epochs, 32, 2e-3, new LrSchedule.PerEpoch(1.0), TrainingConfig.Optimizer.ADAM, 0,
                7, false, dir);
    }

    @Test
    void lossFallsAndEveryEpochIsCheckpointed(@TempDir Path dir) throws Exception {
        List<TrainingEvent> events = new ArrayList<>();
        TrainingRun.Result r = new TrainingRun(config("mini-alexnet", 2, dir), train, test, events::add,
                new RunControl()).run();

        List<Double> losses = events.stream().filter(e -> e instanceof TrainingEvent.Iteration)
                .map(e -> ((TrainingEvent.Iteration) e).loss()).toList();
        assertThat(losses).hasSize(2 * 20);
        double first = losses.subList(0, 5).stream().mapToDouble(d -> d).average().orElseThrow();
        double last = losses.subList(35, 40).stream().mapToDouble(d -> d).average().orElseThrow();
        assertThat(last).as("mean loss of the last 5 batches vs the first 5").isLessThan(first * 0.75);

        List<TrainingEvent.Epoch> epochs = events.stream().filter(e -> e instanceof TrainingEvent.Epoch)
                .map(e -> (TrainingEvent.Epoch) e).toList();
        assertThat(epochs).hasSize(2);
        assertThat(epochs.get(1).testAccuracy()).isGreaterThan(0.4); // 10 classes: chance is 0.1
        assertThat(r.history()).isEqualTo(epochs);
        assertThat(events.get(events.size() - 1)).isInstanceOf(TrainingEvent.Finished.class);
        TrainingEvent.Iteration any = (TrainingEvent.Iteration) events.get(3);
        // every layer with weights, each once: the towers of the grouped conv2, conv4, conv5 count with their layer
        assertThat(any.gradientNorms()).containsOnlyKeys("conv1", "conv2", "conv3", "conv4", "conv5", "fc6", "fc7",
                "fc8");
        assertThat(any.gradientNorms().values()).allSatisfy(v -> assertThat(v).isPositive().isFinite());

        try (Model saved = WeightsIO.load(r.model(), "mini-alexnet", FashionMnist.SHAPE)) {
            assertThat(saved.trained()).isTrue();
            assertThat(saved.info().labels()).hasSize(10);
            assertThat(Double.parseDouble(saved.info().provenance().get("testAccuracy")))
                    .isCloseTo(r.testAccuracy(), Offset.offset(1e-4));
            assertThat(Evaluator.evaluate(saved, test, () -> false).accuracy())
                    .isCloseTo(r.testAccuracy(), Offset.offset(1e-9));
        }
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
                .contains("mini-alexnet.zip", "mini-alexnet-checkpoint.zip", "mini-alexnet-checkpoint.zip.updater")
                .noneMatch(n -> n.endsWith(".tmp"));
    }

    @Test
    void cancelledRunResumesWhereItStoppedAndEndsLikeAnUninterruptedOne(@TempDir Path dir) throws Exception {
        Path straight = dir.resolve("straight");
        Path interrupted = dir.resolve("interrupted");
        new TrainingRun(config("mini-resnet", 2, straight), train, test, null, new RunControl()).run();

        List<TrainingEvent> before = new ArrayList<>();
        RunControl control = new RunControl();
        TrainingRun first = new TrainingRun(config("mini-resnet", 2, interrupted), train, test, e -> {
            before.add(e);
            if (e instanceof TrainingEvent.Iteration it && it.epoch() == 1 && it.iteration() == 7) {
                control.cancel();
            }
        }, control);
        TrainingRun.Result cancelled = first.run();
        assertThat(cancelled.cancelled()).isTrue();
        assertThat(cancelled.model()).isNull();
        assertThat(before.get(before.size() - 1)).isInstanceOfSatisfying(TrainingEvent.Cancelled.class, c -> {
            assertThat(c.epoch()).isEqualTo(1);
            assertThat(c.iteration()).isEqualTo(7);
        });

        List<TrainingEvent> after = new ArrayList<>();
        TrainingRun.Result resumed = new TrainingRun(config("mini-resnet", 2, interrupted), train, test, after::add,
                new RunControl()).resumeFrom(cancelled.checkpoint()).run();
        assertThat(after.get(0)).isInstanceOfSatisfying(TrainingEvent.Started.class,
                s -> assertThat(s.startEpoch()).isEqualTo(1));
        assertThat(after.get(1)).isInstanceOfSatisfying(TrainingEvent.Iteration.class, it -> {
            assertThat(it.epoch()).isEqualTo(1);
            assertThat(it.iteration()).isEqualTo(8);
        });
        assertThat(resumed.cancelled()).isFalse();

        try (Model a = WeightsIO.load(straight.resolve("mini-resnet.zip"));
             Model b = WeightsIO.load(resumed.model())) {
            float[] pa = a.graph().params().toFloatVector();
            float[] pb = b.graph().params().toFloatVector();
            assertThat(pb).hasSameSizeAs(pa);
            double diff = 0;
            double norm = 0;
            for (int i = 0; i < pa.length; i++) {
                diff += (pa[i] - pb[i]) * (double) (pa[i] - pb[i]);
                norm += pa[i] * (double) pa[i];
            }
            assertThat(Math.sqrt(diff / norm)).as("relative distance of resumed and uninterrupted weights")
                    .isLessThan(1e-3);
        }
    }

    @Test
    void resumingFromAFileOfAnotherNetworkIsRefused(@TempDir Path dir) throws Exception {
        TrainingRun.Result r = new TrainingRun(config("mini-alexnet", 1, dir), train.limit(64), test.limit(32), null,
                new RunControl()).run();
        TrainingRun other = new TrainingRun(config("mini-resnet", 1, dir), train.limit(64), test.limit(32), null,
                new RunControl()).resumeFrom(r.checkpoint());
        assertThatThrownBy(other::run).isInstanceOf(WeightsFileException.class)
                .hasMessageContaining("mini-alexnet").hasMessageContaining("mini-resnet");
    }

    /** A checkpoint resumes only with the optimiser state saved with it. */
    @Test
    void aCheckpointWithAnotherSavesOrNoOptimiserStateIsRefused(@TempDir Path dir) throws Exception {
        Path first = dir.resolve("first");
        Path ckpt = new TrainingRun(config("mini-resnet", 1, first), train.limit(64), test.limit(32), null,
                new RunControl()).run().checkpoint();
        Path later = new TrainingRun(config("mini-resnet", 2, dir.resolve("later")), train.limit(64), test.limit(32),
                null, new RunControl()).run().checkpoint();
        Path updater = Checkpoint.updaterFile(ckpt);
        Files.copy(Checkpoint.updaterFile(later), updater, StandardCopyOption.REPLACE_EXISTING);
        TrainingRun mismatched = new TrainingRun(config("mini-resnet", 2, first), train.limit(64), test.limit(32),
                null, new RunControl()).resumeFrom(ckpt);
        assertThatThrownBy(mismatched::run).isInstanceOf(WeightsFileException.class)
                .hasMessageContaining("does not belong to mini-resnet-checkpoint.zip")
                .hasMessageContaining("iteration 4").hasMessageContaining("iteration 2");
        Files.delete(updater);
        TrainingRun missing = new TrainingRun(config("mini-resnet", 2, first), train.limit(64), test.limit(32),
                null, new RunControl()).resumeFrom(ckpt);
        assertThatThrownBy(missing::run).isInstanceOf(WeightsFileException.class).hasMessageContaining("is missing");
    }

    @Test
    void pauseBlocksTrainingUntilResumed(@TempDir Path dir) throws Exception {
        // Copy-on-write: the test thread streams the list while the training thread appends to it.
        List<TrainingEvent> events = new CopyOnWriteArrayList<>();
        RunControl control = new RunControl();
        TrainingRun run = new TrainingRun(config("mini-resnet", 1, dir), train.limit(128), test.limit(32), events::add,
                control);
        control.pause();
        Thread t = new Thread(() -> {
            try {
                run.run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        t.start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (events.stream().noneMatch(e -> e instanceof TrainingEvent.Paused)
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(events).anyMatch(e -> e instanceof TrainingEvent.Paused);
        assertThat(events).noneMatch(e -> e instanceof TrainingEvent.Iteration);
        control.resume();
        t.join(600_000); // generous: a loaded CI machine is slow, and a hang still ends the test
        assertThat(events).anyMatch(e -> e instanceof TrainingEvent.Resumed)
                .anyMatch(e -> e instanceof TrainingEvent.Finished);
    }
}
