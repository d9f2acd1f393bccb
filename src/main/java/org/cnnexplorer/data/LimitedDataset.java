package org.cnnexplorer.data;

import org.cnnexplorer.arch.Shape;

import java.util.List;
import java.util.Objects;

/** The first {@code n} examples of another dataset. */
final class LimitedDataset implements Dataset {
    private final Dataset base;
    private final int n;

    LimitedDataset(Dataset base, int n) {
        this.base = base;
        this.n = n;
    }

    @Override
    public String name() {
        return base.name() + " [" + n + "]";
    }

    @Override
    public Split split() {
        return base.split();
    }

    @Override
    public Shape shape() {
        return base.shape();
    }

    @Override
    public List<String> classNames() {
        return base.classNames();
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public int label(int index) {
        return base.label(Objects.checkIndex(index, n));
    }

    @Override
    public void copyFeatures(int index, float[] dst, int offset) {
        base.copyFeatures(Objects.checkIndex(index, n), dst, offset);
    }

    @Override
    public byte[] pixels(int index) {
        return base.pixels(Objects.checkIndex(index, n));
    }
}
