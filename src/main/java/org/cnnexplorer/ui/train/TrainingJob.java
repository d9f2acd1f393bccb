package org.cnnexplorer.ui.train;

import org.cnnexplorer.ui.JobStatus;
import org.cnnexplorer.ui.LongTask;

import org.cnnexplorer.data.DataSplits;
import org.cnnexplorer.data.Dataset;
import org.cnnexplorer.data.FashionMnist;
import org.cnnexplorer.data.ImageFolderDataset;
import org.cnnexplorer.engine.natives.NativeThreads;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.train.DataChoice;
import org.cnnexplorer.train.TrainingConfig;
import org.cnnexplorer.train.TrainingEvent;
import org.cnnexplorer.train.RunControl;
import org.cnnexplorer.train.TrainingRun;

import java.nio.file.Path;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One training run as background work: loads the data, then trains; {@link #call()} blocks and belongs on a
 * worker thread, where {@link #launch} puts it. Its {@link RunControl} pauses and stops it, from any thread, also
 * before the data have loaded.
 */
public final class TrainingJob {
    private final TrainingConfig config;
    private final DataChoice data;
    private final int limit;
    private final Path resumeFrom;
    private final RunRecord record;
    private final Consumer<TrainingEvent> sink;
    private volatile Consumer<TrainingEvent> observer = e -> { };
    private volatile Consumer<String> notes = n -> { };
    private final RunControl control;
    private volatile int threads;

    TrainingJob(TrainingConfig config, DataChoice data, int limit, Path resumeFrom, RunRecord record,
                Consumer<TrainingEvent> sink, RunControl control) {
        this.config = config;
        this.data = data;
        this.limit = limit;
        this.resumeFrom = resumeFrom;
        this.record = record;
        this.sink = sink;
        this.control = control;
    }

    public RunRecord record() {
        return record;
    }

    public TrainingConfig config() {
        return config;
    }

    /** Also sees every event, on the training thread (for a task's progress bar). */
    public void observe(Consumer<TrainingEvent> o) {
        observer = o;
    }

    /** Threads ND4J was limited to for this run (0 before it started). */
    public int threads() {
        return threads;
    }

    /**
     * Runs {@link #call()} in the background ({@link LongTask}) with its progress and ETA in the task's message;
     * {@code stop} is what the task list's cancel button does, {@code ended} is called on the FX thread.
     */
    LongTask<TrainingRun.Result> launch(Runnable stop, BiConsumer<TrainingRun.Result, Throwable> ended) {
        return LongTask.start("training " + config.modelId(), record.name(), task -> {
            task.message(Messages.get("train.status.loading", record.dataName()));
            notes = task::message;
            observe(e -> {
                if (e instanceof TrainingEvent.Iteration it) {
                    long done = (long) it.epoch() * it.iterationsPerEpoch() + it.iteration();
                    task.progress(done, (long) config.epochs() * it.iterationsPerEpoch());
                    task.message(Messages.get("train.task.progress", it.epoch() + 1, config.epochs(),
                            JobStatus.eta(it.etaSeconds())));
                } else if (e instanceof TrainingEvent.Epoch ep) {
                    task.message(Messages.get("train.task.evaluated", ep.epoch() + 1,
                            String.format(Messages.locale(), "%.1f", 100 * ep.testAccuracy())));
                }
            });
            return call();
        }, stop, ended);
    }

    /** Trains to the end, or until cancelled; null when cancelled before training began. */
    public TrainingRun.Result call() throws Exception {
        // cnnexplorer.trainThreads overrides the limit, for measuring its effect on the UI
        int forced = Integer.getInteger("cnnexplorer.trainThreads", 0);
        threads = forced > 0 ? NativeThreads.limit(forced) : NativeThreads.leaveOneCoreFree();
        ImageFolderDataset.Result loaded = data.load(FashionMnist.SHAPE, config.seed(),
                ImageFolderDataset.Progress.none());
        loaded.notes().forEach(notes);
        DataSplits splits = loaded.splits();
        Dataset train = limit > 0 ? splits.train().limit(limit) : splits.train();
        Dataset test = limit > 0 ? splits.test().limit(limit) : splits.test();
        if (control.isCancelled()) {
            return null;
        }
        TrainingRun r = new TrainingRun(config, train, test, e -> {
            sink.accept(e);
            observer.accept(e);
        }, control);
        if (resumeFrom != null) {
            r.resumeFrom(resumeFrom);
        }
        return r.run();
    }
}
