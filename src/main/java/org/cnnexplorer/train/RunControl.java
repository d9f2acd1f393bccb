package org.cnnexplorer.train;

/**
 * Pause, resume and cancel for one piece of background work, made by whoever starts the work (a view-model, a
 * command) and handed down to the loop, which checks it between steps. Any thread may press the buttons, also before
 * the loop has begun: a loop that starts on a cancelled control stops at once, one that starts on a paused control
 * waits at its first step.
 */
public final class RunControl {
    /** What the loop reports while it waits: paused at a step, and resumed again. */
    public interface PauseListener {
        void paused();

        void resumed();
    }

    private boolean paused;
    private boolean cancelled;

    public synchronized void pause() {
        if (!cancelled) {
            paused = true;
        }
    }

    public synchronized void resume() {
        paused = false;
        notifyAll();
    }

    /** The loop stops at its next check; cancelling also ends a pause. */
    public synchronized void cancel() {
        cancelled = true;
        paused = false;
        notifyAll();
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    public synchronized boolean isPaused() {
        return paused;
    }

    /**
     * For the loop, between two steps: blocks while paused (telling {@code listener} when it starts and stops
     * waiting) and returns whether the work should stop. An interrupt counts as a cancel.
     */
    public synchronized boolean stopAtStep(PauseListener listener) {
        if (paused && !cancelled) {
            listener.paused();
            while (paused && !cancelled) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cancelled = true;
                }
            }
            if (!cancelled) {
                listener.resumed();
            }
        }
        return cancelled;
    }
}
