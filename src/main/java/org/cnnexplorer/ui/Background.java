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

    /** Handle to stop the work; its callbacks are then never called. */
    interface Handle {
        void cancel();
    }

    <T> Handle submit(String title, Work<T> work, Consumer<T> onDone, Consumer<Throwable> onError);

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
