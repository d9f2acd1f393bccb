package org.cnnexplorer.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Mini-batches over a dataset ({@link Examples}), one epoch at a time. With shuffling, epoch {@code e}'s order is a
 * function of (seed, e) alone, so a run resumed at epoch {@code e} ({@link #startEpoch}) sees exactly the batches an
 * uninterrupted run would. The last batch of an epoch may be smaller.
 */
public final class BatchIterator implements Iterator<Batch> {
    private final Examples dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final Augmentation augmentation;
    private final int exampleSize;
    private int epoch;
    private int[] order;
    private int position;
    private int batchIndex;

    BatchIterator(Examples dataset, int batchSize, boolean shuffle, long seed, Augmentation augmentation) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.augmentation = augmentation;
        this.exampleSize = (int) dataset.shape().size();
        startEpoch(0);
    }

    public int batchSize() {
        return batchSize;
    }

    /** The epoch the next batch belongs to, from 0. */
    public int epoch() {
        return epoch;
    }

    public int batchesPerEpoch() {
        return (dataset.size() + batchSize - 1) / batchSize;
    }

    /** Starts epoch {@code e} from its first batch. */
    public void startEpoch(int e) {
        startEpoch(e, 0);
    }

    /**
     * Continues epoch {@code e} at batch {@code batch} (a checkpoint taken mid-epoch): the batches that follow,
     * augmentation included, are the ones an uninterrupted run would have had.
     */
    public void startEpoch(int e, int batch) {
        if (e < 0 || batch < 0 || batch > batchesPerEpoch()) {
            throw new IllegalArgumentException("no batch " + batch + " in epoch " + e);
        }
        epoch = e;
        order = permutation(dataset.size(), shuffle ? new SplittableRandom(mix(seed, e, -1)) : null);
        position = Math.min(dataset.size(), batch * batchSize);
        batchIndex = batch;
    }

    /** Moves on to the next epoch (reshuffled), whether or not this one was finished. */
    public void nextEpoch() {
        startEpoch(epoch + 1);
    }

    @Override
    public boolean hasNext() {
        return position < order.length;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " is finished; call nextEpoch()");
        }
        int n = Math.min(batchSize, order.length - position);
        float[] features = new float[n * exampleSize];
        int[] labels = new int[n];
        int[] examples = new int[n];
        SplittableRandom random = new SplittableRandom(mix(seed, epoch, batchIndex));
        for (int i = 0; i < n; i++) {
            int example = order[position + i];
            examples[i] = example;
            labels[i] = dataset.label(example);
            dataset.copyFeatures(example, features, i * exampleSize);
            augmentation.apply(features, i * exampleSize, dataset.shape(), random);
        }
        position += n;
        return new Batch(epoch, batchIndex++, dataset.shape(), n, features, labels, examples);
    }

    private static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        if (random != null) {
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
        }
        return p;
    }

    /** A well-spread 64-bit seed from (seed, epoch, batch): SplitMix64's finaliser over the combination. */
    private static long mix(long seed, int epoch, int batch) {
        long z = seed + 0x9E3779B97F4A7C15L * (epoch + 1L) + 0xBF58476D1CE4E5B9L * (batch + 2L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
