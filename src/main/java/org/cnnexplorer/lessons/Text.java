package org.cnnexplorer.lessons;

import org.cnnexplorer.arch.Num;
import org.cnnexplorer.i18n.Messages;

import java.util.Locale;

/** The words of one lesson ({@code lesson.ID.KEY} in the bundle) and number formatting for its formulas. */
final class Text {
    private final String id;

    Text(String id) {
        this.id = id;
    }

    String get(String key, Object... args) {
        return Messages.get("lesson." + id + "." + key, args);
    }

    String title() {
        return get("title");
    }

    static String common(String key, Object... args) {
        return Messages.get("lesson." + key, args);
    }

    static String n(long v) {
        return Num.grouped(v);
    }

    static String m(double v) {
        return String.format(Locale.ROOT, "%.1f M", v / 1e6);
    }

    static String g(double v) {
        return String.format(Locale.ROOT, "%.3f G", v / 1e9);
    }

    static String f(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
