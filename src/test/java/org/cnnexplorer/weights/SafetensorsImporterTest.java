package org.cnnexplorer.weights;

import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.data.Preprocessing;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.natives.NativeSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** What the safetensors importer refuses, and that what it keeps reads back as an ONNX import's weights do. */
class SafetensorsImporterTest {
    static final Shape SMALL = Shape.chw(3, 64, 64);
    static final SafetensorsFixture RESNET18 = SafetensorsFixture.load("resnet18");

    @TempDir
    Path dir;

    @BeforeAll
    static void natives() {
        NativeSetup.configure();
    }

    private Path write(List<SafetensorsFixture.Entry> entries) throws IOException {
        Path file = dir.resolve("model.safetensors");
        RESNET18.write(file, entries);
        return file;
    }

    private Path write(Function<SafetensorsFixture.Entry, float[]> values) throws IOException {
        Path file = dir.resolve("model.safetensors");
        SafetensorsFixture.write(file, RESNET18.entries(), values);
        return file;
    }

    private static Model importAs(Path file, String id) throws IOException {
        return SafetensorsImporter.importFile(SafetensorsFile.read(file), Catalog.get(id), SMALL,
                Preprocessing.TORCHVISION, p -> { }, () -> false);
    }

    /** The refusal of {@code file} as {@code id}: one line starting with the file's name. */
    private static String refusal(Path file, String id) {
        Throwable t = catchThrowable(() -> importAs(file, id).close());
        assertThat(t).isInstanceOf(WeightsFileException.class);
        assertThat(t.getMessage().lines()).hasSize(1);
        assertThat(t.getMessage()).startsWith(file.getFileName() + ": ");
        return t.getMessage();
    }

    private static List<SafetensorsFixture.Entry> replaced(String key, SafetensorsFixture.Entry by) {
        List<SafetensorsFixture.Entry> out = new ArrayList<>();
        for (SafetensorsFixture.Entry e : RESNET18.entries()) {
            if (!e.key().equals(key)) {
                out.add(e);
            } else if (by != null) {
                out.add(by);
            }
        }
        return out;
    }

    @Test
    void savedWeightsLoadLikeAnOnnxImportsAndComputeWhatPyTorchComputes() throws Exception {
        Path file = write(RESNET18.entries());
        ImportedWeights store = new ImportedWeights(dir.resolve("weights"));
        try (Model m = SafetensorsImporter.importFile(SafetensorsFile.read(file), "resnet18",
                SafetensorsImporter.usualPreprocessing("resnet18"), p -> { }, () -> false)) {
            store.save(m);
        }
        try (Model loaded = store.load("resnet18").orElseThrow()) {
            assertThat(loaded.info().input()).isEqualTo(RESNET18.input());
            assertThat(loaded.info().trained()).isTrue();
            assertThat(loaded.info().provenance()).containsEntry("source", "model.safetensors")
                    .containsEntry(Preprocessing.KEY, "torchvision")
                    .containsEntry("sha256", SafetensorsFile.read(file).sha256()).containsKey("imported");
            double diff = OnnxKnownAnswerTest.maxRelativeDifference(
                    OnnxKnownAnswerTest.logits(loaded, RESNET18.x()), RESNET18.logits());
            assertThat(diff).isLessThanOrEqualTo(OnnxKnownAnswerTest.TOLERANCE);
        }
        assertThat(store.list()).extracting(i -> i.catalogId()).containsExactly("resnet18");
        assertThat(SafetensorsImporter.usualPreprocessing("googlenet-tv")).isEqualTo(Preprocessing.HALF_RANGE);
    }

