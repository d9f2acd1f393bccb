package org.cnnexplorer.data;

import org.cnnexplorer.arch.Shape;

import java.util.SplittableRandom;

/** Changes one training example in place (C×H×W floats at {@code offset}); randomness only from {@code random}. */
@FunctionalInterface
public interface Augmentation {

    void apply(float[] data, int offset, Shape shape, SplittableRandom random);

    static Augmentation none() {
        return (data, offset, shape, random) -> { };
    }

    default Augmentation then(Augmentation next) {
        return (data, offset, shape, random) -> {
            apply(data, offset, shape, random);
            next.apply(data, offset, shape, random);
        };
    }
}
