package org.cnnexplorer.data;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageOutputStream;

/** Makes the awkward image files users have, in the test, from nothing. */
final class TestImages {
    private TestImages() {
    }

    /** A photo-like RGB picture: smooth gradients plus a dark disc, so JPEG has something to compress. */
    static BufferedImage photo(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        int cx = w / 2;
        int cy = h / 2;
        long r2 = (long) Math.min(w, h) * Math.min(w, h) / 16;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                boolean disc = (long) (x - cx) * (x - cx) + (long) (y - cy) * (y - cy) < r2;
                data[i] = (byte) (disc ? 20 : 128 + 100 * y / h);        // blue
                data[i + 1] = (byte) (disc ? 20 : 180 - 60 * x / w);     // green
                data[i + 2] = (byte) (disc ? 30 : 200 + 50 * x / w);     // red
            }
        }
        return img;
    }

    /**
     * A product shot as a phone takes it: a dark boot-like shape (bounding box x 300..550, y 150..420) on a
     * light backdrop shaded from one corner to the other, with ±12 levels of noise, as a JPEG.
     */
    static Path shadedPhoto(Path file) throws IOException {
        int w = 800;
        int h = 600;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(235, 232, 225), w, h,
                new Color(200, 198, 190)));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(60, 40, 30));
        g.fillRect(300, 150, 110, 250);
        g.fillRect(300, 325, 250, 75);
        g.setColor(new Color(30, 30, 30));
        g.fillRect(300, 400, 250, 20);
        g.dispose();
        Random random = new Random(3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = img.getRGB(x, y);
                int n = random.nextInt(25) - 12;
                int r = Math.max(0, Math.min(255, (v >> 16 & 255) + n));
                int gr = Math.max(0, Math.min(255, (v >> 8 & 255) + n));
                int b = Math.max(0, Math.min(255, (v & 255) + n));
                img.setRGB(x, y, r << 16 | gr << 8 | b);
            }
        }
        return jpeg(img, file, false);
    }

    static Path write(BufferedImage img, String format, Path file) throws IOException {
        if (!ImageIO.write(img, format, file.toFile())) {
            throw new IOException("no " + format + " writer for " + img);
        }
        return file;
    }

    static Path jpeg(BufferedImage img, Path file, boolean progressive) throws IOException {
        ImageWriter writer = jdkJpegWriter();
        ImageWriteParam param = writer.getDefaultWriteParam();
        if (progressive) {
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
        return file;
    }

    /**
     * A 4-component CMYK JPEG as Photoshop writes them: the left half without ink, the right half all four inks.
     * The JDK's writer stores a 4-band raster as is but without the Adobe APP14 segment that says "CMYK", so one
     * is inserted after SOI (version 100, transform 0 = CMYK, no YCC conversion). JDK ImageIO cannot read such a
     * file ("Unsupported Image Type"); TwelveMonkeys converts it to RGB.
     */
    static Path cmykJpeg(int w, int h, Path file) throws IOException {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // Adobe CMYK JPEGs store ink inverted: 255 = no ink (paper), 0 = full ink
                int v = x < w / 2 ? 255 : 0;
                raster.setPixel(x, y, new int[] {v, v, v, v});
            }
        }
        ImageWriter writer = jdkJpegWriter();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
        } finally {
            writer.dispose();
        }
        byte[] jpeg = Files.readAllBytes(file);
        byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        byte[] out = new byte[jpeg.length + adobe.length];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(adobe, 0, out, 2, adobe.length);
        System.arraycopy(jpeg, 2, out, 2 + adobe.length, jpeg.length - 2);
        Files.write(file, out);
        return file;
    }

    /** Inserts an APP1 EXIF segment with only an orientation tag (big-endian TIFF) right after SOI. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) throws IOException {
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        DataOutputStream t = new DataOutputStream(tiff);
        t.write(new byte[] {'M', 'M', 0, 42});
        t.writeInt(8);          // IFD0 right after the header
        t.writeShort(1);        // one entry
        t.writeShort(0x0112);   // Orientation
        t.writeShort(3);        // SHORT
        t.writeInt(1);          // count
        t.writeShort(orientation);
        t.writeShort(0);        // value padded to 4 bytes
        t.writeInt(0);          // no next IFD
        byte[] body = tiff.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(out);
        d.write(jpeg, 0, 2);
        d.writeShort(0xFFE1);
        d.writeShort(2 + 6 + body.length);
        d.write(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        d.write(body);
        d.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** The JDK's own JPEG writer (TwelveMonkeys' delegates to it anyway), for predictable files. */
    static ImageWriter jdkJpegWriter() {
        var it = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter fallback = null;
        while (it.hasNext()) {
            ImageWriter w = it.next();
            if (w.getClass().getName().startsWith("com.sun.")) {
                return w;
            }
            fallback = w;
        }
        return fallback;
    }

    /** A 2-frame GIF: frame 0 red, frame 1 blue. */
    static Path twoFrameGif(Path file) throws IOException {
        BufferedImage red = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        BufferedImage blue = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                red.setRGB(x, y, 0xFF0000);
                blue.setRGB(x, y, 0x0000FF);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (BufferedImage frame : new BufferedImage[] {red, blue}) {
                IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame),
                        null);
                writer.writeToSequence(new IIOImage(frame, null, meta), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return file;
    }

    /** 16-bit grayscale, every pixel {@code value} (0..65535). */
    static BufferedImage gray16(int w, int h, int value) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.setSample(x, y, 0, value);
            }
        }
        return img;
    }

    /** A 4-colour palette image with a fully transparent colour 3: columns cycle through the palette. */
    static BufferedImage palette(int w, int h) {
        byte[] r = {(byte) 255, 0, 0, 0};
        byte[] g = {0, (byte) 255, 0, 0};
        byte[] b = {0, 0, (byte) 255, 0};
        IndexColorModel cm = new IndexColorModel(2, 4, r, g, b, 3);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY, cm);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, x % 4);
            }
        }
        return img;
    }

    /**
     * A valid-looking PNG of a few hundred bytes whose IHDR claims {@code w × h} RGB pixels: the chunk CRCs are
     * right, and the IDAT holds a few rows of real deflate data, so only the size gives it away.
     */
    static byte[] bombPng(int w, int h) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(out);
        d.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream i = new DataOutputStream(ihdr);
        i.writeInt(w);
        i.writeInt(h);
        i.write(new byte[] {8, 2, 0, 0, 0}); // 8-bit, truecolour, deflate, adaptive filter, no interlace
        chunk(d, "IHDR", ihdr.toByteArray());
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(9))) {
            z.write(new byte[3 * w + 1]); // one row of zeros
        }
        chunk(d, "IDAT", idat.toByteArray());
        chunk(d, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(DataOutputStream d, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        d.writeInt(data.length);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }

    static Path bytes(Path file, byte[] content) throws IOException {
        Files.write(file, content);
        return file;
    }
}
