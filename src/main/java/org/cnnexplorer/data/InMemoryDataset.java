package org.cnnexplorer.data;

import org.cnnexplorer.arch.Shape;

import java.util.List;
import java.util.Objects;

/**
 * Examples kept as 8-bit pixels (one byte per value, C×H×W per example) and turned into floats when read, so
 * 60,000 Fashion-MNIST images take 47 MB rather than 188 MB.
 */
public final class InMemoryDataset implements Dataset {
    private final String name;
    private final Split split;
    private final InputSpec spec;
    private final List<String> classNames;
    private final byte[] pixels;
    private final int[] labels;
    private final int exampleSize;
    private final float[][] tables;

    public InMemoryDataset(String name, Split split, InputSpec spec, List<String> classNames, byte[] pixels,
            int[] labels) {
        this.name = Objects.requireNonNull(name);
        this.split = Objects.requireNonNull(split);
        this.spec = spec;
        this.classNames = List.copyOf(classNames);
        this.exampleSize = (int) spec.shape().size();
        if ((long) labels.length * exampleSize != pixels.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + pixels.length + " bytes of "
                    + spec.shape() + " images");
        }
        for (int label : labels) {
            if (label < 0 || label >= classNames.size()) {
                throw new IllegalArgumentException("label " + label + " outside 0.." + (classNames.size() - 1));
            }
        }
        this.pixels = pixels;
        this.labels = labels;
        this.tables = spec.tables();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Split split() {
        return split;
    }

    @Override
    public Shape shape() {
        return spec.shape();
    }

    public InputSpec spec() {
        return spec;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public void copyFeatures(int index, float[] dst, int offset) {
        Objects.checkIndex(index, labels.length);
        int base = index * exampleSize;
        int plane = exampleSize / tables.length;
        for (int i = 0; i < exampleSize; i++) {
            dst[offset + i] = tables[i / plane][pixels[base + i] & 0xFF];
        }
    }

    @Override
    public byte[] pixels(int index) {
        Objects.checkIndex(index, labels.length);
        byte[] out = new byte[exampleSize];
        System.arraycopy(pixels, index * exampleSize, out, 0, exampleSize);
        return out;
    }
}
