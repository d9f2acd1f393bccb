package org.cnnexplorer.arch;

import java.util.Locale;

/** Number formatting shared by formulas, tables and the UI, independent of the user's locale. */
public final class Num {
    private Num() {
    }

    /** 60965224 → "60,965,224". */
    public static String grouped(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** 1_135_000_000 → "1.135 G"; 40_551_040 → "40.55 M". */
    public static String human(double value) {
        double abs = Math.abs(value);
        if (abs >= 1e9) {
            return String.format(Locale.ROOT, "%.3f G", value / 1e9);
        }
        if (abs >= 1e6) {
            return String.format(Locale.ROOT, "%.2f M", value / 1e6);
        }
        if (abs >= 1e3) {
            return String.format(Locale.ROOT, "%.1f K", value / 1e3);
        }
        return String.format(Locale.ROOT, "%d", (long) value);
    }
}
