package org.cnnexplorer.data;

import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.i18n.TestLocale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PreprocessorTest {
    private final ImageLoader loader = new ImageLoader();
    @RegisterExtension
    static final TestLocale LOCALE = TestLocale.english();

    @Test
    void shadedNoisyBackdropDoesNotStretchTheTrim(@TempDir Path dir) throws IOException {
        Preprocessor.Result r = Preprocessor.apply(loader.load(TestImages.shadedPhoto(dir.resolve("boot.jpg"))),
                InputSpec.fashionMnist());
        assertThat(r.stepIds()).containsExactly("decode", "grayscale", "invert", "level", "trim", "resize", "pad",
                "scale");
        assertThat(r.describe()).contains("trimmed to the object (250×270)").contains("resized to 26×28");
        // the backdrop, shaded and noisy, ends up black around the object
        assertThat(r.input()[0]).isLessThan(0.1f);
        assertThat(r.input()[27]).isLessThan(0.1f);
        assertThat(r.input()[20 * 28 + 10]).isGreaterThan(0.5f);
    }

    private static BufferedImage canvas(int w, int h, Color background, Color object, int x, int y, int ow, int oh) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setColor(background);
        g.fillRect(0, 0, w, h);
        g.setColor(object);
        g.fillRect(x, y, ow, oh);
        g.dispose();
        return img;
    }

    private static float at(float[] chw, int c, int y, int x, Shape s) {
        return chw[c * s.height() * s.width() + y * s.width() + x];
    }

    @Test
    void darkObjectOnLightBackgroundIsInvertedTrimmedAndFittedKeepingItsAspect() {
        // a 100×40 black bar off-centre on a 300×200 white picture
        BufferedImage photo = canvas(300, 200, Color.WHITE, Color.BLACK, 30, 120, 100, 40);
        Preprocessor.Result r = Preprocessor.apply(loader.fromImage(photo, "photo"), InputSpec.fashionMnist());
        assertThat(r.stepIds()).containsExactly("decode", "invert", "trim", "resize", "pad", "scale");
        Shape s = r.spec().shape();
        assertThat(r.input()).hasSize(784);
        // 100×40 scaled to fit 28×28 is 28×11, centred vertically: rows 8..18 bright, the rest black
        int bright = 0;
        for (int y = 0; y < 28; y++) {
            float v = at(r.input(), 0, y, 14, s);
            if (v > 0.5f) {
                bright++;
                assertThat(y).isBetween(8, 18);
            } else {
                assertThat(v).isZero();
            }
        }
        assertThat(bright).isEqualTo(11);
        assertThat(at(r.input(), 0, 13, 0, s)).isEqualTo(1f);
        assertThat(at(r.input(), 0, 13, 27, s)).isEqualTo(1f);
        assertThat(r.describe()).contains("inverted").contains("28×11");
    }

    @Test
    void lightObjectOnDarkBackgroundIsNotInverted() {
        BufferedImage photo = canvas(64, 64, Color.BLACK, Color.WHITE, 16, 8, 32, 48);
        Preprocessor.Result r = Preprocessor.apply(loader.fromImage(photo, "x"), InputSpec.fashionMnist());
        assertThat(r.stepIds()).doesNotContain("invert", "level").contains("trim", "resize", "pad");
        assertThat(r.input()[0]).isZero();
        assertThat(r.input()[14 * 28 + 14]).isEqualTo(1f);
    }

    @Test
    void grayBackdropBecomesBlackAfterInversion() {
        BufferedImage photo = canvas(120, 120, new Color(200, 200, 200), new Color(20, 20, 20), 30, 30, 60, 30);
        Preprocessor.Result r = Preprocessor.apply(loader.fromImage(photo, "x"), InputSpec.fashionMnist());
        assertThat(r.stepIds()).contains("invert", "level", "trim");
        assertThat(r.input()[0]).isZero();
        // inverted: object 235, backdrop 55; levelled: (235 - 55) / (255 - 55) = 0.9
        assertThat(r.input()[14 * 28 + 14]).isCloseTo(0.9f, within(0.01f));
    }

    @Test
    void transparentPartsCountAsWhiteBackground() {
        BufferedImage img = new BufferedImage(50, 50, BufferedImage.TYPE_INT_ARGB); // all transparent
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(10, 10, 120));
        g.fillRect(10, 10, 30, 15);
        g.dispose();
        Preprocessor.Result r = Preprocessor.apply(loader.fromImage(img, "x"), InputSpec.fashionMnist());
        assertThat(r.stepIds()).contains("alpha", "grayscale", "invert");
        assertThat(r.input()[0]).isZero();
        assertThat(r.input()[14 * 28 + 14]).isGreaterThan(0.5f);
    }

    @Test
    void sampleImagePassesThroughExactlyAsTheDatasetHasIt() {
        InMemoryDataset test = FashionMnist.load(FashionMnist.embedded(), Split.TEST);
        Path sample = Path.of("sample-images/ankle-boot_0000.png");
        Preprocessor.Result r = Preprocessor.apply(loader.load(sample), InputSpec.fashionMnist());
        assertThat(r.stepIds()).containsExactly("decode", "asIs", "scale");
        assertThat(r.pixels()).isEqualTo(test.pixels(0));
        assertThat(r.input()).isEqualTo(test.features(0));
        assertThat(r.seen().getWidth()).isEqualTo(28);
        int gray = r.seen().getRGB(14, 14);
        assertThat(gray >> 16 & 0xFF).isEqualTo(gray & 0xFF).isEqualTo(test.pixels(0)[14 * 28 + 14] & 0xFF);
    }

    @Test
    void grayOutputStaysInUnitRange() {
        BufferedImage photo = TestImages.photo(640, 480);
        float[] in = Preprocessor.apply(loader.fromImage(photo, "x"), InputSpec.fashionMnist()).input();
        for (float v : in) {
            assertThat(v).isBetween(0f, 1f);
        }
    }

    @Test
    void rgbModelsGetResizeCropAndImageNetNormalisationInChwOrder() {
        BufferedImage img = canvas(300, 200, Color.RED, Color.RED, 0, 0, 1, 1);
        for (int y = 0; y < 200; y++) {
            img.setRGB(299, y, 0xFF0000FF); // a blue right edge that the centre crop must cut away
        }
        Preprocessor.Result r = Preprocessor.apply(loader.fromImage(img, "x"), InputSpec.imagenet(224));
        assertThat(r.stepIds()).containsExactly("decode", "rgb", "resizeShorter", "crop", "normalize");
        assertThat(r.describe()).contains("256").contains("224×224");
        Shape s = r.spec().shape();
        assertThat(r.input()).hasSize(3 * 224 * 224);
        for (int[] yx : new int[][] {{0, 0}, {100, 100}, {223, 223}}) {
            assertThat(at(r.input(), 0, yx[0], yx[1], s)).isCloseTo((1f - 0.485f) / 0.229f, within(1e-5f));
            assertThat(at(r.input(), 1, yx[0], yx[1], s)).isCloseTo((0f - 0.456f) / 0.224f, within(1e-5f));
            assertThat(at(r.input(), 2, yx[0], yx[1], s)).isCloseTo((0f - 0.406f) / 0.225f, within(1e-5f));
        }
        assertThat(r.seen().getRGB(5, 5)).isEqualTo(0xFFFF0000);
    }

    @Test
    void caffeModelsGetBlueFirstIn0To255MinusTheMean() {
        BufferedImage img = canvas(300, 300, Color.RED, Color.RED, 0, 0, 1, 1);
        Preprocessor.Result r = Preprocessor.apply(loader.fromImage(img, "x"),
                Preprocessing.CAFFE.spec(Shape.chw(3, 227, 227)));
        assertThat(r.stepIds()).containsExactly("decode", "rgb", "resizeShorter", "crop", "bgrMean");
        assertThat(r.describe()).contains("104").contains("117").contains("123");
        Shape s = r.spec().shape();
        // a red picture: blue (channel 0) and green are 0, red (channel 2) is 255
        assertThat(at(r.input(), 0, 100, 100, s)).isCloseTo(-104f, within(1e-3f));
        assertThat(at(r.input(), 1, 100, 100, s)).isCloseTo(-117f, within(1e-3f));
        assertThat(at(r.input(), 2, 100, 100, s)).isCloseTo(255f - 123f, within(1e-3f));
        assertThat(r.seen().getRGB(5, 5)).isEqualTo(0xFFFF0000);
        Preprocessor.Result half = Preprocessor.apply(loader.fromImage(img, "x"),
                Preprocessing.HALF_RANGE.spec(Shape.chw(3, 224, 224)));
        assertThat(half.stepIds()).endsWith("halfRange");
        assertThat(at(half.input(), 0, 10, 10, half.spec().shape())).isCloseTo(1f, within(1e-5f));
        assertThat(at(half.input(), 1, 10, 10, half.spec().shape())).isCloseTo(-1f, within(1e-5f));
    }

    @Test
    void extremeStripsAndSinglePixelsFitWithoutHugeIntermediates() {
        BufferedImage strip = TestImages.photo(1, 5000);
        Preprocessor.Result gray = Preprocessor.apply(loader.fromImage(strip, "strip"), InputSpec.fashionMnist());
        assertThat(gray.input()).hasSize(784);
        Preprocessor.Result rgb = Preprocessor.apply(loader.fromImage(strip, "strip"), InputSpec.imagenet(224));
        assertThat(rgb.input()).hasSize(3 * 224 * 224);
        BufferedImage dot = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        dot.setRGB(0, 0, 0x808080);
        Preprocessor.Result one = Preprocessor.apply(loader.fromImage(dot, "dot"), InputSpec.fashionMnist());
        assertThat(one.input()).hasSize(784);
        assertThat(one.stepIds()).contains("resize");
    }

    @Test
    void forShapePicksGrayOrImageNetStyle() {
        assertThat(InputSpec.forShape(Shape.chw(1, 32, 32)).fit()).isEqualTo(InputSpec.Fit.TRIM_AND_PAD);
        InputSpec rgb = InputSpec.forShape(Shape.chw(3, 32, 32));
        assertThat(rgb.fit()).isEqualTo(InputSpec.Fit.RESIZE_AND_CENTER_CROP);
        assertThat(rgb.normalizesToUnitRange()).isFalse();
        assertThat(InputSpec.fashionMnist().normalizesToUnitRange()).isTrue();
    }

    @Test
    void everyStepHasAText() {
        Preprocessor.Result r = Preprocessor.apply(
                loader.fromImage(canvas(90, 40, Color.WHITE, Color.DARK_GRAY, 5, 5, 20, 20), "x"),
                InputSpec.fashionMnist());
        assertThat(r.steps()).allSatisfy(step -> assertThat(step.text()).doesNotStartWith("!").isNotBlank());
    }
}
