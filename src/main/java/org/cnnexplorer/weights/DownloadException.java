package org.cnnexplorer.weights;

import java.io.IOException;

/** A download that failed: host unreachable, an HTTP error, a broken or damaged transfer. One line. */
public final class DownloadException extends IOException {
    /** What a source did wrong, in the few words a list of sources gives each. */
    enum Kind { UNREACHABLE, NOT_THERE, OTHER }

    private final Kind kind;
    private final String brief;

    public DownloadException(String message) {
        this(message, Kind.OTHER, message, null);
    }

    public DownloadException(String message, Throwable cause) {
        this(message, Kind.OTHER, message, cause);
    }

    DownloadException(String message, Kind kind, String brief, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.brief = brief;
    }

    Kind kind() {
        return kind;
    }

    /** What the source answered, without its name or the file's (e.g. "HTTP 404", "connection refused"). */
    String brief() {
        return brief;
    }
}
