package org.cnnexplorer.diagram;

import org.junit.jupiter.api.Test;

import java.awt.Color;

import static org.assertj.core.api.Assertions.assertThat;

/** The high-contrast graph colours: darker text, edges and outlines than the standard ones, the fills unchanged. */
class PaletteTest {

    @Test
    void theHighContrastGraphIsDarkerWhereItDrawsLinesAndWordsAndKeepsItsFills() {
        Palette standard = Palette.standard();
        Palette contrast = Palette.highContrast();
        assertThat(contrast.get("text")).isEqualTo(Color.BLACK);
        assertThat(contrast.get("edge")).isEqualTo(Color.BLACK);
        for (Category c : Category.values()) {
            assertThat(grey(contrast.stroke(c))).as(c + " outline").isLessThan(grey(standard.stroke(c)));
            assertThat(contrast.fill(c)).as(c + " fill").isEqualTo(standard.fill(c));
            // black text on the fill: at least 7:1, WCAG's enhanced contrast
            assertThat(contrastRatio(contrast.fill(c), contrast.get("text"))).as(c + " text").isGreaterThan(7);
        }
    }

    @Test
    void heavierLinesAreAnOptionOfThePainter() {
        DiagramPainter.Options plain = DiagramPainter.Options.plain(DiagramPainter.Words.ENGLISH);
        assertThat(plain.stroke()).isEqualTo(1f);
        DiagramPainter.Options heavy = new DiagramPainter.Options(plain.metric(), plain.selected(),
                plain.highlighted(), plain.words(), 1.75f);
        assertThat(heavy.stroke()).isGreaterThan(plain.stroke());
    }

    private static double grey(Color c) {
        return 0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue();
    }

    private static double luminance(Color c) {
        double[] v = {c.getRed(), c.getGreen(), c.getBlue()};
        for (int i = 0; i < 3; i++) {
            double s = v[i] / 255;
            v[i] = s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
    }

    private static double contrastRatio(Color a, Color b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }
}
