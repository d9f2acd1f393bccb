package org.cnnexplorer.diagram;

import org.cnnexplorer.arch.Num;

/** How compute is shown: multiply-accumulates, or FLOPs counted as 2 × MACs (always labelled on screen). */
public enum Metric {
    MACS(1, "MACs"), FLOPS(2, "FLOPs");

    private final int factor;
    private final String unit;

    Metric(int factor, String unit) {
        this.factor = factor;
        this.unit = unit;
    }

    public long of(long macs) {
        return macs * factor;
    }

    public String unit() {
        return unit;
    }

    /** "105.42 M MACs". */
    public String human(long macs) {
        return Num.human(of(macs)) + " " + unit;
    }
}
