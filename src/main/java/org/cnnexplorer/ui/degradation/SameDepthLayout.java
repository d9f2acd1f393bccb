package org.cnnexplorer.ui.degradation;

import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.ui.LineChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.geom.Line2D;
import java.util.List;

/** The Degradation tab's same-depth layout: each panel one depth, plain against ResNet, the gap shaded. */
final class SameDepthLayout {
    /** The key of a training-error line in the same-depth layout. */
    record Same(CurveData curve) {
    }

    /** Plain nets' line in the same-depth layout; the residual line takes its depth's colour. */
    private static final Color PLAIN_GREY = new Color(0x555555);
    /** The gap where the plain net trains worse (what the shortcuts gain), and where it trains better. */
    private static final Color GAIN = new Color(214, 39, 40, 55);
    private static final Color LOSS = new Color(31, 119, 180, 55);

    private SameDepthLayout() {
    }

    /**
     * The lecture's point in one picture: each panel one depth, the plain net's training error against the ResNet's,
     * the gap between them shaded (left the shallowest depth drawn both ways, right the deepest).
     */
    static void draw(List<ErrorTable.SameDepth> pairs, List<LineChart> charts) {
        for (int i = 0; i < charts.size(); i++) {
            LineChart chart = charts.get(i);
            ErrorTable.SameDepth pair = pairs.isEmpty() ? null
                    : i == 0 ? pairs.get(0) : pairs.size() > 1 ? pairs.get(pairs.size() - 1) : null;
            chart.removeIf(k -> !(k instanceof Same same) || pair == null
                    || (same.curve() != pair.plain() && same.curve() != pair.residual()));
            if (pair == null) {
                chart.setTitle(Messages.get("degradation.chart.sameNone"));
                chart.shadeBetween(null, null, null, null);
                chart.plot().setFixedLegendItems(new LegendItemCollection());
                continue;
            }
            chart.setTitle(Messages.get("degradation.chart.same", pair.depth()));
            Color colour = CurveStyle.DEPTH_COLOURS.getOrDefault(pair.depth(), Color.DARK_GRAY);
            chart.append(new Same(pair.plain()), CurveData.name(pair.plain().member()), pair.plain().trainPercent());
            chart.append(new Same(pair.residual()), CurveData.name(pair.residual().member()),
                    pair.residual().trainPercent());
            chart.style(new Same(pair.plain()), PLAIN_GREY, CurveStyle.TEST, false);
            chart.style(new Same(pair.residual()), colour, CurveStyle.TEST, false);
            chart.shadeBetween(pair.plain().trainPercent(), pair.residual().trainPercent(), GAIN, LOSS);
            LegendItemCollection items = new LegendItemCollection();
            Line2D line = new Line2D.Double(-8, 0, 8, 0);
            items.add(new LegendItem(Messages.get("degradation.legend.plain", String.valueOf(pair.depth())), null,
                    null, null, line, CurveStyle.TEST, PLAIN_GREY));
            items.add(new LegendItem(Messages.get("degradation.legend.resnet", String.valueOf(pair.depth())), null,
                    null, null, line, CurveStyle.TEST, colour));
            items.add(new LegendItem(Messages.get("degradation.legend.gap"), null, null, null,
                    new Rectangle(-6, -6, 12, 12), GAIN));
            items.add(new LegendItem(Messages.get("degradation.legend.gapOther"), null, null, null,
                    new Rectangle(-6, -6, 12, 12), LOSS));
            chart.plot().setFixedLegendItems(items);
        }
    }
}
