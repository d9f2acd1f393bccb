package org.cnnexplorer.ui.lessons;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import org.cnnexplorer.lessons.Page;
import org.cnnexplorer.train.RunControl;

import java.util.function.Consumer;

/**
 * The tab's one live experiment: starting one stops the one before; a stopped one may still finish its current step
 * in the background, while ▶ is already free again. Call on the UI thread (or, in tests, one thread).
 */
final class LiveExperiment {
    private final ExperimentRunner runner;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    /** The running experiment's control; null while none runs. */
    private RunControl control;

    LiveExperiment(ExperimentRunner runner) {
        this.runner = runner;
    }

    ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    boolean isRunning() {
        return running.get();
    }

    /**
     * Starts {@code experiment}; {@code changed} is called (on the UI thread) after it recorded a step, unless it
     * was stopped, and {@code ended} once it returned, with its error or null.
     */
    void start(Page.Experiment experiment, Runnable changed, Consumer<Throwable> ended) {
        stop();
        RunControl c = new RunControl();
        control = c;
        running.set(true);
        runner.start(experiment, c, () -> {
            if (!c.isCancelled()) {
                changed.run();
            }
        }, error -> {
            if (control == c) {
                control = null;
                running.set(false);
            }
            ended.accept(error);
        });
    }

    /** Asks the running experiment to stop (it ends after its current step). */
    void stop() {
        if (control != null) {
            control.cancel();
            control = null;
        }
        running.set(false);
    }
}
