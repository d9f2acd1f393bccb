package org.cnnexplorer.data;

import org.cnnexplorer.data.DataException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class IdxTest {
    @TempDir
    Path dir;

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    private static byte[] idx(int magic, int[] dims, int dataBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(magic);
        for (int v : dims) {
            d.writeInt(v);
        }
        for (int i = 0; i < dataBytes; i++) {
            d.writeByte(i * 7);
        }
        return out.toByteArray();
    }

    private Path file(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private static DataException refused(Runnable r, Reason reason) {
        Throwable t = catchThrowable(r::run);
        assertThat(t).isInstanceOf(DataException.class);
        DataException e = (DataException) t;
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.message(Locale.ENGLISH)).doesNotContain("\n");
        assertThat(e.message(Locale.KOREAN)).isNotEqualTo(e.message(Locale.ENGLISH)).doesNotContain("data.");
        return e;
    }

    @Test
    void writtenImagesReadBackExactly() throws IOException {
        byte[] pixels = new byte[3 * 4 * 5];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 11);
        }
        Path p = dir.resolve("x-images.gz");
        Idx.writeImages(p, new Idx.Images(3, 4, 5, pixels));
        Idx.Images back = Idx.readImages(p);
        assertThat(back.count()).isEqualTo(3);
        assertThat(back.rows()).isEqualTo(4);
        assertThat(back.cols()).isEqualTo(5);
        assertThat(back.pixels()).isEqualTo(pixels);
        Idx.writeLabels(dir.resolve("l.gz"), new byte[] {1, 2, 9});
        assertThat(Idx.readLabels(dir.resolve("l.gz"))).containsExactly(1, 2, 9);
        assertThat(Files.list(dir)).noneMatch(f -> f.toString().endsWith(".tmp"));
    }

    @Test
    void uncompressedIdxIsAcceptedToo() throws IOException {
        Path p = file("raw-idx3-ubyte", idx(Idx.IMAGES_MAGIC, new int[] {2, 2, 2}, 8));
        assertThat(Idx.readImages(p).count()).isEqualTo(2);
    }

    @Test
    void labelsFileGivenAsImagesFileIsRefusedByMagicNumber() throws IOException {
        Path p = file("labels.gz", gzip(idx(Idx.LABELS_MAGIC, new int[] {10}, 10)));
        DataException e = refused(() -> Idx.readImages(p), Reason.BAD_MAGIC);
        assertThat(e.message(Locale.ENGLISH))
                .isEqualTo(p + ": not an IDX images file (magic number 0x00000801, expected 0x00000803)");
    }

    @Test
    void truncatedDataIsRefusedWithTheByteCounts() throws IOException {
        Path p = file("short.gz", gzip(idx(Idx.IMAGES_MAGIC, new int[] {100, 28, 28}, 10 * 784)));
        DataException e = refused(() -> Idx.readImages(p), Reason.TRUNCATED);
        assertThat(e.message(Locale.ENGLISH)).startsWith(p.toString()).contains("78,416").contains("7,856");
    }

    @Test
    void cutOffGzipStreamIsRefused() throws IOException {
        byte[] whole = gzip(idx(Idx.IMAGES_MAGIC, new int[] {100, 28, 28}, 100 * 784));
        Path p = file("cut.gz", Arrays.copyOf(whole, whole.length / 2));
        DataException e = refused(() -> Idx.readImages(p), Reason.TRUNCATED);
        assertThat(e.getMessage()).contains(p.toString());
    }

    @Test
    void corruptGzipIsRefused() throws IOException {
        byte[] whole = gzip(idx(Idx.IMAGES_MAGIC, new int[] {100, 28, 28}, 100 * 784));
        for (int i = 20; i < 60; i++) {
            whole[i] ^= 0x5A;
        }
        Path p = file("corrupt.gz", whole);
        Throwable t = catchThrowable(() -> Idx.readImages(p));
        assertThat(t).isInstanceOf(DataException.class);
        assertThat(((DataException) t).reason()).isIn(Reason.CORRUPT, Reason.TRUNCATED, Reason.BAD_MAGIC,
                Reason.BAD_HEADER);
        assertThat(t.getMessage()).contains(p.toString());
    }

    @Test
    void textFileIsNotIdx() throws IOException {
        Path p = file("notes.gz", "hello, this is not a data file".getBytes());
        refused(() -> Idx.readImages(p), Reason.NOT_IDX);
    }

    @Test
    void emptyAndMissingFilesAreNamed() throws IOException {
        Path empty = file("empty.gz", new byte[0]);
        assertThat(refused(() -> Idx.readLabels(empty), Reason.EMPTY).message(Locale.ENGLISH))
                .isEqualTo(empty + ": the file is empty");
        Path missing = dir.resolve("nope.gz");
        assertThat(refused(() -> Idx.readLabels(missing), Reason.MISSING).message(Locale.KOREAN))
                .isEqualTo(missing + ": 파일을 찾을 수 없습니다");
    }

    @Test
    void extraBytesAfterTheDataAreRefused() throws IOException {
        Path p = file("long.gz", gzip(idx(Idx.LABELS_MAGIC, new int[] {10}, 12)));
        refused(() -> Idx.readLabels(p), Reason.TRAILING_DATA);
    }

    @Test
    void headerClaimingGigabytesIsRefusedBeforeReading() throws IOException {
        Path p = file("huge.gz", gzip(idx(Idx.IMAGES_MAGIC, new int[] {Integer.MAX_VALUE, 28, 28}, 16)));
        refused(() -> Idx.readImages(p), Reason.BAD_HEADER);
        Path negative = file("neg.gz", gzip(idx(Idx.IMAGES_MAGIC, new int[] {-5, 28, 28}, 16)));
        refused(() -> Idx.readImages(negative), Reason.BAD_HEADER);
    }

    @Test
    void fashionMnistFolderWithMismatchedCountsOrBadLabelsIsRefused() throws IOException {
        Idx.writeImages(dir.resolve(FashionMnist.TEST_IMAGES), new Idx.Images(3, 28, 28, new byte[3 * 784]));
        Idx.writeLabels(dir.resolve(FashionMnist.TEST_LABELS), new byte[] {1, 2});
        assertThat(refused(() -> FashionMnist.load(FashionMnist.folder(dir), Split.TEST), Reason.MISMATCH)
                .message(Locale.ENGLISH)).contains(FashionMnist.TEST_IMAGES).contains(FashionMnist.TEST_LABELS);
        Idx.writeLabels(dir.resolve(FashionMnist.TEST_LABELS), new byte[] {1, 2, 12});
        // the labels file is the one at fault, and the message names it, not the images file
        assertThat(refused(() -> FashionMnist.load(FashionMnist.folder(dir), Split.TEST), Reason.BAD_LABEL)
                .message(Locale.ENGLISH)).startsWith(dir.resolve(FashionMnist.TEST_LABELS).toString())
                .doesNotContain(FashionMnist.TEST_IMAGES);
        Idx.writeImages(dir.resolve(FashionMnist.TEST_IMAGES), new Idx.Images(3, 32, 32, new byte[3 * 1024]));
        refused(() -> FashionMnist.load(FashionMnist.folder(dir), Split.TEST), Reason.MISMATCH);
    }
}
