package org.cnnexplorer.data;

import org.cnnexplorer.data.DataException.Reason;
import org.cnnexplorer.io.AtomicFiles;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Reads and writes the gzip-compressed IDX files of MNIST and Fashion-MNIST
 * (format: http://yann.lecun.com/exdb/mnist/, section "FILE FORMATS").
 *
 * <p>An IDX file is a big-endian header, {@code 0x0000 0x08 ndims} ("unsigned byte" data), one int per dimension,
 * then the bytes. Images are {@code ndims = 3} (magic 2051, count × rows × cols), labels {@code ndims = 1}
 * (magic 2049, count). Everything the header claims is checked against what the file holds, so a corrupt,
 * truncated or swapped file fails here with a message naming it instead of somewhere deep in training.
 */
public final class Idx {
    public static final int IMAGES_MAGIC = 0x0000_0803;
    public static final int LABELS_MAGIC = 0x0000_0801;

    /** No real IDX image set comes near this; a forged header must not make us allocate gigabytes. */
    static final long MAX_BYTES = 1L << 30;

    private Idx() {
    }

    /** Images as stored: {@code count} images of {@code rows × cols} unsigned bytes, row-major, one after another. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
        public Images {
            if ((long) count * rows * cols != pixels.length) {
                throw new IllegalArgumentException("pixels hold " + pixels.length + " bytes, not "
                        + count + "×" + rows + "×" + cols);
            }
        }
    }

    public static Images readImages(Path file) {
        return (Images) read(file, true);
    }

    public static byte[] readLabels(Path file) {
        return (byte[]) read(file, false);
    }

    /** count·rows·cols, or a value over {@link #MAX_BYTES} when the product would not fit a long. */
    private static long sizeOrOverLimit(int count, int rows, int cols) {
        try {
            return Math.multiplyExact(Math.multiplyExact((long) count, rows), cols);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Reads images from a gzip (or raw) IDX stream; {@code name} is what error messages call it. The stream is
     * closed.
     */
    public static Images readImages(InputStream gz, String name) {
        return (Images) readStream(gz, name, true);
    }

    public static byte[] readLabels(InputStream gz, String name) {
        return (byte[]) readStream(gz, name, false);
    }

    private static Object read(Path file, boolean images) {
        String name = file.toString();
        if (!Files.exists(file)) {
            throw new DataException(Reason.MISSING, "data.error.missing", name);
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new DataException(Reason.UNREADABLE, "data.error.unreadable", name);
        }
        try {
            if (Files.size(file) == 0) {
                throw new DataException(Reason.EMPTY, "data.error.empty", name);
            }
            return readStream(Files.newInputStream(file), name, images);
        } catch (NoSuchFileException e) {
            throw new DataException(Reason.MISSING, e, "data.error.missing", name);
        } catch (AccessDeniedException e) {
            throw new DataException(Reason.UNREADABLE, e, "data.error.unreadable", name);
        } catch (IOException e) {
            throw new DataException(Reason.UNREADABLE, e, "data.error.unreadable", name);
        }
    }

    private static Object readStream(InputStream raw, String name, boolean images) {
        try (InputStream in = gunzip(raw, name)) {
            byte[] head = in.readNBytes(4);
            if (head.length < 4) {
                throw truncated(name, 4, head.length);
            }
            int magic = ByteBuffer.wrap(head).getInt();
            int expected = images ? IMAGES_MAGIC : LABELS_MAGIC;
            if (magic != expected) {
                throw new DataException(Reason.BAD_MAGIC, "data.error.idx.magic", name,
                        images ? 1 : 0, hex(magic), hex(expected));
            }
            int dims = images ? 3 : 1;
            byte[] dimBytes = in.readNBytes(4 * dims);
            if (dimBytes.length < 4 * dims) {
                throw truncated(name, 4 + 4L * dims, 4 + dimBytes.length);
            }
            ByteBuffer b = ByteBuffer.wrap(dimBytes);
            int count = b.getInt();
            int rows = images ? b.getInt() : 1;
            int cols = images ? b.getInt() : 1;
            // Three ints multiply past a long's range: a header of huge dimensions must not wrap round to a small size.
            long size = count <= 0 || rows <= 0 || cols <= 0 ? 0 : sizeOrOverLimit(count, rows, cols);
            if (size <= 0 || size > MAX_BYTES) {
                throw new DataException(Reason.BAD_HEADER, "data.error.idx.header", name,
                        images ? count + "×" + rows + "×" + cols : Integer.toString(count));
            }
            // readNBytes grows its buffer as data arrives, so a header that lies about the size costs nothing.
            byte[] data = in.readNBytes((int) size);
            if (data.length < size) {
                throw truncated(name, 4 + 4L * dims + size, 4 + 4L * dims + data.length);
            }
            if (in.read() != -1) {
                throw new DataException(Reason.TRAILING_DATA, "data.error.idx.trailing", name, size);
            }
            return images ? new Images(count, rows, cols, data) : data;
        } catch (EOFException e) {
            // GZIPInputStream's way of saying the compressed stream stopped early
            throw new DataException(Reason.TRUNCATED, e, "data.error.gzipTruncated", name);
        } catch (ZipException e) {
            throw new DataException(Reason.CORRUPT, e, "data.error.gzipCorrupt", name);
        } catch (IOException e) {
            throw new DataException(Reason.UNREADABLE, e, "data.error.unreadable", name);
        }
    }

    private static InputStream gunzip(InputStream raw, String name) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == -1) {
            in.close();
            throw new DataException(Reason.EMPTY, "data.error.empty", name);
        }
        if (b0 == 0x00 && b1 == 0x00) {
            return in; // an uncompressed IDX file, as some downloads unpack them
        }
        if (b0 != 0x1f || b1 != 0x8b) {
            in.close();
            throw new DataException(Reason.NOT_IDX, "data.error.notIdx", name);
        }
        return new GZIPInputStream(in, 1 << 16);
    }

    private static DataException truncated(String name, long expected, long found) {
        return new DataException(Reason.TRUNCATED, "data.error.truncated", name, expected, found);
    }

    private static String hex(int v) {
        return String.format("0x%08X", v);
    }

    /** Writes images as a gzip IDX file, atomically (temp file, then move). */
    public static void writeImages(Path file, Images images) throws IOException {
        write(file, IMAGES_MAGIC, new int[] {images.count(), images.rows(), images.cols()}, images.pixels());
    }

    public static void writeLabels(Path file, byte[] labels) throws IOException {
        write(file, LABELS_MAGIC, new int[] {labels.length}, labels);
    }

    /** The gzip bytes of an IDX file; Java's gzip header carries no time stamp, so equal input gives equal bytes. */
    static byte[] encode(int magic, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(data.length / 2 + 64);
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes, 1 << 16))) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private static void write(Path file, int magic, int[] dims, byte[] data) throws IOException {
        AtomicFiles.write(file, out -> out.write(encode(magic, dims, data)));
    }
}
