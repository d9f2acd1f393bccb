package org.cnnexplorer.data;

import com.sun.management.ThreadMXBean;
import org.cnnexplorer.data.DataException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ImageLoaderTest {
    private final ImageLoader loader = new ImageLoader();

    @TempDir
    Path dir;

    private static int red(int argb) {
        return argb >> 16 & 0xFF;
    }

    private static int green(int argb) {
        return argb >> 8 & 0xFF;
    }

    private static int blue(int argb) {
        return argb & 0xFF;
    }

    private static int alpha(int argb) {
        return argb >>> 24;
    }

    private DataException refused(Path file, Reason reason) {
        Throwable t = catchThrowable(() -> loader.load(file));
        assertThat(t).isInstanceOf(DataException.class);
        DataException e = (DataException) t;
        assertThat(e.reason()).isEqualTo(reason);
        String line = e.message(Locale.ENGLISH);
        assertThat(line).startsWith(file.toString()).doesNotContain("\n").doesNotContain("Exception");
        assertThat(e.message(Locale.KOREAN)).startsWith(file.toString()).isNotEqualTo(line);
        return e;
    }

    @Test
    void sixteenBitGrayPngKeepsItsLevelsWithoutGammaShift() throws IOException {
        Path f = TestImages.write(TestImages.gray16(40, 30, 32896), "png", dir.resolve("gray16.png"));
        assertThat(Files.readAllBytes(f)[24]).as("IHDR bit depth").isEqualTo((byte) 16);
        LoadedImage img = loader.load(f);
        assertThat(img.format()).isEqualTo("png");
        assertThat(img.decodedWidth()).isEqualTo(40);
        assertThat(img.decodedHeight()).isEqualTo(30);
        int p = img.argb()[123];
        // 32896 / 65535 · 255 = 128; Java's linear-gray conversion would have made it about 188
        assertThat(red(p)).isEqualTo(128);
        assertThat(green(p)).isEqualTo(128);
        assertThat(alpha(p)).isEqualTo(255);
    }

    @Test
    void palettePngWithTransparencyDecodes() throws IOException {
        Path f = TestImages.write(TestImages.palette(8, 2), "png", dir.resolve("palette.png"));
        assertThat(Files.readAllBytes(f)[25]).as("IHDR colour type: palette").isEqualTo((byte) 3);
        int[] px = loader.load(f).argb();
        assertThat(red(px[0])).isEqualTo(255);
        assertThat(green(px[1])).isEqualTo(255);
        assertThat(blue(px[2])).isEqualTo(255);
        assertThat(alpha(px[3])).isZero();
        assertThat(alpha(px[0])).isEqualTo(255);
    }

    @Test
    void rgbaPngKeepsAlpha() throws IOException {
        BufferedImage img = new BufferedImage(5, 5, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(1, 1, 0x80FF0000);
        Path f = TestImages.write(img, "png", dir.resolve("alpha.png"));
        int[] px = loader.load(f).argb();
        assertThat(alpha(px[6])).isEqualTo(0x80);
        assertThat(red(px[6])).isEqualTo(255);
        assertThat(alpha(px[0])).isZero();
    }

    @Test
    void baselineAndProgressiveJpegDecode() throws IOException {
        Path baseline = TestImages.jpeg(TestImages.photo(320, 200), dir.resolve("base.jpg"), false);
        Path progressive = TestImages.jpeg(TestImages.photo(320, 200), dir.resolve("prog.jpeg"), true);
        assertThat(containsMarker(Files.readAllBytes(progressive), 0xC2)).as("SOF2 progressive").isTrue();
        assertThat(containsMarker(Files.readAllBytes(baseline), 0xC2)).isFalse();
        for (Path f : new Path[] {baseline, progressive}) {
            LoadedImage img = loader.load(f);
            assertThat(img.format()).isEqualTo("jpeg");
            assertThat(img.decodedWidth()).isEqualTo(320);
            assertThat(img.decodedHeight()).isEqualTo(200);
            int centre = img.argb()[100 * 320 + 160];
            assertThat(red(centre)).isLessThan(70); // the dark disc
        }
    }

    @Test
    void cmykJpegDecodesThroughTwelveMonkeys() throws IOException {
        Path f = TestImages.cmykJpeg(64, 32, dir.resolve("cmyk.jpg"));
        byte[] bytes = Files.readAllBytes(f);
        assertThat(sofComponents(bytes)).as("components in SOF").isEqualTo(4);
        assertThat(ImageIO.getImageReadersByFormatName("jpeg").next().getClass().getName())
                .as("the first JPEG reader, which ImageLoader gets").startsWith("com.twelvemonkeys.");
        LoadedImage img = loader.load(f);
        assertThat(img.decodedWidth()).isEqualTo(64);
        int[] px = img.argb();
        int left = px[16 * 64 + 8];
        int right = px[16 * 64 + 56];
        assertThat(img.format()).isEqualTo("jpeg");
        assertThat(green(left)).as("paper").isGreaterThan(220);
        assertThat(red(left)).isGreaterThan(220);
        assertThat(green(right)).as("all inks").isLessThan(60);
    }

    @Test
    void phonePhotoIsTurnedUprightByItsExifOrientation() throws IOException {
        // landscape pixels, left half dark; EXIF 6 says "rotate 90° clockwise to view"
        BufferedImage img = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 40; x++) {
                img.setRGB(x, y, x < 20 ? 0x101010 : 0xF0F0F0);
            }
        }
        byte[] plain = Files.readAllBytes(TestImages.jpeg(img, dir.resolve("plain.jpg"), false));
        Path rotated = TestImages.bytes(dir.resolve("phone.jpg"), TestImages.withExifOrientation(plain, 6));
        LoadedImage upright = loader.load(rotated);
        assertThat(upright.orientation()).isEqualTo(6);
        assertThat(upright.decodedWidth()).isEqualTo(20);
        assertThat(upright.decodedHeight()).isEqualTo(40);
        int[] px = upright.argb();
        assertThat(red(px[5 * 20 + 10])).as("top: the dark left side").isLessThan(60);
        assertThat(red(px[35 * 20 + 10])).as("bottom").isGreaterThan(200);
        assertThat(Preprocessor.apply(upright, InputSpec.fashionMnist()).stepIds()).contains("orient");

        LoadedImage asStored = loader.load(TestImages.bytes(dir.resolve("no-exif.jpg"), plain));
        assertThat(asStored.orientation()).isEqualTo(1);
        assertThat(asStored.decodedWidth()).isEqualTo(40);
    }

    @Test
    void everyExifOrientationMapsTheCornersLikeTheTiffSpecSays() {
        BufferedImage src = new BufferedImage(3, 2, BufferedImage.TYPE_INT_ARGB);
        src.setRGB(0, 0, 0xFF000001); // top-left marker
        // where the stored top-left pixel must end up, for orientations 1..8
        int[][] expected = {{0, 0}, {2, 0}, {2, 1}, {0, 1}, {0, 0}, {1, 0}, {1, 2}, {0, 2}};
        for (int o = 1; o <= 8; o++) {
            BufferedImage out = ImageLoader.orient(src, o);
            assertThat(out.getWidth()).isEqualTo(o >= 5 ? 2 : 3);
            assertThat(out.getRGB(expected[o - 1][0], expected[o - 1][1])).as("orientation " + o)
                    .isEqualTo(0xFF000001);
        }
    }

    @Test
    void gifGivesItsFirstFrame() throws IOException {
        Path f = TestImages.twoFrameGif(dir.resolve("anim.gif"));
        LoadedImage img = loader.load(f);
        assertThat(img.format()).isEqualTo("gif");
        int p = img.argb()[0];
        assertThat(red(p)).isGreaterThan(200);
        assertThat(blue(p)).isLessThan(50);
    }

    @Test
    void bmpAndUpperCaseExtensionsDecode() throws IOException {
        Path bmp = TestImages.write(TestImages.photo(33, 17), "bmp", dir.resolve("SCAN.BMP"));
        assertThat(loader.load(bmp).decodedWidth()).isEqualTo(33);
        Path jpg = TestImages.jpeg(TestImages.photo(50, 40), dir.resolve("PHOTO.JPG"), false);
        assertThat(loader.load(jpg).decodedHeight()).isEqualTo(40);
    }

    @Test
    void formatIsFoundFromContentNotFromTheName() throws IOException {
        Path f = TestImages.jpeg(TestImages.photo(64, 48), dir.resolve("really-a-jpeg.png"), false);
        LoadedImage img = loader.load(f);
        assertThat(img.format()).isEqualTo("jpeg");
        assertThat(img.decodedWidth()).isEqualTo(64);
    }

    @Test
    void onePixelAndExtremeAspectRatiosDecode() throws IOException {
        BufferedImage one = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        one.setRGB(0, 0, 0x123456);
        LoadedImage a = loader.load(TestImages.write(one, "png", dir.resolve("dot.png")));
        assertThat(a.argb()).containsExactly(0xFF123456);
        LoadedImage tall = loader.load(TestImages.write(TestImages.photo(1, 5000), "png", dir.resolve("strip.png")));
        assertThat(tall.decodedWidth()).isEqualTo(1);
        assertThat(tall.decodedHeight()).isEqualTo(5000);
        LoadedImage wide = loader.load(TestImages.write(TestImages.photo(5000, 1), "png", dir.resolve("line.png")));
        assertThat(wide.decodedWidth()).isEqualTo(5000);
    }

    @Test
    void largePhotoIsSubsampledWhileDecoding() throws IOException {
        Path f = TestImages.jpeg(TestImages.photo(6000, 4000), dir.resolve("camera.jpg"), false);
        ImageLoader.Header header = loader.probe(f);
        assertThat(header.width()).isEqualTo(6000);
        assertThat(header.height()).isEqualTo(4000);
        LoadedImage img = loader.load(f);
        assertThat(img.width()).isEqualTo(6000);
        assertThat(img.height()).isEqualTo(4000);
        assertThat(img.subsampling()).isEqualTo(3);
        assertThat(img.decodedWidth()).isEqualTo(2000);
        assertThat(img.decodedHeight()).isEqualTo(1334);
        assertThat((long) img.decodedWidth() * img.decodedHeight()).isLessThanOrEqualTo(
                ImageLoader.DEFAULT_TARGET_PIXELS);
        assertThat(red(img.argb()[667 * 2000 + 1000])).isLessThan(70);
    }

    @Test
    void decompressionBombIsRefusedFromItsHeaderWithoutAllocatingIt() throws IOException {
        byte[] bomb = TestImages.bombPng(60000, 60000);
        assertThat(bomb.length).isLessThan(1000);
        Path f = TestImages.bytes(dir.resolve("bomb.png"), bomb);

        var threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        loader.probe(TestImages.bytes(dir.resolve("warm.png"), pngBytes(TestImages.photo(4, 4))));
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        DataException e = refused(f, Reason.TOO_LARGE);
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;

        assertThat(e.message(Locale.ENGLISH)).isEqualTo(f + ": the image claims 60,000×60,000 pixels,"
                + " over the limit of 100 megapixels; refused without decoding");
        // decoding would need 60000·60000·3 bytes = 10.8 GB; refusing it from the header costs a few kilobytes
        assertThat(allocated).isLessThan(16L << 20);
        assertThat(catchThrowable(() -> loader.probe(f))).isInstanceOf(DataException.class);
        assertThat(catchThrowable(() -> loader.load(bomb, "pasted"))).isInstanceOfSatisfying(DataException.class,
                x -> assertThat(x.reason()).isEqualTo(Reason.TOO_LARGE));
    }

    @Test
    void emptyTextTruncatedAndMissingFilesAreRefusedWithOneLine() throws IOException {
        assertThat(refused(TestImages.bytes(dir.resolve("empty.png"), new byte[0]), Reason.EMPTY)
                .message(Locale.ENGLISH)).endsWith(": the file is empty");
        Path text = TestImages.bytes(dir.resolve("notes.jpg"), "just some words\n".getBytes(StandardCharsets.UTF_8));
        assertThat(refused(text, Reason.NOT_AN_IMAGE).message(Locale.ENGLISH))
                .isEqualTo(text + ": not an image file (PNG, JPEG, GIF and BMP can be read)");
        // a PNM header: another format on the class path, whose reader fails in its static initialiser on Java 17
        refused(TestImages.bytes(dir.resolve("p6.ppm"), "P6".getBytes(StandardCharsets.US_ASCII)), Reason.NOT_AN_IMAGE);

        byte[] png = pngBytes(TestImages.photo(200, 150));
        Path cutPng = TestImages.bytes(dir.resolve("cut.png"), Arrays.copyOf(png, png.length * 3 / 5));
        assertThat(refused(cutPng, Reason.CORRUPT).message(Locale.ENGLISH))
                .isEqualTo(cutPng + ": the png image is corrupt or truncated and cannot be decoded");
        byte[] damaged = png.clone();
        Arrays.fill(damaged, png.length / 3, png.length / 3 + 64, (byte) 0xFF); // inside the IDAT deflate stream
        refused(TestImages.bytes(dir.resolve("damaged.png"), damaged), Reason.CORRUPT);
        Path cutHeader = TestImages.bytes(dir.resolve("cut-header.png"), Arrays.copyOf(png, 20));
        refused(cutHeader, Reason.CORRUPT);

        Path jpg = TestImages.jpeg(TestImages.photo(200, 150), dir.resolve("whole.jpg"), false);
        byte[] jpeg = Files.readAllBytes(jpg);
        Path cutJpeg = TestImages.bytes(dir.resolve("cut.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
        refused(cutJpeg, Reason.CORRUPT);

        refused(dir.resolve("missing.png"), Reason.MISSING);
        assertThat(refused(dir, Reason.UNREADABLE).message(Locale.ENGLISH))
                .isEqualTo(dir + ": a folder, not a picture file");
    }

    @Test
    void inMemoryImagesFromTheClipboardPath() throws IOException {
        LoadedImage fromBytes = loader.load(pngBytes(TestImages.photo(30, 20)), "clipboard");
        assertThat(fromBytes.source()).isEqualTo("clipboard");
        assertThat(fromBytes.decodedWidth()).isEqualTo(30);

        BufferedImage big = TestImages.photo(3000, 3000);
        LoadedImage fromImage = loader.fromImage(big, "clipboard");
        assertThat(fromImage.subsampling()).isEqualTo(2);
        assertThat(fromImage.decodedWidth()).isEqualTo(1500);
        assertThat(fromImage.argb()[0] & 0xFFFFFF).isEqualTo(big.getRGB(0, 0) & 0xFFFFFF);

        int[] argb = {0xFF000000, 0xFFFFFFFF, 0x00FFFFFF, 0xFF00FF00};
        assertThat(loader.fromArgb(2, 2, argb, "fx").argb()).containsExactly(argb);
        assertThat(catchThrowable(() -> loader.fromArgb(3, 2, argb, "fx"))).isInstanceOf(DataException.class);
        assertThat(catchThrowable(() -> loader.load(new byte[0], "clipboard"))).isInstanceOf(DataException.class);
    }

    private static byte[] pngBytes(BufferedImage img) throws IOException {
        var out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static boolean containsMarker(byte[] jpeg, int marker) {
        for (int i = 0; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == marker) {
                return true;
            }
        }
        return false;
    }

    /** Number of colour components in the first SOFn segment. */
    private static int sofComponents(byte[] jpeg) {
        int i = 2;
        while (i + 9 < jpeg.length) {
            int marker = jpeg[i + 1] & 0xFF;
            int length = (jpeg[i + 2] & 0xFF) << 8 | (jpeg[i + 3] & 0xFF);
            if (marker >= 0xC0 && marker <= 0xC3) {
                return jpeg[i + 9] & 0xFF;
            }
            i += 2 + length;
        }
        return -1;
    }
}
