package org.cnnexplorer.data;

import org.assertj.core.data.Offset;
import org.cnnexplorer.data.DataException.Reason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FashionMnistTest {
    private static final Path ASSETS = Path.of("assets/fashion-mnist");
    private static InMemoryDataset test;
    private static InMemoryDataset train;

    @BeforeAll
    static void load() {
        test = FashionMnist.load(FashionMnist.embedded(), Split.TEST);
        train = FashionMnist.load(FashionMnist.embedded(), Split.TRAIN);
    }

    @Test
    void embeddedTestSplitHasTenThousandImagesThousandPerClass() {
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(test.split()).isEqualTo(Split.TEST);
        assertThat(test.shape()).isEqualTo(FashionMnist.SHAPE);
        assertThat(test.labelCounts()).containsOnly(1000);
        assertThat(test.numClasses()).isEqualTo(10);
    }

    @Test
    void embeddedTrainingSliceIsClassBalanced() {
        assertThat(train.size()).isEqualTo(10_000);
        assertThat(train.split()).isEqualTo(Split.TRAIN);
        assertThat(train.labelCounts()).containsOnly(1000);
    }

    @Test
    void pixelMeanMatchesTheFileReadIndependentlyAndThePublishedStatistic() throws IOException {
        // read the shipped file with nothing but java.util.zip: header then raw bytes
        long sum = 0;
        int count;
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(
                Files.newInputStream(ASSETS.resolve(FashionMnist.TEST_IMAGES))))) {
            assertThat(in.readInt()).isEqualTo(2051);
            count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            byte[] data = in.readNBytes(count * rows * cols);
            for (byte b : data) {
                sum += b & 0xFF;
            }
        }
        double expected = sum / (255.0 * count * 784);

        double mean = 0;
        for (int i = 0; i < test.size(); i++) {
            for (float v : test.features(i)) {
                mean += v;
            }
        }
        mean /= test.size() * 784.0;
        assertThat(mean).isCloseTo(expected, Offset.offset(1e-6));
        // Fashion-MNIST's mean intensity is about 0.286 (train 0.2860); a wrong byte order or offset would not be
        assertThat(mean).isBetween(0.28, 0.295);
        float[] first = test.features(0);
        for (float v : first) {
            assertThat(v).isBetween(0f, 1f);
        }
    }

    @Test
    void labelsAreReadInFileOrder() throws IOException {
        byte[] raw;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(ASSETS.resolve(FashionMnist.TEST_LABELS)))) {
            raw = in.readAllBytes();
        }
        for (int i = 0; i < 100; i++) {
            assertThat(test.label(i)).isEqualTo(raw[8 + i]);
        }
        // the first test image is an ankle boot in every copy of Fashion-MNIST
        assertThat(FashionMnist.Label.of(test.label(0))).isEqualTo(FashionMnist.Label.ANKLE_BOOT);
    }

    @Test
    void classNamesComeInEnglishAndKorean() {
        assertThat(FashionMnist.Label.ANKLE_BOOT.displayName(Locale.ENGLISH)).isEqualTo("Ankle boot");
        assertThat(FashionMnist.Label.T_SHIRT_TOP.displayName(Locale.ENGLISH)).isEqualTo("T-shirt/top");
        assertThat(FashionMnist.Label.BAG.displayName(Locale.KOREAN)).isEqualTo("가방");
        for (FashionMnist.Label l : FashionMnist.Label.values()) {
            assertThat(l.displayName(Locale.KOREAN)).isNotEqualTo(l.displayName(Locale.ENGLISH))
                    .doesNotStartWith("data.");
            assertThat(FashionMnist.Label.fromSlug(l.slug())).isEqualTo(l);
        }
    }

    @Test
    void trainingOnTheTestSplitIsRefused() {
        assertThatThrownBy(() -> test.trainingBatches(32, 1L))
                .isInstanceOfSatisfying(DataException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.TEST_SPLIT_FOR_TRAINING);
                    assertThat(e.message(Locale.ENGLISH)).contains("test split").contains("never trained on");
                });
        assertThatThrownBy(() -> test.limit(100).trainingBatches(32, 1L)).isInstanceOf(DataException.class);
        assertThat(test.evaluationBatches(32).hasNext()).isTrue();
        assertThat(train.trainingBatches(32, 1L).hasNext()).isTrue();
    }

    @Test
    void trainingSliceAndTestSplitAreDifferentImages() {
        Set<String> trainImages = new HashSet<>();
        for (int i = 0; i < train.size(); i++) {
            trainImages.add(Arrays.toString(train.pixels(i)));
        }
        int shared = 0;
        for (int i = 0; i < test.size(); i++) {
            if (trainImages.contains(Arrays.toString(test.pixels(i)))) {
                shared++;
            }
        }
        // upstream has a handful of exact duplicates across its splits; a mixed-up split would share thousands
        assertThat(shared).isLessThan(20);
    }

    @Test
    void everyClassHasItsNameInTheBundle() {
        for (FashionMnist.Label l : FashionMnist.Label.values()) {
            assertThat(l.displayName(Locale.ENGLISH)).as(l.messageKey()).doesNotStartWith("!");
            assertThat(l.displayName(Locale.KOREAN)).as(l.messageKey()).doesNotStartWith("!");
        }
    }

    @Test
    void splitsPairUpAsDataSplits() {
        DataSplits splits = new DataSplits(train, test);
        assertThat(splits.train().split()).isEqualTo(Split.TRAIN);
        assertThatThrownBy(() -> new DataSplits(test, train)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void folderWithTheUpstreamFileNamesLoads(@TempDir Path dir) throws IOException {
        Files.copy(ASSETS.resolve(FashionMnist.TEST_IMAGES), dir.resolve(FashionMnist.TEST_IMAGES));
        Files.copy(ASSETS.resolve(FashionMnist.TEST_LABELS), dir.resolve(FashionMnist.TEST_LABELS));
        InMemoryDataset fromFolder = FashionMnist.load(FashionMnist.folder(dir), Split.TEST);
        assertThat(fromFolder.size()).isEqualTo(10_000);
        assertThat(fromFolder.pixels(1234)).isEqualTo(test.pixels(1234));
        assertThatThrownBy(() -> FashionMnist.load(FashionMnist.folder(dir), Split.TRAIN))
                .isInstanceOfSatisfying(DataException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.MISSING);
                    assertThat(e.message(Locale.ENGLISH))
                            .isEqualTo(dir.resolve(FashionMnist.TRAIN_IMAGES) + ": file not found");
                });
    }
}
