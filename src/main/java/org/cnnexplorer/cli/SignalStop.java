package org.cnnexplorer.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets Ctrl-C (SIGINT) and SIGTERM end a long command cleanly. Either signal starts the JVM's shutdown, whose hook
 * runs {@code stop} (cancel the training or the download) and then waits, up to a bound, until the command reaches
 * {@link #close}: after it has saved its checkpoint or deleted its temporary file. The JVM then ends with the status a
 * shell reports for the signal (130, 143), and no native work is cut off in the middle of a step.
 */
final class SignalStop implements AutoCloseable {
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    SignalStop(String name, Runnable stop, long waitSeconds) {
        hook = new Thread(() -> {
            stop.run();
            try {
                finished.await(waitSeconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down: the hook is running and has just been let go
        }
    }
}
