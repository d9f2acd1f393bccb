package org.cnnexplorer.i18n;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Locale;

/**
 * A test class's language: set before its tests (or left as it is, for a class that switches it itself) and the one
 * before given back after them, so the classes that run later in the same JVM see the language they expect.
 * Register it as {@code @RegisterExtension static final TestLocale LOCALE = TestLocale.english();}.
 */
public final class TestLocale implements BeforeAllCallback, AfterAllCallback {
    private final Locale wanted;
    private Locale before;

    private TestLocale(Locale wanted) {
        this.wanted = wanted;
    }

    public static TestLocale english() {
        return new TestLocale(Locale.ENGLISH);
    }

    /** Leaves the language as it is for the class's tests to set, and gives the one before back after them. */
    public static TestLocale kept() {
        return new TestLocale(null);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        before = Messages.locale();
        if (wanted != null) {
            Messages.setLocale(wanted);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Messages.setLocale(before);
    }
}
