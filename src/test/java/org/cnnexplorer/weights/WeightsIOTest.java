package org.cnnexplorer.weights;

import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.natives.NativeSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class WeightsIOTest {
    static final Shape SMALL = Shape.chw(3, 16, 16);
    static Model model;

    @TempDir
    Path dir;

    @BeforeAll
    static void build() {
        NativeSetup.configure();
        // resnet20 has BN running statistics, so the round trip covers them too.
        Model m = Model.untrained("resnet20", SMALL, 4, 3);
        model = m.withInfo(m.info().withTraining(List.of("cat", "dog", "ship", "frog"),
                Map.of("dataset", "test", "epochs", "1")));
    }

    @AfterAll
    static void release() {
        model.close();
    }

    private float[] image() {
        Random r = new Random(1);
        float[] x = new float[(int) SMALL.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @Test
    void roundTripKeepsEveryParameterAndTheMetadata() throws IOException {
        Path file = dir.resolve("r20.zip");
        WeightsIO.save(model, file);
        try (Model back = WeightsIO.load(file, "resnet20", SMALL)) {
            assertThat(back.graph().params().toFloatVector()).containsExactly(model.graph().params().toFloatVector());
            assertThat(back.info()).isEqualTo(model.info());
            assertThat(back.trained()).isTrue();
            assertThat(back.probabilities(image(), null)[0]).containsExactly(model.probabilities(image(), null)[0]);
            assertThat(back.topK(image(), 2, null).get(0).label()).isIn("cat", "dog", "ship", "frog");
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("r20.zip");
        }
    }

    @Test
    void truncatedFileIsRefused() throws IOException {
        Path file = dir.resolve("t.zip");
        WeightsIO.save(model, file);
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length / 2));
        assertRefused(file, "t.zip:");
    }

    @Test
    void flippedParameterBytesAreRefusedByTheChecksum() throws IOException {
        Path good = dir.resolve("good.zip");
        WeightsIO.save(model, good);
        Path bad = dir.resolve("bad.zip");
        // Rewrite the zip with one parameter changed: the zip itself is valid, only the checksum can tell.
        try (ZipFile in = new ZipFile(good.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bad))) {
            for (ZipEntry e : Collections.list(in.entries())) {
                byte[] data = in.getInputStream(e).readAllBytes();
                if (e.getName().equals(WeightsIO.PARAMS)) {
                    data[100] ^= 0x40;
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(data);
                out.closeEntry();
            }
        }
        assertRefused(bad, "checksum");
    }

    @Test
    void garbageIsRefused() throws IOException {
        Path file = dir.resolve("g.zip");
        Files.writeString(file, "this is not a zip");
        assertRefused(file, "g.zip: not a weights file");
    }

    @Test
    void zipWithoutMetadataIsRefused() throws IOException {
        Path file = dir.resolve("other.zip");
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry("configuration.json"));
            zip.write("{}".getBytes());
            zip.closeEntry();
        }
        assertRefused(file, "not a CNN Explorer weights file");
    }

    @Test
    void wrongNetworkOrShapeIsRefused() throws IOException {
        Path file = dir.resolve("r20.zip");
        WeightsIO.save(model, file);
        assertThatThrownBy(() -> WeightsIO.load(file, "resnet32", null))
                .isInstanceOf(WeightsFileException.class).hasMessage("r20.zip: weights are for resnet20, not resnet32");
        assertThatThrownBy(() -> WeightsIO.load(file, "resnet20", Shape.chw(3, 32, 32)))
                .isInstanceOf(WeightsFileException.class).hasMessageContaining("not 3×32×32");
    }

    @Test
    void metadataThatDisagreesWithTheCatalogIsRefused() throws IOException {
        assertRefused(edited("\"resnet20\"", "\"resnet32\""), "parameters, but resnet32");
    }

    /** Crafted sizes are refused from the metadata alone, before anything is allocated for them. */
    @Test
    void metadataClaimingHugeInputsOrClassCountsIsRefused() throws IOException {
        Path huge = edited("\"input\" : [ 3, 16, 16 ]", "\"input\" : [ 3, 100000, 100000 ]");
        assertThatThrownBy(() -> WeightsIO.info(huge)).isInstanceOf(WeightsFileException.class)
                .hasMessageContaining("beyond any network here");
        Path classes = edited("\"classes\" : 4", "\"classes\" : 2000000000");
        assertThatThrownBy(() -> WeightsIO.info(classes)).isInstanceOf(WeightsFileException.class)
                .hasMessageContaining("2000000000 classes");
        assertRefused(classes, "classes");
    }

    /** A copy of a good weights file with {@code from} replaced by {@code to} in its metadata. */
    private Path edited(String from, String to) throws IOException {
        Path good = dir.resolve("good.zip");
        WeightsIO.save(model, good);
        Path bad = dir.resolve("edited-" + Math.abs(to.hashCode()) + ".zip");
        try (ZipFile in = new ZipFile(good.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bad))) {
            for (ZipEntry e : Collections.list(in.entries())) {
                byte[] data = in.getInputStream(e).readAllBytes();
                if (e.getName().equals(WeightsIO.META)) {
                    String meta = new String(data, StandardCharsets.UTF_8);
                    assertThat(meta).contains(from);
                    data = meta.replace(from, to).getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(data);
                out.closeEntry();
            }
        }
        return bad;
    }

    @Test
    void failedSaveLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("keep.zip");
        WeightsIO.save(model, file);
        byte[] before = Files.readAllBytes(file);
        model.close();
        try {
            assertThatThrownBy(() -> WeightsIO.save(model, file)).isNotNull();
        } finally {
            build();
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("keep.zip");
        }
    }

    private static void assertRefused(Path file, String message) {
        assertThatThrownBy(() -> WeightsIO.load(file)).isInstanceOf(WeightsFileException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    /**
     * An unreadable weights file is bad input named in one line (AccessDeniedException), not java.io's
     * FileNotFoundException. Root reads every file, so this runs only as another user.
     */
    @Test
    void anUnreadableFileIsRefusedAsAccessDenied() throws IOException {
        Path file = dir.resolve("locked.zip");
        Files.write(file, new byte[] {'P', 'K', 3, 4});
        assertThat(file.toFile().setReadable(false, false)).isTrue();
        assumeFalse(Files.isReadable(file), "this user reads files without read permission (root)");
        assertThatThrownBy(() -> WeightsIO.info(file)).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("locked.zip");
        assertThatThrownBy(() -> WeightsIO.load(file, null, null)).isInstanceOf(AccessDeniedException.class);
    }
}
