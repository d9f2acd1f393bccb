package org.cnnexplorer.ui.lessons;

import javafx.application.Platform;
import org.cnnexplorer.lessons.Page;
import org.cnnexplorer.train.RunControl;
import org.cnnexplorer.ui.LongTask;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** A page's experiment as the window's long work ({@link LongTask}): its own low-priority daemon thread. */
public final class LongTaskExperiments implements ExperimentRunner {

    @Override
    public void start(Page.Experiment experiment, RunControl control, Runnable changed, Consumer<Throwable> ended) {
        // an experiment records far more often than the screen refreshes: one repaint waits on the FX thread at most
        AtomicBoolean queued = new AtomicBoolean();
        Runnable recorded = () -> {
            if (!control.isCancelled() && queued.compareAndSet(false, true)) {
                Platform.runLater(() -> {
                    queued.set(false);
                    changed.run();
                });
            }
        };
        LongTask.start("lesson-experiment", experiment.label(), task -> {
            experiment.run(control::isCancelled, recorded);
            return null;
        }, control::cancel, (done, error) -> ended.accept(error));
    }
}
