package org.cnnexplorer.weights;

import java.io.IOException;

/** A download that failed: host unreachable, an HTTP error, a broken or damaged transfer. One line. */
public final class DownloadException extends IOException {
    public DownloadException(String message) {
        super(message);
    }

    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