    @Test
    void aTruncatedOrDamagedFileIsRefusedInOneLine() throws Exception {
        Path file = write(RESNET18.entries());
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        assertThat(refusal(file, "resnet18")).contains("truncated");
        Files.write(file, Arrays.copyOf(bytes, 5));
        assertThat(refusal(file, "resnet18")).contains("truncated");
        byte[] huge = bytes.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        Files.write(file, huge);
        assertThat(refusal(file, "resnet18")).contains("header length 1099511627776 goes beyond the file");
        assertThat(refusal(header(file, "{\"a\": {\"dtype\": \"F32\", "), "resnet18")).contains("not valid JSON");
        assertThat(refusal(header(file, "[1, 2]"), "resnet18")).contains("not a JSON object");
        assertThat(refusal(header(file, "{\"a\": {\"dtype\": \"F32\", \"shape\": [4]}}"), "resnet18"))
                .contains("'a' is not {dtype, shape, data_offsets}");
        assertThat(refusal(header(file, "{\"a\": {\"dtype\": \"F32\", \"shape\": [4], \"data_offsets\": [0, 12]}}"),
                "resnet18")).contains("'a' has data_offsets [0, 12], but its shape [4] of F32 takes 16 bytes");
        assertThat(refusal(header(file, "{\"a\": {\"dtype\": \"F32\", \"shape\": [4], \"data_offsets\": [0, 16]},"
                + " \"b\": {\"dtype\": \"F32\", \"shape\": [4], \"data_offsets\": [8, 24]}}"), "resnet18"))
                .contains("tensors 'a' and 'b' overlap");
        assertThat(refusal(header(file, "{\"a\": {\"dtype\": \"F32\", \"shape\": [4], \"data_offsets\": [0, 16]},"
                + " \"a\": {\"dtype\": \"F32\", \"shape\": [4], \"data_offsets\": [16, 32]}}"), "resnet18"))
                .contains("not valid JSON").contains("'a'");
        assertThat(refusal(header(file, "{\"a\": {\"dtype\": \"F128\", \"shape\": [1], \"data_offsets\": [0, 16]}}"),
                "resnet18")).contains("unknown dtype 'F128'");
        assertThat(refusal(header(file, "{\"a\": {\"dtype\": \"F32\", \"shape\": [8], \"data_offsets\": [0, 32]}}"),
                "resnet18")).contains("tensor 'a' ends at byte 32 of the data, which has 24");
        assertThatThrownBy(() -> SafetensorsFile.read(dir.resolve("absent.safetensors")))
                .hasMessage("absent.safetensors: no such file");
    }

