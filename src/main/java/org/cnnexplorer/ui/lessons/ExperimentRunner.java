package org.cnnexplorer.ui.lessons;

import org.cnnexplorer.lessons.Page;
import org.cnnexplorer.train.RunControl;

import java.util.function.Consumer;

/**
 * Where a page's live experiment runs: away from the UI thread, reporting back on it. The window's is {@link
 * LongTaskExperiments}; tests run the experiment inline or not at all.
 */
public interface ExperimentRunner {

    /**
     * Starts {@code experiment}, which stops once {@code control} is cancelled. {@code changed} is called on the UI
     * thread after the experiment recorded a step (several steps may come as one call), {@code ended} there once it
     * returned, with its error or null.
     */
    void start(Page.Experiment experiment, RunControl control, Runnable changed, Consumer<Throwable> ended);
}
