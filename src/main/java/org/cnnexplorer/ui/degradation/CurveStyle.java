package org.cnnexplorer.ui.degradation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Map;

/** How the Degradation tab draws a curve in both layouts: a colour per depth, training error dashed, test bold. */
final class CurveStyle {
    /** One colour per depth, the same in both panels and for shipped and live curves. */
    static final Map<Integer, Color> DEPTH_COLOURS = Map.of(8, new Color(0x17becf), 14, new Color(0xbcbd22),
            20, new Color(0x1f77b4), 32, new Color(0x2ca02c), 44, new Color(0x9467bd), 56, new Color(0xd62728),
            110, new Color(0xff7f0e));
    static final BasicStroke TRAIN = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {5f, 3f}, 0f);
    static final BasicStroke TEST = new BasicStroke(2.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);

    private CurveStyle() {
    }
}
