package org.cnnexplorer.ui;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;

import java.awt.Font;
import java.util.ArrayList;
import java.util.List;

/**
 * Fonts for JFreeChart charts in the user's language. JFreeChart names AWT fonts, and the default "SansSerif" draws
 * Korean as empty boxes; a CJK family found among the installed fonts draws both scripts.
 */
public final class ChartFonts {
    private ChartFonts() {
    }

    /** The AWT family to draw the current language with. */
    public static String family() {
        return UiWords.fontFamily().orElse(Font.SANS_SERIF);
    }

    /** The same family for JavaFX text (where "SansSerif" is not a family), or the default one. */
    public static String fxFamily() {
        String f = family();
        return f.equals(Font.SANS_SERIF) ? javafx.scene.text.Font.getDefault().getFamily() : f;
    }

    /**
     * Sets every text of {@code chart} (titles, legends, axis labels and ticks) in {@link #family()}, keeping sizes.
     */
    public static JFreeChart apply(JFreeChart chart) {
        String family = family();
        if (family.equals(Font.SANS_SERIF)) {
            return chart;
        }
        List<Title> titles = new ArrayList<>(chart.getSubtitles());
        if (chart.getTitle() != null) {
            titles.add(chart.getTitle());
        }
        for (Title t : titles) {
            if (t instanceof TextTitle tt) {
                tt.setFont(in(family, tt.getFont()));
            } else if (t instanceof LegendTitle lt) {
                lt.setItemFont(in(family, lt.getItemFont()));
            }
        }
        Plot plot = chart.getPlot();
        List<Axis> axes = new ArrayList<>();
        if (plot instanceof CategoryPlot cp) {
            for (int i = 0; i < cp.getDomainAxisCount(); i++) {
                axes.add(cp.getDomainAxis(i));
            }
            for (int i = 0; i < cp.getRangeAxisCount(); i++) {
                axes.add(cp.getRangeAxis(i));
            }
        } else if (plot instanceof XYPlot xp) {
            for (int i = 0; i < xp.getDomainAxisCount(); i++) {
                axes.add(xp.getDomainAxis(i));
            }
            for (int i = 0; i < xp.getRangeAxisCount(); i++) {
                axes.add(xp.getRangeAxis(i));
            }
        }
        for (Axis a : axes) {
            if (a != null) {
                a.setLabelFont(in(family, a.getLabelFont()));
                a.setTickLabelFont(in(family, a.getTickLabelFont()));
            }
        }
        return chart;
    }

    private static Font in(String family, Font f) {
        return new Font(family, f.getStyle(), f.getSize()).deriveFont(f.getSize2D());
    }
}
