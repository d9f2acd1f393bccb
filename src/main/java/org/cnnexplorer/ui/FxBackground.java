package org.cnnexplorer.ui;

import javafx.application.Platform;
import javafx.concurrent.Task;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** {@link Background} on JavaFX {@link Task}s: work on a daemon thread, callbacks on the FX thread. */
public final class FxBackground implements Background {
    private final ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "cnn-explorer-background");
        t.setDaemon(true);
        return t;
    });

    @Override
    public <T> Handle submit(String title, Work<T> work, Consumer<T> onDone, Consumer<Throwable> onError) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                updateTitle(title);
                return work.run(this::isCancelled);
            }
        };
        task.setOnSucceeded(e -> onDone.accept(task.getValue()));
        task.setOnFailed(e -> {
            if (!(task.getException() instanceof CancellationException)) {
                onError.accept(task.getException());
            }
        });
        pool.submit(task);
        return () -> task.cancel(false);
    }

    /** Progress reaches the FX thread at most once per pulse: a report that finds one still waiting replaces it. */
    @Override
    public <T, P> Handle submit(String title, ProgressWork<T, P> work, Consumer<P> onProgress, Consumer<T> onDone,
                                Consumer<Throwable> onError) {
        AtomicReference<P> latest = new AtomicReference<>();
        AtomicBoolean stopped = new AtomicBoolean();
        Handle task = submit(title, cancelled -> work.run(cancelled, p -> {
            if (p != null && latest.getAndSet(p) == null) {
                Platform.runLater(() -> {
                    P last = latest.getAndSet(null);
                    if (last != null && !stopped.get()) {
                        onProgress.accept(last);
                    }
                });
            }
        }), onDone, onError);
        return () -> {
            stopped.set(true);
            task.cancel();
        };
    }
}
