package org.cnnexplorer.data;

import org.cnnexplorer.arch.Shape;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchIteratorTest {

    /** 103 examples of 1×2×2 whose pixels all equal the example's index, labels index % 3. */
    private static InMemoryDataset tiny(Split split) {
        int n = 103;
        byte[] pixels = new byte[n * 4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            Arrays.fill(pixels, i * 4, i * 4 + 4, (byte) i);
            labels[i] = i % 3;
        }
        return new InMemoryDataset("tiny", split, InputSpec.grayscale(2, 2), List.of("a", "b", "c"), pixels, labels);
    }

    private static List<Integer> epochOrder(BatchIterator it) {
        List<Integer> order = new ArrayList<>();
        while (it.hasNext()) {
            for (int e : it.next().examples()) {
                order.add(e);
            }
        }
        return order;
    }

    @Test
    void sameSeedGivesTheSameBatchesDifferentSeedDoesNot() {
        InMemoryDataset d = tiny(Split.TRAIN);
        assertThat(epochOrder(d.trainingBatches(10, 42))).isEqualTo(epochOrder(d.trainingBatches(10, 42)));
        assertThat(epochOrder(d.trainingBatches(10, 42))).isNotEqualTo(epochOrder(d.trainingBatches(10, 43)));
    }

    @Test
    void everyEpochVisitsEachExampleOnceInANewOrder() {
        BatchIterator it = tiny(Split.TRAIN).trainingBatches(10, 7);
        List<Integer> first = epochOrder(it);
        it.nextEpoch();
        List<Integer> second = epochOrder(it);
        assertThat(first).hasSize(103).doesNotHaveDuplicates();
        assertThat(second).containsExactlyInAnyOrderElementsOf(first).isNotEqualTo(first);
        assertThat(it.epoch()).isEqualTo(1);
    }

    @Test
    void resumingAtAnEpochReproducesIt() {
        InMemoryDataset d = tiny(Split.TRAIN);
        BatchIterator run = d.trainingBatches(16, 5);
        epochOrder(run);
        run.nextEpoch();
        epochOrder(run);
        run.nextEpoch();
        List<Integer> third = epochOrder(run);
        BatchIterator resumed = d.trainingBatches(16, 5);
        resumed.startEpoch(2);
        assertThat(epochOrder(resumed)).isEqualTo(third);
    }

    @Test
    void resumingMidEpochGivesTheRemainingBatchesAugmentationIncluded() {
        InMemoryDataset d = tiny(Split.TRAIN);
        Augmentation noise = (data, offset, shape, random) -> data[offset] += (float) random.nextDouble();
        BatchIterator run = d.trainingBatches(10, 9, noise);
        run.nextEpoch();
        List<Batch> all = new ArrayList<>();
        while (run.hasNext()) {
            all.add(run.next());
        }
        BatchIterator resumed = d.trainingBatches(10, 9, noise);
        resumed.startEpoch(1, 4);
        for (Batch expected : all.subList(4, all.size())) {
            Batch b = resumed.next();
            assertThat(b.index()).isEqualTo(expected.index());
            assertThat(b.examples()).isEqualTo(expected.examples());
            assertThat(b.features()).isEqualTo(expected.features());
        }
        assertThat(resumed.hasNext()).isFalse();
    }

    @Test
    void batchesCarryFeaturesAndLabelsOfTheirExamples() {
        InMemoryDataset d = tiny(Split.TRAIN);
        BatchIterator it = d.trainingBatches(10, 1);
        assertThat(it.batchesPerEpoch()).isEqualTo(11);
        Batch last = null;
        while (it.hasNext()) {
            Batch b = it.next();
            for (int i = 0; i < b.size(); i++) {
                int ex = b.examples()[i];
                assertThat(b.labels()[i]).isEqualTo(ex % 3);
                assertThat(Arrays.copyOfRange(b.features(), i * 4, i * 4 + 4)).containsOnly(ex / 255f);
            }
            last = b;
        }
        assertThat(last.size()).isEqualTo(3);
        assertThat(last.oneHot(3)).hasSize(9);
        assertThat(last.oneHot(3)[last.labels()[0]]).isEqualTo(1f);
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void evaluationBatchesAreInOrderOnEitherSplit() {
        assertThat(epochOrder(tiny(Split.TEST).evaluationBatches(50)))
                .containsExactlyElementsOf(IntStream.range(0, 103).boxed().toList());
    }

    @Test
    void augmentationIsSeededPerBatch() {
        InMemoryDataset d = tiny(Split.TRAIN);
        Augmentation aug = (data, offset, shape, random) -> data[offset] = (float) random.nextDouble();
        float[] a = d.trainingBatches(8, 3, aug).next().features();
        float[] b = d.trainingBatches(8, 3, aug).next().features();
        assertThat(a).isEqualTo(b);
        assertThat(a[0]).isNotEqualTo(a[4]);
    }

    @Test
    void limitKeepsTheFirstExamplesAndTheSplit() {
        Dataset d = tiny(Split.TEST).limit(10);
        assertThat(d.size()).isEqualTo(10);
        assertThat(d.split()).isEqualTo(Split.TEST);
        assertThat(d.shape()).isEqualTo(Shape.chw(1, 2, 2));
        assertThatThrownBy(() -> d.label(10)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
