package org.cnnexplorer.data;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The shipped files against the rules that made them (assets/fashion-mnist/README.md, sample-images/README.md). */
class EmbeddedAssetsTest {

    @Test
    void trainingSliceIsTheFirstThousandOfEachClassOfTheFullTrainingFile() {
        assumeTrue(FashionMnist.systemInstalled(), "needs apt package dataset-fashion-mnist");
        Idx.Images full = Idx.readImages(FashionMnist.SYSTEM_DIR.resolve(FashionMnist.TRAIN_IMAGES));
        byte[] fullLabels = Idx.readLabels(FashionMnist.SYSTEM_DIR.resolve(FashionMnist.TRAIN_LABELS));
        int[] keep = EmbeddedAssetsTool.sliceIndices(fullLabels, 1000);
        Idx.Images slice = Idx.readImages(Path.of("assets/fashion-mnist", FashionMnist.SLICE_IMAGES));
        byte[] sliceLabels = Idx.readLabels(Path.of("assets/fashion-mnist", FashionMnist.SLICE_LABELS));
        assertThat(slice.pixels()).isEqualTo(EmbeddedAssetsTool.select(full, keep).pixels());
        for (int i = 0; i < keep.length; i++) {
            assertThat(sliceLabels[i]).isEqualTo(fullLabels[keep[i]]);
        }
    }

    @Test
    void fullSystemDatasetLoadsBothSplits() {
        assumeTrue(FashionMnist.systemInstalled(), "needs apt package dataset-fashion-mnist");
        DataSplits splits = FashionMnist.load(FashionMnist.system());
        assertThat(splits.train().size()).isEqualTo(60_000);
        assertThat(splits.train().labelCounts()).containsOnly(6000);
        assertThat(splits.test().size()).isEqualTo(10_000);
    }

    @Test
    void sampleImagesAreTestImagesNamedByClassAndIndex() throws IOException {
        InMemoryDataset test = FashionMnist.load(FashionMnist.embedded(), Split.TEST);
        List<Path> samples;
        try (Stream<Path> s = Files.list(Path.of("sample-images"))) {
            samples = s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        assertThat(samples).hasSizeGreaterThanOrEqualTo(50);
        int[] perClass = new int[10];
        for (Path p : samples) {
            String[] parts = p.getFileName().toString().replace(".png", "").split("_");
            FashionMnist.Label label = FashionMnist.Label.fromSlug(parts[0]);
            int index = Integer.parseInt(parts[1]);
            assertThat(test.label(index)).as(p.toString()).isEqualTo(label.ordinal());
            BufferedImage img = ImageIO.read(p.toFile());
            byte[] png = new byte[784];
            img.getRaster().getDataElements(0, 0, 28, 28, png);
            assertThat(png).as(p.toString()).isEqualTo(test.pixels(index));
            perClass[label.ordinal()]++;
        }
        assertThat(Arrays.stream(perClass).min().orElse(0)).isGreaterThanOrEqualTo(5);
    }
}
