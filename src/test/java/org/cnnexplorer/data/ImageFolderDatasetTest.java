package org.cnnexplorer.data;

import org.cnnexplorer.data.DataException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ImageFolderDatasetTest {
    @TempDir
    Path root;

    /** Class folder {@code name} with {@code n} distinct pictures: dark discs or bars of growing size on white. */
    private void pictures(Path dir, String name, int n, boolean disc) throws IOException {
        Path classDir = Files.createDirectories(dir.resolve(name));
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(60 + i, 50, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), 50);
            g.setColor(new Color(10 + 5 * i, 20, 30));
            if (disc) {
                g.fillOval(10, 5, 30 + i, 40);
            } else {
                g.fillRect(10, 20, 40 + i, 8);
            }
            g.dispose();
            TestImages.write(img, i % 2 == 0 ? "png" : "jpeg", classDir.resolve(String.format("%02d.%s", i,
                    i % 2 == 0 ? "png" : "jpg")));
        }
    }

    private static Set<String> images(Dataset d) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i < d.size(); i++) {
            out.add(Arrays.toString(d.pixels(i)));
        }
        return out;
    }

    @Test
    void classFoldersAreSplitPerClassWithASeedAndBadFilesAreListed() throws IOException {
        pictures(root, "disc", 10, true);
        pictures(root, "bar", 10, false);
        Files.writeString(root.resolve("bar/readme.png"), "not a picture");
        Files.writeString(root.resolve("disc/.DS_Store"), "hidden");
        AtomicInteger calls = new AtomicInteger();
        ImageFolderDataset.Result r = ImageFolderDataset.load(root, InputSpec.fashionMnist(), 0.2, 7,
                new ImageLoader(), (done, total) -> calls.incrementAndGet());

        DataSplits s = r.splits();
        assertThat(s.train().classNames()).containsExactly("bar", "disc");
        assertThat(s.test().size()).isEqualTo(4); // 20% of the ten good pictures of each class
        assertThat(s.test().labelCounts()).containsExactly(2, 2);
        assertThat(s.train().size()).isEqualTo(16); // 8 disc + 9 bar files, one of them the broken one
        assertThat(r.skipped()).hasSize(1);
        assertThat(r.skipped().get(0).file().getFileName().toString()).isEqualTo("readme.png");
        assertThat(r.skipped().get(0).reason()).contains("readme.png");
        assertThat(calls.get()).isEqualTo(21);
        Set<String> overlap = images(s.train());
        overlap.retainAll(images(s.test()));
        assertThat(overlap).isEmpty();
        assertThat(s.train().shape()).isEqualTo(FashionMnist.SHAPE);
        assertThatThrownBy(() -> s.test().trainingBatches(4, 1)).isInstanceOf(DataException.class);

        ImageFolderDataset.Result again = ImageFolderDataset.load(root, InputSpec.fashionMnist(), 0.2, 7,
                new ImageLoader(), ImageFolderDataset.Progress.none());
        assertThat(images(again.splits().test())).isEqualTo(images(s.test()));
        List<Set<String>> otherSeeds = new ArrayList<>();
        for (long seed = 8; seed < 11; seed++) {
            otherSeeds.add(images(ImageFolderDataset.load(root, InputSpec.fashionMnist(), 0.2, seed,
                    new ImageLoader(), ImageFolderDataset.Progress.none()).splits().test()));
        }
        assertThat(otherSeeds).anySatisfy(set -> assertThat(set).isNotEqualTo(images(s.test())));
    }

    @Test
    void trainAndTestFoldersAreUsedAsGiven() throws IOException {
        pictures(root.resolve("train"), "disc", 3, true);
        pictures(root.resolve("train"), "bar", 3, false);
        pictures(root.resolve("test"), "disc", 2, true);
        pictures(root.resolve("test"), "bar", 1, false);
        DataSplits s = ImageFolderDataset.load(root, InputSpec.imagenet(32), 0.2, 1, new ImageLoader(),
                ImageFolderDataset.Progress.none()).splits();
        assertThat(s.train().size()).isEqualTo(6);
        assertThat(s.test().size()).isEqualTo(3);
        assertThat(s.test().labelCounts()).containsExactly(1, 2);
        assertThat(s.train().shape().channels()).isEqualTo(3);
        // ImageNet normalisation happens when reading: a white pixel is (1 - 0.485) / 0.229 in channel 0
        assertThat(s.train().features(0)[0]).isCloseTo((1f - 0.485f) / 0.229f,
                within(1e-4f));
    }

    @Test
    void folderWithoutClassesOrMissingIsRefused() throws IOException {
        assertThatThrownBy(() -> ImageFolderDataset.load(root, InputSpec.fashionMnist(), 0.2, 1, new ImageLoader(),
                ImageFolderDataset.Progress.none()))
                .isInstanceOfSatisfying(DataException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NO_CLASSES));
        assertThatThrownBy(() -> ImageFolderDataset.load(root.resolve("nope"), InputSpec.fashionMnist(), 0.2, 1,
                new ImageLoader(), ImageFolderDataset.Progress.none()))
                .isInstanceOfSatisfying(DataException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MISSING));
    }

    @Test
    void interruptingTheLoadingThreadCancelsIt() throws IOException {
        pictures(root, "disc", 3, true);
        pictures(root, "bar", 3, false);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> ImageFolderDataset.load(root, InputSpec.fashionMnist(), 0.2, 1,
                    new ImageLoader(), ImageFolderDataset.Progress.none()))
                    .isInstanceOf(CancellationException.class);
        } finally {
            Thread.interrupted();
        }
    }
}
