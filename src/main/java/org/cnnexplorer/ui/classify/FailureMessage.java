package org.cnnexplorer.ui.classify;

import org.cnnexplorer.data.DataException;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.onnx.OnnxException;
import org.cnnexplorer.weights.DownloadException;
import org.cnnexplorer.weights.WeightsFileException;

/**
 * What the Classify tab and its weights dialog say when background work fails. Our own exceptions carry a message
 * written for the user; whatever wraps them (the background's executor, a runtime exception around an I/O error)
 * is looked through, and anything else is shown as "Could not classify: ..." with its own message.
 */
final class FailureMessage {

    private FailureMessage() {
    }

    /** The message to show for {@code t}. */
    static String of(Throwable t) {
        Throwable cause = explaining(t);
        return speaksForItself(cause) ? cause.getMessage()
                : Messages.get("classify.error", String.valueOf(cause.getMessage()));
    }

    /** The first line of {@link #of}, or the exception's simple name when that line is blank. */
    static String firstLine(Throwable t) {
        String first = of(t).lines().findFirst().orElse("");
        return first.isBlank() ? explaining(t).getClass().getSimpleName() : first;
    }

    /** The innermost cause, or the first of ours met on the way in. */
    private static Throwable explaining(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null && !speaksForItself(cause)) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The exceptions whose message is already the one line to show. */
    private static boolean speaksForItself(Throwable t) {
        return t instanceof DataException || t instanceof OnnxException || t instanceof DownloadException
                || t instanceof WeightsFileException;
    }
}
