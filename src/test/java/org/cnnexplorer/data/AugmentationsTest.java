package org.cnnexplorer.data;

import org.cnnexplorer.arch.Shape;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class AugmentationsTest {
    private static final Shape SHAPE = Shape.chw(2, 3, 4);

    private static float[] ramp() {
        float[] d = new float[(int) SHAPE.size() + 5];
        for (int i = 0; i < d.length; i++) {
            d[i] = i + 1;
        }
        return d;
    }

    /** Value at (c, y, x) of an example stored from offset 5. */
    private static float at(float[] d, int c, int y, int x) {
        return d[5 + c * 12 + y * 4 + x];
    }

    @Test
    void flipMirrorsEveryRowOfEveryChannelAndTwiceIsIdentity() {
        float[] d = ramp();
        float[] orig = d.clone();
        Augmentations.flipHorizontal(d, 5, SHAPE);
        assertThat(at(d, 1, 2, 0)).isEqualTo(at(orig, 1, 2, 3));
        assertThat(at(d, 0, 0, 1)).isEqualTo(at(orig, 0, 0, 2));
        assertThat(d[0]).isEqualTo(orig[0]);
        Augmentations.flipHorizontal(d, 5, SHAPE);
        assertThat(d).isEqualTo(orig);
    }

    @Test
    void shiftMovesContentAndFillsWhatEnters() {
        float[] d = ramp();
        float[] orig = d.clone();
        Augmentations.shift(d, 5, SHAPE, 1, -1, -9f);
        // output (x, y) = input (x + 1, y - 1)
        assertThat(at(d, 1, 1, 0)).isEqualTo(at(orig, 1, 0, 1));
        assertThat(at(d, 0, 2, 2)).isEqualTo(at(orig, 0, 1, 3));
        assertThat(at(d, 0, 0, 0)).isEqualTo(-9f);
        assertThat(at(d, 1, 2, 3)).isEqualTo(-9f);
        float[] same = ramp();
        Augmentations.shift(same, 5, SHAPE, 0, 0, 0f);
        assertThat(same).isEqualTo(orig);
    }

    @Test
    void randomCropIsDeterministicForASeedAndStaysWithinThePadding() {
        Augmentation crop = Augmentations.randomCrop(2, 0f);
        float[] a = ramp();
        float[] b = ramp();
        crop.apply(a, 5, SHAPE, new SplittableRandom(11));
        crop.apply(b, 5, SHAPE, new SplittableRandom(11));
        assertThat(a).isEqualTo(b);
        int changed = 0;
        for (long seed = 0; seed < 50; seed++) {
            float[] c = ramp();
            Augmentations.standard(2).apply(c, 5, SHAPE, new SplittableRandom(seed));
            if (!Arrays.equals(c, ramp())) {
                changed++;
            }
            assertThat(c[0]).isEqualTo(1f); // the bytes before the example are never touched
        }
        assertThat(changed).isGreaterThan(40);
    }
}
