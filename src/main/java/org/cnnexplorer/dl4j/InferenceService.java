package org.cnnexplorer.dl4j;

import org.cnnexplorer.arch.Shape;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Keeps at most one model in memory: asking for another releases the current one first (ImageNet networks
 * hold hundreds of MB of native memory, too much to keep several on a laptop). Thread-safe; long calls belong
 * on a background thread, and {@link Model}'s methods take a cancellation flag.
 */
public final class InferenceService implements AutoCloseable {
    private Model current;
    private Object currentKey;

    private record UntrainedKey(String id, Shape input, int classes, long seed) {
    }

    private record FileKey(Path file, long modified, long size) {
    }

    /** The catalog network with random weights ("untrained"); reused if it is already loaded. */
    public synchronized Model untrained(String id, Shape input, int classes) {
        NativeSetup.configure();
        UntrainedKey key = new UntrainedKey(id, input, classes, 42);
        if (!key.equals(currentKey)) {
            release();
            current = Model.untrained(id, input, classes, 42);
            currentKey = key;
        }
        return current;
    }

    /** A trained model from a weights file written by {@link WeightsIO}; reused if it is already loaded. */
    public synchronized Model load(Path file) throws IOException {
        NativeSetup.configure();
        Path abs = file.toAbsolutePath().normalize();
        if (!java.nio.file.Files.isRegularFile(abs)) {
            throw new WeightsFileException(file.getFileName() + ": no such file");
        }
        FileKey key = new FileKey(abs, java.nio.file.Files.getLastModifiedTime(abs).toMillis(),
                java.nio.file.Files.size(abs));
        if (!key.equals(currentKey)) {
            // Validate before releasing, so a bad file leaves the current model in place.
            Model loaded = WeightsIO.load(abs);
            release();
            current = loaded;
            currentKey = key;
        }
        return current;
    }

    /** Makes {@code model} the cached one (e.g. just trained), releasing the previous one. */
    public synchronized void adopt(Model model) {
        Objects.requireNonNull(model);
        if (model != current) {
            release();
            current = model;
            currentKey = new Object();
        }
    }

    public synchronized Model current() {
        return current;
    }

    public synchronized void release() {
        if (current != null) {
            current.close();
            current = null;
            currentKey = null;
        }
    }

    @Override
    public void close() {
        release();
    }
}
