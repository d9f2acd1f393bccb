package org.cnnexplorer.ui;

import javafx.concurrent.Task;
import org.cnnexplorer.engine.natives.NativeThreads;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Long work (a training run, a degradation series, a lesson's experiment) as a JavaFX {@link Task} on a daemon
 * thread of its own while it runs: the one way the tabs run such work. The FX thread keeps its core: the thread
 * lowers its OS priority before the first ND4J op, so that the native workers it starts inherit it
 * ({@link NativeThreads#runInBackground}), and the work itself computes with one core fewer than the machine has
 * (the jobs call {@link NativeThreads#leaveOneCoreFree}). A training run is stopped between batches so that it can
 * checkpoint: {@link #cancel} asks it to stop and never interrupts the thread.
 */
public final class LongTask<T> extends Task<T> {
    /**
     * The threads long work runs on, kept once started: as many as ever ran at once, and one more where queued runs
     * follow each other (the next can start before its predecessor's thread is back). glibc gives each new thread a
     * malloc arena of its own and keeps there the native memory that thread's ND4J work freed, so a new thread per
     * run left that memory behind: 19 one-epoch mini-resnet runs in the window grew its anonymous memory from 0.4 to
     * 1.7 GB; on kept threads it stays near 0.7 GB. A kept thread is safe to reuse only because every job sets the
     * same thread limit ({@link NativeThreads#leaveOneCoreFree}) before it computes: changing the OpenMP thread count
     * of a thread that has already computed corrupted libnd4j's heap (see LessonsTest).
     */
    private static final ExecutorService WORKERS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, Long.MAX_VALUE,
            TimeUnit.NANOSECONDS, new SynchronousQueue<>(), work -> {
                Thread t = new Thread(work, "long-task");
                t.setDaemon(true);
                return t;
            });

    /** The work, with this task to report progress through. */
    public interface Work<T> {
        T run(LongTask<T> task) throws Exception;
    }

    private final Work<T> work;
    private final Runnable stop;

    private LongTask(Work<T> work, Runnable stop) {
        this.work = work;
        this.stop = stop;
    }

    /**
     * Starts {@code work} on a daemon thread named {@code thread} while it runs (an idle kept thread, or a new one
     * where all are busy), listed as {@code title}; {@code stop} is what the task list's cancel button does;
     * {@code ended} gets the result, or the error, on the FX thread.
     */
    public static <T> LongTask<T> start(String thread, String title, Work<T> work, Runnable stop,
                                     BiConsumer<T, Throwable> ended) {
        LongTask<T> task = new LongTask<>(work, stop);
        task.updateTitle(title);
        task.setOnSucceeded(e -> ended.accept(task.getValue(), null));
        task.setOnFailed(e -> ended.accept(null, task.getException()));
        WORKERS.execute(() -> {
            Thread current = Thread.currentThread();
            current.setName(thread);
            try {
                task.run();
            } finally {
                current.setName("long-task");
            }
        });
        return task;
    }

    @Override
    protected T call() throws Exception {
        NativeThreads.runInBackground();
        return work.run(this);
    }

    /** A training run is stopped between batches so that it can checkpoint; never interrupted. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        stop.run();
        return true;
    }

    /** For the task list (any thread). */
    public void progress(long done, long max) {
        updateProgress(done, max);
    }

    public void message(String text) {
        updateMessage(text);
    }
}
