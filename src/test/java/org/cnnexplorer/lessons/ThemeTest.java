package org.cnnexplorer.lessons;

import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The high-contrast theme keeps its three series colours apart for the readers it is for: printed in greyscale, and
 * seen by a protanope or a deuteranope. Dichromat vision is simulated with Viénot, Brettel and Mollon's matrices
 * (Color Research & Application 24(4), 1999, "Digital video colourmaps for checking the legibility of displays by
 * dichromats"), applied in linear RGB.
 */
class ThemeTest {
    private static final double[][] PROTANOPE = {{0.11238, 0.88762, 0}, {0.11238, 0.88762, 0}, {0.00401, -0.00401, 1}};
    private static final double[][] DEUTERANOPE = {{0.29275, 0.70725, 0}, {0.29275, 0.70725, 0},
            {-0.02234, 0.02234, 1}};
    /** Grey levels (of 255) between any two series colours on a greyscale printout. */
    private static final double GREY_APART = 35;
    /** Distance in sRGB (0–255 per channel) between any two series colours as a dichromat sees them. */
    private static final double DICHROMAT_APART = 80;

    @Test
    void theHighContrastSeriesColoursDifferInGreyAndForDichromats() {
        List<Color> series = series(Theme.HIGH_CONTRAST);
        for (int i = 0; i < series.size(); i++) {
            for (int j = i + 1; j < series.size(); j++) {
                Color a = series.get(i);
                Color b = series.get(j);
                assertThat(Math.abs(grey(a) - grey(b))).as("grey %s %s", a, b)
                        .isGreaterThanOrEqualTo(GREY_APART);
                assertThat(distance(seen(PROTANOPE, a), seen(PROTANOPE, b))).as("protanope %s %s", a, b)
                        .isGreaterThanOrEqualTo(DICHROMAT_APART);
                assertThat(distance(seen(DEUTERANOPE, a), seen(DEUTERANOPE, b))).as("deuteranope %s %s", a, b)
                        .isGreaterThanOrEqualTo(DICHROMAT_APART);
            }
        }
        assertThat(Theme.HIGH_CONTRAST.ink()).isEqualTo(Color.BLACK);
        assertThat(Theme.HIGH_CONTRAST.stroke()).isGreaterThan(Theme.STANDARD.stroke());
    }

    @Test
    void theStandardThemeIsNotSafeSoTheChecksCanFail() {
        // its orange and green print as nearly the same grey: the reason the high-contrast theme exists
        assertThat(Math.abs(grey(Theme.STANDARD.warm()) - grey(Theme.STANDARD.green())))
                .isLessThan(GREY_APART);
        assertThat(distance(seen(PROTANOPE, Theme.STANDARD.warm()), seen(PROTANOPE, Theme.STANDARD.green())))
                .isLessThan(DICHROMAT_APART);
    }

    @Test
    void drawingFollowsTheThemeOfItsThreadOnly() throws Exception {
        Draw.beginTheme(Theme.HIGH_CONTRAST);
        try {
            assertThat(Draw.accent()).isEqualTo(Theme.HIGH_CONTRAST.accent());
            assertThat(Draw.stroke(1f).getLineWidth()).isEqualTo(Theme.HIGH_CONTRAST.stroke());
            Color[] other = new Color[1];
            Thread t = new Thread(() -> other[0] = Draw.accent());
            t.start();
            t.join();
            assertThat(other[0]).isEqualTo(Theme.STANDARD.accent());
        } finally {
            Draw.endTheme();
        }
        assertThat(Draw.accent()).isEqualTo(Theme.STANDARD.accent());
    }

    /** The grey a printer turns {@code c} into (ITU-R BT.601 luma, 0–255). */
    private static double grey(Color c) {
        return 0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue();
    }

    private static List<Color> series(Theme t) {
        return List.of(t.accent(), t.green(), t.warm());
    }

    private static double[] seen(double[][] m, Color c) {
        double[] lin = {linear(c.getRed()), linear(c.getGreen()), linear(c.getBlue())};
        double[] out = new double[3];
        for (int k = 0; k < 3; k++) {
            out[k] = encoded(m[k][0] * lin[0] + m[k][1] * lin[1] + m[k][2] * lin[2]);
        }
        return out;
    }

    private static double linear(int channel) {
        double c = channel / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static double encoded(double v) {
        double c = Math.max(0, Math.min(1, v));
        return 255 * (c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(c, 1 / 2.4) - 0.055);
    }

    private static double distance(double[] a, double[] b) {
        return Math.sqrt(Math.pow(a[0] - b[0], 2) + Math.pow(a[1] - b[1], 2) + Math.pow(a[2] - b[2], 2));
    }
}
