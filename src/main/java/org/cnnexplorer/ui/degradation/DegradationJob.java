package org.cnnexplorer.ui.degradation;

import org.cnnexplorer.data.DataSplits;
import org.cnnexplorer.data.FashionMnist;
import org.cnnexplorer.engine.natives.NativeThreads;
import org.cnnexplorer.experiments.Curve;
import org.cnnexplorer.experiments.Curve.Point;
import org.cnnexplorer.experiments.Degradation;
import org.cnnexplorer.experiments.Degradation.Member;
import org.cnnexplorer.experiments.DepthSeries;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.train.DataChoice;
import org.cnnexplorer.train.RunControl;
import org.cnnexplorer.train.TrainingEvent;
import org.cnnexplorer.ui.LongTask;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A live degradation series as background work: loads the embedded Fashion-MNIST, then trains the networks one
 * after the other ({@link DepthSeries}); {@link #call()} blocks and belongs on a worker thread, where {@link
 * #launch} puts it. Its {@link RunControl} pauses and stops it, from any thread, also before the data have loaded.
 */
public final class DegradationJob {
    private final SeriesSettings settings;
    private final Path folder;
    private final boolean resume;
    private final DepthSeries.Listener listener;
    private volatile DepthSeries.Listener observer = new DepthSeries.Listener() { };
    private final RunControl control;

    DegradationJob(SeriesSettings settings, Path folder, boolean resume, DepthSeries.Listener listener,
                   RunControl control) {
        this.settings = settings;
        this.folder = folder;
        this.resume = resume;
        this.listener = listener;
        this.control = control;
    }

    public SeriesSettings settings() {
        return settings;
    }

    /** Where the series writes its curves (CSV), checkpoints and models. */
    public Path folder() {
        return folder;
    }

    /** Trains every network of the series; the finished curves, or null when cancelled before training began. */
    public List<Curve> call() throws Exception {
        NativeThreads.leaveOneCoreFree();
        DataSplits splits = new DataChoice.Embedded().load(FashionMnist.SHAPE, SeriesSettings.SEED);
        DepthSeries s = new DepthSeries(settings.members(), new Degradation.Recipe(settings.epochs(),
                SeriesSettings.SEED, false, Degradation.DEFAULT_INIT, Degradation.Warmup.PAPER), folder, resume,
                splits.train().limit(settings.trainImages()),
                splits.test().limit(settings.testImages()), new DepthSeries.Listener() {
                    @Override
                    public void runStarted(Member m, int index, int runs, List<Point> earlier) {
                        listener.runStarted(m, index, runs, earlier);
                        observer.runStarted(m, index, runs, earlier);
                    }

                    @Override
                    public void event(Member m, TrainingEvent e) {
                        listener.event(m, e);
                        observer.event(m, e);
                    }

                    @Override
                    public void point(Member m, Point p) {
                        listener.point(m, p);
                    }

                    @Override
                    public void runFinished(Curve c) {
                        listener.runFinished(c);
                    }
                }, control);
        return control.isCancelled() ? null : s.run();
    }

    /**
     * Runs {@link #call()} in the background ({@link LongTask}) with the network, epoch and progress of the whole
     * series in the task's message; {@code stop} is what the task's cancel does, {@code ended} is called on the FX
     * thread.
     */
    LongTask<List<Curve>> launch(Runnable stop, BiConsumer<List<Curve>, Throwable> ended) {
        List<Member> members = settings.members();
        String names = String.join(", ", members.stream().map(CurveData::name).toList());
        return LongTask.start("degradation", Messages.get("degradation.task", names), task -> {
            task.message(Messages.get("degradation.status.loading", settings.trainImages(), settings.testImages()));
            long perRun = (long) settings.epochs() * settings.iterationsPerEpoch();
            observer = new DepthSeries.Listener() {
                private int index;

                @Override
                public void runStarted(Member m, int i, int runs, List<Point> earlier) {
                    index = i;
                    task.message(Messages.get("degradation.task.run", CurveData.name(m), i + 1, runs));
                }

                @Override
                public void event(Member m, TrainingEvent e) {
                    if (e instanceof TrainingEvent.Iteration it) {
                        long done = index * perRun + (long) it.epoch() * it.iterationsPerEpoch() + it.iteration();
                        task.progress(done, perRun * members.size());
                    }
                }
            };
            return call();
        }, stop, ended);
    }
}
