package org.cnnexplorer.io;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Cancel button's promise kept: work checks {@link #isCancelled()} as it goes and calls {@link #commit()} just
 * before the step that cannot be undone (saving). Whichever comes first wins, so a cancel either stops the work with
 * nothing saved, or is refused because the result is already being saved: never "cancelled" shown while a file is
 * written anyway.
 */
public final class Cancellation {
    private static final int RUNNING = 0;
    private static final int CANCELLED = 1;
    private static final int COMMITTED = 2;

    private final AtomicInteger state = new AtomicInteger(RUNNING);

    /** @return true if the work will stop without saving; false if it already committed */
    public boolean cancel() {
        return state.compareAndSet(RUNNING, CANCELLED) || state.get() == CANCELLED;
    }

    public boolean isCancelled() {
        return state.get() == CANCELLED;
    }

    /** Marks the point of no return. @throws CancellationException if cancelled before */
    public void commit() {
        if (!state.compareAndSet(RUNNING, COMMITTED) && state.get() == CANCELLED) {
            throw new CancellationException("cancelled");
        }
    }
}
