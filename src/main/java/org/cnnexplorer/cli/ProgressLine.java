package org.cnnexplorer.cli;

import java.io.PrintWriter;

/**
 * One line of progress on stderr, rewritten in place with {@code \r}; {@link #end()} finishes it with a newline, so
 * that what is printed next (a result, an error) starts a line of its own.
 */
final class ProgressLine {
    private final PrintWriter err;
    private String shown = "";

    ProgressLine(PrintWriter err) {
        this.err = err;
    }

    /** Replaces the line with {@code text} (nothing is printed when it is the same). */
    synchronized void show(String text) {
        if (text.equals(shown)) {
            return;
        }
        // spaces blank out the end of a longer line before
        err.print("\r" + text + " ".repeat(Math.max(0, shown.length() - text.length())));
        err.flush();
        shown = text;
    }

    /** Ends the line, if one is shown. */
    synchronized void end() {
        if (!shown.isEmpty()) {
            err.println();
            err.flush();
            shown = "";
        }
    }
}
