package org.cnnexplorer.ui;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs long work away from the caller and delivers the result back on the UI thread (JabRef's BackgroundTask
 * idea). {@link #synchronous()} runs inline, so ViewModels are unit-tested without a toolkit.
 */
public interface Background {

    /** Work that can see whether it was cancelled and should stop early. */
    interface Work<T> {
        T run(BooleanSupplier cancelled) throws Exception;
    }

    /** Work that also tells how far it got, as {@code P}s handed to {@code progress}. */
    interface ProgressWork<T, P> {
        T run(BooleanSupplier cancelled, Consumer<P> progress) throws Exception;
    }

    /** Handle to stop the work; its callbacks are then never called. */
    interface Handle {
        void cancel();
    }

    <T> Handle submit(String title, Work<T> work, Consumer<T> onDone, Consumer<Throwable> onError);

    /**
     * {@link #submit(String, Work, Consumer, Consumer)} for work that reports progress; {@code onProgress} is called
     * where the other callbacks are. Here it is called as the work reports, which is right where the work runs on the
     * caller's thread ({@link #synchronous()}); implementations that run it elsewhere override this, and may drop a
     * report when a newer one comes before the UI took it.
     */
    default <T, P> Handle submit(String title, ProgressWork<T, P> work, Consumer<P> onProgress, Consumer<T> onDone,
                                 Consumer<Throwable> onError) {
        return submit(title, cancelled -> work.run(cancelled, onProgress), onDone, onError);
    }

    static Background synchronous() {
        return new Background() {
            @Override
            public <T> Handle submit(String title, Work<T> work, Consumer<T> onDone, Consumer<Throwable> onError) {
                try {
                    onDone.accept(work.run(() -> false));
                } catch (Exception e) {
                    onError.accept(e);
                }
                return () -> { };
            }
        };
    }
}
