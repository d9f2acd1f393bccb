package org.cnnexplorer.lessons;

import java.util.Locale;

/**
 * One slider of a lesson's live panel. Values are clamped to [min, max] and snapped to {@code step}; a
 * {@code log} knob moves along a logarithmic scale (LRN's α spans 1e-6 to 1).
 */
public record Knob(String id, String label, double min, double max, double initial, double step, boolean log) {
    /**
     * The id of a 0/1 knob that also switches the window's graph: 1 the training graph (auxiliary heads drawn and
     * counted), 0 the inference graph.
     */
    public static final String TRAINING_GRAPH = "training";

    public Knob {
        if (!(min < max) || initial < min || initial > max || step < 0 || (log && min <= 0)) {
            throw new IllegalArgumentException("bad knob " + id + ": " + min + ".." + max + " initial " + initial);
        }
    }

    public static Knob linear(String id, String label, double min, double max, double initial, double step) {
        return new Knob(id, label, min, max, initial, step, false);
    }

    public static Knob log(String id, String label, double min, double max, double initial) {
        return new Knob(id, label, min, max, initial, 0, true);
    }

    /** The nearest valid value: NaN gives the initial value, anything else is clamped and snapped. */
    public double clamp(double v) {
        if (Double.isNaN(v)) {
            return initial;
        }
        double c = Math.max(min, Math.min(max, v));
        if (step > 0) {
            c = min + Math.round((c - min) / step) * step;
            c = Math.max(min, Math.min(max, c));
        }
        return c;
    }

    public boolean integer() {
        return step >= 1 && step == Math.rint(step) && min == Math.rint(min);
    }

    /** The value as a reader would write it: 5, 0.75, 1e-4. */
    public String format(double v) {
        if (integer()) {
            return Long.toString(Math.round(v));
        }
        if (log || (v != 0 && Math.abs(v) < 1e-2)) {
            String s = String.format(Locale.ROOT, "%.1e", v).replace("e-0", "e-").replace(".0e", "e");
            return s;
        }
        String s = String.format(Locale.ROOT, "%.3f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
