package org.cnnexplorer.ui.explore;

import org.cnnexplorer.arch.zoo.Catalog;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * A catalog network being opened before there is a window: the application starts it first thing, so that building
 * the network and laying it out (about a second, ELK's classes loading cold) overlap with making the window on a
 * second core, and {@link MainViewModel#open(String, PreparedNetwork)} takes the result.
 */
public final class PreparedNetwork {
    private final String id;
    private final CompletableFuture<OpenedNetwork> result = new CompletableFuture<>();

    private PreparedNetwork(String id) {
        this.id = id;
    }

    /** Starts opening {@code id} as the training graph (the view model's default) on a thread of its own. */
    public static PreparedNetwork start(String id) {
        PreparedNetwork p = new PreparedNetwork(id);
        Thread t = new Thread(() -> {
            try {
                p.result.complete(OpenedNetwork.build(Catalog.get(id), true, () -> false));
            } catch (RuntimeException | Error x) {
                p.result.completeExceptionally(x);
            }
        }, "prepare " + id);
        t.setDaemon(true);
        t.start();
        return p;
    }

    /** Whether this is what opening {@code network} would make, as the training graph when {@code training}. */
    boolean matches(String network, boolean training) {
        return id.equals(network) && training;
    }

    /** The result, once it is there, or a cancellation when {@code cancelled} turns true first. */
    OpenedNetwork await(BooleanSupplier cancelled) throws Exception {
        while (true) {
            try {
                return result.get(50, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("opening " + id + " cancelled");
                }
            } catch (ExecutionException failed) {
                throw failed.getCause() instanceof Exception x ? x : new IllegalStateException(failed.getCause());
            }
        }
    }
}
