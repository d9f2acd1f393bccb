package org.cnnexplorer.data;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectBoxTest {

    /** A gray picture of {@code background} with a {@code value} rectangle [x0, x1) × [y0, y1). */
    private static Planes picture(int w, int h, float background, float value, int x0, int y0, int x1, int y1) {
        float[] v = new float[w * h];
        Arrays.fill(v, background);
        for (int y = y0; y < y1; y++) {
            Arrays.fill(v, y * w + x0, y * w + x1, value);
        }
        return new Planes(w, h, new float[][] {v});
    }

    @Test
    void aSmallPictureIsBoxedExactly() {
        assertThat(ObjectBox.of(picture(60, 40, 1f, 0f, 10, 5, 30, 25))).isEqualTo(new ObjectBox(10, 5, 30, 25));
    }

    @Test
    void aLargePictureIsRefinedToTheFullSizePixel() {
        ObjectBox box = ObjectBox.of(picture(1000, 600, 0.9f, 0.1f, 301, 157, 733, 420));
        assertThat(box).isEqualTo(new ObjectBox(301, 157, 733, 420));
        assertThat(box.width()).isEqualTo(432);
        assertThat(box.height()).isEqualTo(263);
    }

    @Test
    void aFaintObjectOrNoneKeepsTheWholePicture() {
        assertThat(ObjectBox.of(picture(50, 50, 0.5f, 0.5f, 0, 0, 0, 0))).isEqualTo(new ObjectBox(0, 0, 50, 50));
        float faint = 0.5f + ObjectBox.OBJECT_THRESHOLD / 2;
        assertThat(ObjectBox.of(picture(50, 50, 0.5f, faint, 10, 10, 20, 20))).isEqualTo(new ObjectBox(0, 0, 50, 50));
    }

    @Test
    void aGradientBackdropDoesNotCountAsObject() {
        int w = 100;
        int h = 80;
        float[] v = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // light on the left, darker on the right: the spread along the border raises the threshold
                v[y * w + x] = 0.95f - 0.25f * x / (w - 1);
                if (x >= 40 && x < 60 && y >= 30 && y < 50) {
                    v[y * w + x] = 0.05f;
                }
            }
        }
        assertThat(ObjectBox.of(new Planes(w, h, new float[][] {v}))).isEqualTo(new ObjectBox(40, 30, 60, 50));
    }
}
