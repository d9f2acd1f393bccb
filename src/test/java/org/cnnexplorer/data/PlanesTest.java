package org.cnnexplorer.data;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PlanesTest {

    private static Planes gray(int w, int h, float... values) {
        return new Planes(w, h, new float[][] {values});
    }

    @Test
    void transparentPixelsAreLaidOnWhiteAndColourIsNoticed() {
        int halfRed = 0x80FF0000;
        Planes rgb = Planes.fromArgb(2, 1, new int[] {halfRed, 0xFF404040}, false);
        assertThat(rgb.hadAlpha).isTrue();
        assertThat(rgb.hadColour).isTrue();
        assertThat(rgb.c[0][0]).isEqualTo(1f);
        assertThat(rgb.c[1][0]).isCloseTo(127 / 255f, within(1e-3f));
        Planes gray = Planes.fromArgb(1, 1, new int[] {0xFF808080}, true);
        assertThat(gray.hadAlpha).isFalse();
        assertThat(gray.hadColour).isFalse();
        assertThat(gray.c).hasNumberOfRows(1);
        assertThat(gray.c[0][0]).isCloseTo(128 / 255f, within(1e-3f));
    }

    @Test
    void shrinkingAveragesAreasAndGrowingInterpolates() {
        Planes shrunk = gray(4, 1, 0f, 1f, 1f, 1f).resize(2, 1);
        assertThat(shrunk.c[0]).containsExactly(0.5f, 1f);
        Planes thirds = gray(3, 1, 0f, 0.3f, 0.9f).resize(2, 1);
        // each output pixel covers 1.5 input pixels
        assertThat(thirds.c[0][0]).isCloseTo((0f + 0.5f * 0.3f) / 1.5f, within(1e-6f));
        assertThat(thirds.c[0][1]).isCloseTo((0.5f * 0.3f + 0.9f) / 1.5f, within(1e-6f));
        Planes grown = gray(2, 1, 0f, 1f).resize(4, 1);
        assertThat(grown.c[0]).containsExactly(0f, 0.25f, 0.75f, 1f);
        Planes same = gray(2, 1, 0f, 1f);
        assertThat(same.resize(2, 1)).isSameAs(same);
    }

    @Test
    void cropAndPadKeepThePixelsWhereTheyBelong() {
        Planes p = gray(3, 2, 1f, 2f, 3f, 4f, 5f, 6f);
        Planes cropped = p.crop(1, 0, 3, 2);
        assertThat(cropped.w).isEqualTo(2);
        assertThat(cropped.c[0]).containsExactly(2f, 3f, 5f, 6f);
        Planes padded = gray(1, 1, 9f).pad(3, 3, 0.5f);
        assertThat(padded.c[0]).containsExactly(0.5f, 0.5f, 0.5f, 0.5f, 9f, 0.5f, 0.5f, 0.5f, 0.5f);
    }

    @Test
    void theBorderIsTheOuterRingSortedOnceEachPixel() {
        Planes p = gray(3, 3, 0.9f, 0.8f, 0.7f, 0.6f, 0f, 0.5f, 0.4f, 0.3f, 0.2f);
        assertThat(p.border()).containsExactly(0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f);
        assertThat(gray(1, 3, 0.3f, 0.1f, 0.2f).border()).containsExactly(0.1f, 0.2f, 0.3f);
        assertThat(Preprocessor.borderBackground(p)).isEqualTo(0.6f);
    }

    @Test
    void levellingMapsTheBackgroundToBlackAndBytesAreClamped() {
        Planes p = gray(3, 1, 0.2f, 0.6f, 1f);
        p.level(0.2f);
        assertThat(p.c[0][0]).isZero();
        assertThat(p.c[0][1]).isCloseTo(0.5f, within(1e-6f));
        assertThat(p.c[0][2]).isEqualTo(1f);
        p.invert();
        assertThat(p.c[0][0]).isEqualTo(1f);
        assertThat(p.c[0][2]).isZero();
        assertThat(gray(3, 1, -0.5f, 0.5f, 2f).toBytes()).containsExactly((byte) 0, (byte) 128, (byte) 255);
    }
}
