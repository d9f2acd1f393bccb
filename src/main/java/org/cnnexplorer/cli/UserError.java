package org.cnnexplorer.cli;

/**
 * Bad input from the user (unknown id, impossible shape, unreadable file): one line on stderr, exit {@link #STATUS}.
 */
public final class UserError extends RuntimeException {
    /** The exit status of a command refused for bad input. */
    public static final int STATUS = 2;

    public UserError(String message) {
        super(message);
    }
}
