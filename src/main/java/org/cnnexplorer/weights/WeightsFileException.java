package org.cnnexplorer.weights;

import java.io.IOException;

/** A weights file that cannot be used: truncated, corrupt, or for another network. The message is one line. */
public final class WeightsFileException extends IOException {
    public WeightsFileException(String message) {
        super(message);
    }

    public WeightsFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
