package org.cnnexplorer.data;

import org.cnnexplorer.i18n.Messages;

import java.util.Locale;

/**
 * A data file or image that cannot be used, with a one-line message for the user that names the file.
 *
 * <p>The message is a {@link Messages} key plus arguments, so the UI and CLI show it in the user's language
 * ({@link #getMessage()} uses {@link Messages#locale()}); {@link #reason()} lets code and tests tell the cases
 * apart without parsing text.
 */
public class DataException extends RuntimeException {

    /** Why the data was refused. */
    public enum Reason {
        MISSING, UNREADABLE, EMPTY, NOT_IDX, BAD_MAGIC, BAD_HEADER, TRUNCATED, TRAILING_DATA, MISMATCH, BAD_LABEL,
        NOT_AN_IMAGE, TOO_LARGE, TOO_BIG_FILE, CORRUPT, NO_CLASSES, TEST_SPLIT_FOR_TRAINING
    }

    private final Reason reason;
    private final String key;
    private final Object[] args;

    public DataException(Reason reason, String key, Object... args) {
        this(reason, null, key, args);
    }

    public DataException(Reason reason, Throwable cause, String key, Object... args) {
        super(format(Locale.ROOT, key, args), cause);
        this.reason = reason;
        this.key = key;
        this.args = args.clone();
    }

    public Reason reason() {
        return reason;
    }

    /** The {@link Messages} key of the message, e.g. {@code data.error.truncated}. */
    public String key() {
        return key;
    }

    public Object[] args() {
        return args.clone();
    }

    /** The message in {@code locale}, without falling back to the JVM's default locale. */
    public String message(Locale locale) {
        return format(locale, key, args);
    }

    @Override
    public String getMessage() {
        return message(Messages.locale());
    }

    @Override
    public String getLocalizedMessage() {
        return getMessage();
    }

    private static String format(Locale locale, String key, Object[] args) {
        return Messages.get(locale, key, args);
    }
}