    /** A file of {@code json} as its header and 24 bytes of data. */
    private static Path header(Path file, String json) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 24).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Files.write(file, b.array());
        return file;
    }

    @Test
    void aMissingOrExtraTensorOrAWrongShapeIsNamed() throws Exception {
        assertThat(refusal(write(replaced("fc.bias", null)), "resnet18"))
                .contains("does not fit resnet18: no tensor 'fc.bias'");
        List<SafetensorsFixture.Entry> extra = new ArrayList<>(RESNET18.entries());
        extra.add(new SafetensorsFixture.Entry("layer5.0.conv1.weight", "F32", new long[] {8, 8, 1, 1}));
        assertThat(refusal(write(extra), "resnet18"))
                .contains("tensor 'layer5.0.conv1.weight' has no place in it (a different network?)");
        assertThat(refusal(write(RESNET18.entries()), "resnet34"))
                .contains("does not fit resnet34: no tensor 'layer1.2.conv1.weight' (");
        assertThat(refusal(write(replaced("conv1.weight",
                new SafetensorsFixture.Entry("conv1.weight", "F32", new long[] {64, 3, 5, 5}))), "resnet18"))
                .contains("does not fit resnet18 at layer conv1").contains("expected weights 64×3×7×7")
                .contains("module 'conv1' has weights 64×3×5×5");
        assertThat(refusal(write(replaced("bn1.running_var",
                new SafetensorsFixture.Entry("bn1.running_var", "F32", new long[] {32}))), "resnet18"))
                .contains("layer bn1 expects 64 values per channel vector, tensor 'bn1.running_var' has 32");
        assertThat(refusal(write(RESNET18.entries()), "mini-resnet")).contains("mini-resnet is not a torchvision "
                + "network; a safetensors state_dict goes onto resnet18, resnet34");
        // both of VGG's layouts at once: timm's classifier beside torchvision's
        SafetensorsFixture vgg = SafetensorsFixture.load("vgg11");
        List<SafetensorsFixture.Entry> both = new ArrayList<>(vgg.entries());
        both.add(vgg.timmLayout().get(vgg.timmLayout().size() - 1));
        Path mixed = dir.resolve("vgg.safetensors");
        vgg.write(mixed, both);
        assertThat(refusal(mixed, "vgg11")).contains("no tensor 'pre_logits.fc1.weight'")
                .contains("tensor 'classifier.0.weight' has no place in it");
    }

    @Test
    void aNanOrAnInfinityIsRefusedNamingItsTensor() throws Exception {
        Set<String> bn = RESNET18.batchNorms();
        Function<SafetensorsFixture.Entry, float[]> fine = e -> SafetensorsFixture.values(e.key(), e.shape(), bn);
        assertThat(refusal(write(e -> broken(fine.apply(e), e.key().equals("layer2.0.bn1.running_mean"), Float.NaN)),
                "resnet18")).contains("tensor 'layer2.0.bn1.running_mean' holds NaN at index 5");
        assertThat(refusal(write(e -> broken(fine.apply(e), e.key().equals("fc.weight"), Float.NEGATIVE_INFINITY)),
                "resnet18")).contains("tensor 'fc.weight' holds -Infinity at index 5");
    }

    private static float[] broken(float[] v, boolean here, float value) {
        if (here) {
            v[5] = value;
        }
        return v;
    }

    @Test
    void halfPrecisionImportsAsTheSameNumbersInSinglePrecisionDo() throws Exception {
        Set<String> bn = RESNET18.batchNorms();
        Function<SafetensorsFixture.Entry, float[]> rounded = e -> {
            float[] v = SafetensorsFixture.values(e.key(), e.shape(), bn);
            for (int i = 0; i < v.length; i++) {
                v[i] = SafetensorsFile.halfToFloat(SafetensorsFixture.half(v[i]));
            }
            return v;
        };
        Path single = dir.resolve("f32.safetensors");
        SafetensorsFixture.write(single, RESNET18.entries(), rounded);
        Path half = dir.resolve("f16.safetensors");
        SafetensorsFixture.write(half, RESNET18.entries().stream().map(e -> e.dtype().equals("F32")
                ? new SafetensorsFixture.Entry(e.key(), "F16", e.shape()) : e).toList(), rounded);
        float[] x = SafetensorsFixture.uniform("input", (int) SMALL.size(), -2, 2);
        try (Model a = importAs(single, "resnet18"); Model b = importAs(half, "resnet18")) {
            assertThat(OnnxKnownAnswerTest.logits(b, x)).containsExactly(OnnxKnownAnswerTest.logits(a, x));
        }
    }

    @Test
    void halfAndBrainFloatsConvertExactlyAndOtherDtypesAreRefused() throws Exception {
        assertThat(SafetensorsFile.halfToFloat((short) 0x3C00)).isEqualTo(1f);
        assertThat(SafetensorsFile.halfToFloat((short) 0xC000)).isEqualTo(-2f);
        assertThat(SafetensorsFile.halfToFloat((short) 0x7BFF)).isEqualTo(65504f);
        assertThat(SafetensorsFile.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(SafetensorsFile.halfToFloat((short) 0x8001)).isEqualTo(-0x1p-24f);
        assertThat(SafetensorsFile.halfToFloat((short) 0x3555)).isEqualTo(0.333251953125f);
        assertThat(SafetensorsFile.halfToFloat((short) 0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(SafetensorsFile.halfToFloat((short) 0x7E00)).isNaN();
        Path file = dir.resolve("dtypes.safetensors");
        float[] v = {1.5f, -0.25f, 3e-3f};
        SafetensorsFixture.write(file, List.of(new SafetensorsFixture.Entry("h", "F16", new long[] {3}),
                new SafetensorsFixture.Entry("b", "BF16", new long[] {3}),
                new SafetensorsFixture.Entry("f", "F32", new long[] {3}),
                new SafetensorsFixture.Entry("n", "I64", new long[] {})), e -> v.clone());
        SafetensorsFile f = SafetensorsFile.read(file);
        assertThat(f.metadata()).containsEntry("format", "pt");
        assertThat(f.tensors().keySet()).containsExactly("h", "b", "f", "n");
        assertThat(values(f, "f")).containsExactly(v);
        assertThat(values(f, "h")).containsExactly(1.5f, -0.25f, 0.00299835205078125f);
        assertThat(values(f, "b")).containsExactly(1.5f, -0.25f, 0.00299072265625f);
        assertThatThrownBy(() -> f.floats("n")).isInstanceOf(WeightsFileException.class)
                .hasMessage("dtypes.safetensors: tensor 'n' is I64; only F32, F16 and BF16 weights can be imported");
    }

    private static float[] values(SafetensorsFile f, String key) throws IOException {
        var b = f.floats(key);
        float[] out = new float[b.remaining()];
        b.get(out);
        return out;
    }
}
