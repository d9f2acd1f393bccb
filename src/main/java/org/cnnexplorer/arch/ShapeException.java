package org.cnnexplorer.arch;

/** A network cannot be built for the requested input: the message says which layer and why. */
public class ShapeException extends RuntimeException {
    public ShapeException(String message) {
        super(message);
    }
}
