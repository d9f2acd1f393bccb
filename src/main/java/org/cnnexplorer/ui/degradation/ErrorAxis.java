package org.cnnexplorer.ui.degradation;

/**
 * The error axis both panels share. {@link #PAPER}: 0–30 %, where the final errors of a full run lie (the paper's
 * Figure 6 draws 0–20 %); {@link #FULL}: 0–100 %, for the first iterations and the quick presets; {@link #LOG}:
 * 0.5–100 % on a log scale, both at once.
 */
public enum ErrorAxis {
    PAPER(0, 30), FULL(0, 100), LOG(0.5, 100);

    private final double bottom;
    private final double top;

    ErrorAxis(double bottom, double top) {
        this.bottom = bottom;
        this.top = top;
    }

    public double bottom() {
        return bottom;
    }

    public double top() {
        return top;
    }
}
