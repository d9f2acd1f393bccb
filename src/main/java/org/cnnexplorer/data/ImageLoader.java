package org.cnnexplorer.data;

import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import org.cnnexplorer.data.DataException.Reason;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes the pictures users actually have, or refuses them with one clear line.
 *
 * <p>The format is found from the file's content (ImageIO's reader sniffing), so a JPEG named {@code .png} or a
 * {@code PHOTO.JPG} both work. The reader is asked for the image's dimensions first: a decompression bomb (a few
 * kilobytes whose header claims 60000×60000) is refused before any pixel buffer exists, and a large photo is
 * decoded with source subsampling to about {@link #DEFAULT_TARGET_PIXELS}, which no network input needs more of.
 * CMYK/YCCK JPEGs are decoded by the TwelveMonkeys JPEG plugin (JDK ImageIO cannot); GIFs give their first
 * frame; JPEGs are turned upright by their EXIF orientation, as phone photos need. Instances are immutable and
 * may be shared between threads.
 */
public final class ImageLoader {
    /** Larger claims are refused: more than any camera makes, and beyond what can be decoded in a second or two. */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
    /** Larger images are subsampled while decoding to about this many pixels (2,000 × 2,000). */
    public static final long DEFAULT_TARGET_PIXELS = 4_000_000L;
    public static final long MAX_FILE_BYTES = 256L << 20;

    private final long maxPixels;
    private final long targetPixels;

    public ImageLoader() {
        this(DEFAULT_MAX_PIXELS, DEFAULT_TARGET_PIXELS);
    }

    public ImageLoader(long maxPixels, long targetPixels) {
        if (maxPixels <= 0 || targetPixels <= 0) {
            throw new IllegalArgumentException("pixel limits must be positive");
        }
        this.maxPixels = maxPixels;
        this.targetPixels = targetPixels;
    }

    public long maxPixels() {
        return maxPixels;
    }

    /** Size and format of an image file from its header alone, with the same checks and messages as {@link #load}. */
    public record Header(String format, int width, int height) {
    }

    public Header probe(Path file) {
        String name = file.toString();
        checkFile(file, name);
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            ImageReader reader = reader(in, name);
            try {
                reader.setInput(in, true, true);
                return header(reader, name);
            } catch (IOException | RuntimeException e) {
                throw rethrow(e, name, format(reader));
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new DataException(Reason.UNREADABLE, e, "data.error.unreadable", name);
        }
    }

    public LoadedImage load(Path file) {
        String name = file.toString();
        checkFile(file, name);
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            return decode(in, name);
        } catch (IOException e) {
            throw new DataException(Reason.UNREADABLE, e, "data.error.unreadable", name);
        }
    }

    /** Decodes an encoded image held in memory (a paste, a drag from a browser); {@code name} is for messages. */
    public LoadedImage load(byte[] encoded, String name) {
        if (encoded.length == 0) {
            throw new DataException(Reason.EMPTY, "data.error.empty", name);
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            return decode(in, name);
        } catch (IOException e) {
            throw new DataException(Reason.UNREADABLE, e, "data.error.unreadable", name);
        }
    }

    /**
     * An image that is already decoded (the clipboard's {@code java.awt.Image} drawn into a BufferedImage, or a
     * JavaFX image through {@code SwingFXUtils.fromFXImage}); large ones are subsampled like decoded files.
     */
    public LoadedImage fromImage(BufferedImage image, String name) {
        int w = image.getWidth();
        int h = image.getHeight();
        if ((long) w * h > maxPixels) {
            throw new DataException(Reason.TOO_LARGE, "data.image.tooLarge", name, w, h, maxPixels / 1_000_000);
        }
        int s = subsampling(w, h);
        BufferedImage argb = toArgb(image);
        if (s > 1) {
            argb = subsample(argb, s);
        }
        return new LoadedImage(name, "memory", w, h, s, 1, argb);
    }

    /** Pixels as 0xAARRGGBB, row-major (e.g. from JavaFX's {@code PixelReader.getPixels} in ARGB format). */
    public LoadedImage fromArgb(int width, int height, int[] argb, String name) {
        if (width <= 0 || height <= 0 || (long) width * height != argb.length) {
            throw new DataException(Reason.BAD_HEADER, "data.image.badSize", name, width, height);
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(0, 0, width, height, argb, 0, width);
        return fromImage(image, name);
    }

    private static void checkFile(Path file, String name) {
        if (!Files.exists(file)) {
            throw new DataException(Reason.MISSING, "data.error.missing", name);
        }
        if (Files.isDirectory(file)) {
            throw new DataException(Reason.UNREADABLE, "data.error.image.folder", name);
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new DataException(Reason.UNREADABLE, "data.error.unreadable", name);
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new DataException(Reason.UNREADABLE, e, "data.error.unreadable", name);
        }
        if (size == 0) {
            throw new DataException(Reason.EMPTY, "data.error.empty", name);
        }
        if (size > MAX_FILE_BYTES) {
            throw new DataException(Reason.TOO_BIG_FILE, "data.image.tooBigFile", name, size >> 20,
                    MAX_FILE_BYTES >> 20);
        }
    }

    private LoadedImage decode(ImageInputStream in, String name) {
        ImageReader reader = reader(in, name);
        String format = format(reader);
        List<String> warnings = new ArrayList<>();
        try {
            int orientation = format.equals("jpeg") ? exifOrientation(in) : 1;
            reader.setInput(in, true, true);
            Header header = header(reader, name);
            int s = subsampling(header.width(), header.height());
            ImageReadParam param = reader.getDefaultReadParam();
            if (s > 1) {
                param.setSourceSubsampling(s, s, 0, 0);
            }
            reader.addIIOReadWarningListener((IIOReadWarningListener) (r, warning) -> warnings.add(warning));
            BufferedImage decoded = reader.read(0, param);
            // The JPEG decoder fills a cut-off file with grey and only warns; a half-grey picture is not the user's
            if (warnings.stream().anyMatch(w -> w.toLowerCase(Locale.ROOT).contains("premature end"))) {
                throw new DataException(Reason.CORRUPT, "data.image.corrupt", name, format);
            }
            return new LoadedImage(name, format, header.width(), header.height(), s, orientation,
                    orient(toArgb(decoded), orientation));
        } catch (IOException | RuntimeException e) {
            throw rethrow(e, name, format);
        } finally {
            reader.dispose();
        }
    }

    /** The formats the loader promises; the message for anything else says so. */
    private static final Set<String> FORMATS = Set.of("png", "jpeg", "gif", "bmp");

    /**
     * A reader for one of {@link #FORMATS}, chosen among the providers before any is instantiated: other plugins on
     * the class path (jai-imageio's PNM reader, on any file starting "P6") fail in their own static initialiser on
     * Java 17.
     */
    private static ImageReader reader(ImageInputStream in, String name) {
        Iterator<ImageReaderSpi> providers = IIORegistry.getDefaultInstance()
                .getServiceProviders(ImageReaderSpi.class, true);
        try {
            while (providers.hasNext()) {
                ImageReaderSpi spi = providers.next();
                boolean ours = Arrays.stream(spi.getFormatNames())
                        .anyMatch(f -> FORMATS.contains(f.toLowerCase(Locale.ROOT)));
                if (ours && spi.canDecodeInput(in)) {
                    return spi.createReaderInstance();
                }
            }
        } catch (IOException e) {
            throw new DataException(Reason.NOT_AN_IMAGE, "data.image.notImage", name);
        }
        throw new DataException(Reason.NOT_AN_IMAGE, "data.image.notImage", name);
    }

    private Header header(ImageReader reader, String name) throws IOException {
        // Both calls read only the header (PNG: IHDR; JPEG: up to SOF; GIF: the logical screen and first frame).
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        if (w <= 0 || h <= 0) {
            throw new DataException(Reason.BAD_HEADER, "data.image.badSize", name, w, h);
        }
        if ((long) w * h > maxPixels) {
            throw new DataException(Reason.TOO_LARGE, "data.image.tooLarge", name, w, h, maxPixels / 1_000_000);
        }
        return new Header(format(reader), w, h);
    }

    private static String format(ImageReader reader) {
        try {
            return reader.getFormatName().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            return "image";
        }
    }

    private static DataException rethrow(Exception e, String name, String format) {
        if (e instanceof DataException d) {
            return d;
        }
        // Decoders report damage with IIOException, EOFException, or plain runtime exceptions (index out of bounds,
        // "Unsupported Image Type"): to the user all of these mean the same thing.
        return new DataException(Reason.CORRUPT, e, "data.image.corrupt", name, format);
    }

    /**
     * The EXIF orientation tag of a JPEG (1 when there is none or it cannot be read: a damaged APP1 segment must not
     * stop the picture from loading). Leaves the stream where it was.
     */
    static int exifOrientation(ImageInputStream in) {
        try {
            in.mark();
            try {
                List<JPEGSegment> exif = JPEGSegmentUtil.readSegments(in, JPEG.APP1, "Exif");
                if (exif.isEmpty()) {
                    return 1;
                }
                InputStream data = exif.get(0).data();
                if (data.read() == -1) { // the pad byte after "Exif\0"
                    return 1;
                }
                try (ImageInputStream tiff = new MemoryCacheImageInputStream(data)) {
                    Directory ifd0 = new TIFFReader().read(tiff);
                    Entry entry = ifd0.getEntryById(TIFF.TAG_ORIENTATION);
                    if (entry == null || !(entry.getValue() instanceof Number n)) {
                        return 1;
                    }
                    int value = n.intValue();
                    return value >= 1 && value <= 8 ? value : 1;
                }
            } finally {
                in.reset();
            }
        } catch (IOException | RuntimeException e) {
            return 1;
        }
    }

    /** Turns an image the way EXIF orientation {@code o} says the camera was held (TIFF 6.0 tag 274). */
    static BufferedImage orient(BufferedImage src, int o) {
        if (o <= 1 || o > 8) {
            return src;
        }
        int w = src.getWidth();
        int h = src.getHeight();
        boolean swap = o >= 5;
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_ARGB);
        int[] in = src.getRGB(0, 0, w, h, null, 0, w);
        int ow = out.getWidth();
        int[] px = new int[in.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int dx;
                int dy;
                switch (o) {
                    case 2 -> { dx = w - 1 - x; dy = y; }
                    case 3 -> { dx = w - 1 - x; dy = h - 1 - y; }
                    case 4 -> { dx = x; dy = h - 1 - y; }
                    case 5 -> { dx = y; dy = x; }
                    case 6 -> { dx = h - 1 - y; dy = x; }
                    case 7 -> { dx = h - 1 - y; dy = w - 1 - x; }
                    default -> { dx = y; dy = w - 1 - x; }
                }
                px[dy * ow + dx] = in[y * w + x];
            }
        }
        out.setRGB(0, 0, ow, out.getHeight(), px, 0, ow);
        return out;
    }

    /** The smallest n for which (w/n)·(h/n) is at most the target. */
    int subsampling(int w, int h) {
        long pixels = (long) w * h;
        if (pixels <= targetPixels) {
            return 1;
        }
        int s = (int) Math.ceil(Math.sqrt((double) pixels / targetPixels));
        while ((long) ceilDiv(w, s) * ceilDiv(h, s) > targetPixels) {
            s++;
        }
        return s;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static BufferedImage subsample(BufferedImage argb, int s) {
        int w = ceilDiv(argb.getWidth(), s);
        int h = ceilDiv(argb.getHeight(), s);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, argb.getRGB(x * s, y * s));
            }
        }
        return out;
    }

    /**
     * Converts any decoded image to sRGB ARGB. Grayscale images are read from their samples directly: Java's
     * gray colour space is linear, and its own conversion would brighten every gray PNG.
     */
    static BufferedImage toArgb(BufferedImage src) {
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        ColorModel cm = src.getColorModel();
        int[] rgb = new int[w * h];
        if (!(cm instanceof IndexColorModel) && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            Raster raster = src.getRaster();
            boolean alpha = cm.hasAlpha() && raster.getNumBands() > 1;
            int grayMax = (1 << cm.getComponentSize(0)) - 1;
            int alphaMax = alpha ? (1 << cm.getComponentSize(1)) - 1 : 1;
            int[] gray = raster.getSamples(0, 0, w, h, 0, (int[]) null);
            int[] a = alpha ? raster.getSamples(0, 0, w, h, 1, (int[]) null) : null;
            for (int i = 0; i < rgb.length; i++) {
                int g = (int) ((gray[i] * 255L + grayMax / 2) / grayMax);
                int av = alpha ? (int) ((a[i] * 255L + alphaMax / 2) / alphaMax) : 255;
                rgb[i] = av << 24 | g << 16 | g << 8 | g;
            }
        } else {
            src.getRGB(0, 0, w, h, rgb, 0, w);
        }
        out.setRGB(0, 0, w, h, rgb, 0, w);
        return out;
    }
}
