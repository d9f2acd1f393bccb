package org.cnnexplorer.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;

class RenderCommandTest {
    @TempDir
    Path dir;

    private int run(StringWriter err, String... args) {
        return Cli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
    }

    @Test
    void rendersAPngOfTheRequestedWidthWithColouredNodes() throws Exception {
        Path out = dir.resolve("resnet18.png");
        assertThat(run(new StringWriter(), "render", "resnet18", "--out", out.toString(), "--width", "400")).isZero();
        BufferedImage img = ImageIO.read(out.toFile());
        assertThat(img.getWidth()).isEqualTo(400);
        long coloured = 0;
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                int r = rgb >> 16;
                int b = rgb & 0xff;
                if (b > r + 20) {
                    coloured++; // conv nodes are blue
                }
            }
        }
        assertThat(coloured).isGreaterThan(100);
    }

    @Test
    void aWidthThatWouldMakeThePictureTooLargeIsReducedWithOneLineSayingSo() throws Exception {
        Path out = dir.resolve("resnet152.svg");
        StringWriter err = new StringWriter();
        assertThat(run(err, "render", "resnet152", "--out", out.toString(), "--expanded", "--width", "20000"))
                .isZero();
        assertThat(err.toString().lines()).singleElement().asString().startsWith("--width 20000 would make the picture "
                + "20000×").endsWith("drawn smaller, at most 16000 px a side");
        StringWriter quiet = new StringWriter();
        assertThat(run(quiet, "render", "resnet18", "--out", dir.resolve("r.svg").toString(), "--width", "400"))
                .isZero();
        assertThat(quiet.toString()).isEmpty();
    }

    @Test
    void rendersCollapsedSvg() throws Exception {
        Path out = dir.resolve("googlenet.svg");
        assertThat(run(new StringWriter(), "render", "googlenet", "--out", out.toString(), "--collapsed")).isZero();
        String svg = Files.readString(out);
        assertThat(svg).startsWith("<?xml").contains("<svg").contains("inception4a");
        assertThat(svg).doesNotContain("inception4a.branch2.1");
    }

    @Test
    void badOutputTypeIsOneLineAndWritesNothing() {
        StringWriter err = new StringWriter();
        Path out = dir.resolve("x.gif");
        assertThat(run(err, "render", "vgg11", "--out", out.toString())).isEqualTo(UserError.STATUS);
        assertThat(err.toString().trim()).contains(".png or .svg").doesNotContain("\n");
        assertThat(Files.exists(out)).isFalse();
    }
}
