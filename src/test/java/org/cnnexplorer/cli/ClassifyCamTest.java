package org.cnnexplorer.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code classify --cam}: where the network looks, as a PNG, with the shipped weights of a mini network. */
class ClassifyCamTest {
    private static final String SAMPLE = "sample-images/ankle-boot_0000.png";

    @TempDir
    Path dir;

    @Test
    void writesTheTopClassMapOverThePictureAndSaysWhereItCameFrom() throws Exception {
        Path png = dir.resolve("look.png");
        CliTest.Result r = CliTest.run("classify", "mini-googlenet", SAMPLE, "--cam", png.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains(png.toString()).contains("Ankle boot").contains("inception4a.concat");
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).as("28 pixels enlarged 8 times").isEqualTo(224);
        assertThat(img.getHeight()).isEqualTo(224);
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file left").containsExactly(png);
        }
    }

    @Test
    void refusesSeveralImagesAndRandomWeightsInOneLineWithoutWriting() throws Exception {
        Path png = dir.resolve("look.png");
        CliTest.Result two = CliTest.run("classify", "mini-googlenet", SAMPLE, SAMPLE, "--cam", png.toString());
        assertThat(two.status()).isEqualTo(2);
        assertThat(two.err().strip().lines()).hasSize(1);
        assertThat(two.err()).contains("--cam");
        CliTest.Result random = CliTest.run("classify", "mini-plain-relu", SAMPLE, "--cam", png.toString());
        assertThat(random.status()).isEqualTo(2);
        assertThat(random.err()).contains("random weights").doesNotContain("Exception");
        assertThat(png).doesNotExist();
    }

    /** The map never lands on the picture it maps, nor as PNG bytes under another format's name. */
    @Test
    void refusesToWriteOverItsInputOrIntoAnotherFormat() throws Exception {
        Path mine = dir.resolve("mine.png");
        Files.copy(Path.of(SAMPLE), mine);
        byte[] before = Files.readAllBytes(mine);
        CliTest.Result over = CliTest.run("classify", "mini-googlenet", mine.toString(), "--cam", mine.toString());
        assertThat(over.status()).isEqualTo(2);
        assertThat(over.err().strip().lines()).hasSize(1);
        assertThat(over.err()).contains("input");
        assertThat(Files.readAllBytes(mine)).isEqualTo(before);
        CliTest.Result jpg = CliTest.run("classify", "mini-googlenet", mine.toString(), "--cam",
                dir.resolve("x.jpg").toString());
        assertThat(jpg.status()).isEqualTo(2);
        assertThat(jpg.err()).contains(".png");
        assertThat(dir.resolve("x.jpg")).doesNotExist();
        CliTest.Result missing = CliTest.run("classify", "mini-googlenet", mine.toString(), "--cam",
                dir.resolve("no-such-folder/x.png").toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("does not exist").doesNotContain("Exception");
    }
}
