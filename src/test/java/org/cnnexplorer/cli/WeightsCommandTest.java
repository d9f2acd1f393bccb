package org.cnnexplorer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.data.ImageNetClasses;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.natives.NativeSetup;
import org.cnnexplorer.onnx.OnnxWriter;
import org.cnnexplorer.weights.SafetensorsFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code weights import}, {@code weights list} and {@code classify} with imported ImageNet weights, end to end. */
class WeightsCommandTest {
    @TempDir
    Path dir;
    private Path store;
    private String before;

    @BeforeAll
    static void natives() {
        NativeSetup.configure();
    }

    @BeforeEach
    void privateStore() {
        store = dir.resolve("weights");
        before = System.setProperty("cnnexplorer.weights", store.toString());
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty("cnnexplorer.weights");
        } else {
            System.setProperty("cnnexplorer.weights", before);
        }
    }

    private Path onnx(String id) throws Exception {
        Path file = dir.resolve(id + ".onnx");
        try (Model m = Model.untrained(id, Shape.chw(3, 64, 64), 1000, 3)) {
            OnnxWriter.write(m, true, file);
        }
        return file;
    }

    /** A junk file, a folder or a loop named *.zip hides no good entry and costs one line each. */
    @Test
    void junkInTheWeightsFolderIsSkippedInOneLineEach() throws Exception {
        CliTest.Result r = CliTest.run("weights", "import", onnx("resnet18").toString(), "--as", "resnet18");
        assertThat(r.status()).as(r.err()).isZero();
        Files.writeString(store.resolve("junk.zip"), "not a zip");
        Files.createDirectories(store.resolve("folder.zip"));
        Files.createSymbolicLink(store.resolve("loop.zip"), store.resolve("loop.zip"));
        CliTest.Result list = CliTest.run("weights", "list");
        assertThat(list.status()).as(list.err()).isZero();
        assertThat(list.out()).contains("resnet18.onnx");
        assertThat(list.err().lines().filter(l -> l.startsWith("skipped "))).hasSize(3);
        assertThat(list.err()).contains("junk.zip").contains("folder.zip").contains("loop.zip")
                .doesNotContain("Exception");
    }

    @Test
    void importedWeightsAreListedAndClassifyGivesImageNetLabels() throws Exception {
        Path file = onnx("resnet18");
        CliTest.Result empty = CliTest.run("weights", "list");
        assertThat(empty.out()).contains("no imported weights");

        CliTest.Result r = CliTest.run("weights", "import", file.toString(), "--as", "resnet18");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("imported resnet18.onnx as resnet18").contains("preprocessing torchvision");
        assertThat(r.err()).contains("copying weights 50%").contains("copying weights 100%");
        assertThat(store.resolve("resnet18.zip")).isRegularFile();

        CliTest.Result list = CliTest.run("weights", "list");
        assertThat(list.out()).contains("resnet18").contains("resnet18.onnx").contains("torchvision")
                .contains("FROM").contains("imported file resnet18.onnx");

        Path image = Files.list(Path.of("sample-images")).filter(p -> p.toString().endsWith(".png")).sorted()
                .findFirst().orElseThrow();
        CliTest.Result c = CliTest.run("classify", "resnet18", image.toString(), "--json");
        assertThat(c.status()).as(c.err()).isZero();
        JsonNode first = new ObjectMapper().readTree(c.out()).get(0);
        assertThat(first.get("trained").asBoolean()).isTrue();
        assertThat(first.get("top")).hasSize(5);
        for (JsonNode t : first.get("top")) {
            assertThat(ImageNetClasses.names()).contains(t.get("label").asText());
        }
    }

    @Test
    void aMismatchedOrTruncatedFileIsRefusedInOneLineAndChangesNothing() throws Exception {
        Path file = onnx("resnet18");
        assertThat(CliTest.run("weights", "import", file.toString(), "--as", "resnet18").status()).isZero();
        Path saved = store.resolve("resnet18.zip");
        byte[] kept = Files.readAllBytes(saved);

        CliTest.Result wrong = CliTest.run("weights", "import", file.toString(), "--as", "resnet34");
        assertThat(wrong.status()).isEqualTo(2);
        assertThat(wrong.err().strip().lines()).hasSize(1);
        assertThat(wrong.err()).contains("resnet34").contains("layer1.2.conv1").doesNotContain("Exception");

        byte[] bytes = Files.readAllBytes(file);
        Path half = dir.resolve("half.onnx");
        Files.write(half, Arrays.copyOf(bytes, bytes.length / 2));
        CliTest.Result truncated = CliTest.run("weights", "import", half.toString(), "--as", "resnet18");
        assertThat(truncated.status()).isEqualTo(2);
        assertThat(truncated.err().strip().lines()).hasSize(1);
        assertThat(truncated.err()).startsWith("half.onnx: ");

        assertThat(Files.readAllBytes(saved)).isEqualTo(kept);
        try (var files = Files.list(store)) {
            assertThat(files).containsExactly(saved);
        }
        CliTest.Result unknown = CliTest.run("weights", "import", file.toString(), "--as", "resnet18",
                "--preprocessing", "opencv");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("torchvision, caffe, half-range");
    }

    /** torchvision's resnet18 state_dict with a 1,000-class head, as Hugging Face publishes it (model.safetensors). */
    private Path safetensors() throws Exception {
        SafetensorsFixture f = SafetensorsFixture.load("resnet18");
        Path file = dir.resolve("model.safetensors");
        f.write(file, f.entries().stream().map(e -> e.key().startsWith("fc.") ? new SafetensorsFixture.Entry(e.key(),
                e.dtype(), e.key().equals("fc.weight") ? new long[] {1000, 512} : new long[] {1000}) : e).toList());
        return file;
    }

    @Test
    void aSafetensorsStateDictImportsAsAnOnnxFileDoesAndABrokenOneChangesNothing() throws Exception {
        Path file = safetensors();
        CliTest.Result r = CliTest.run("weights", "import", file.toString(), "--as", "resnet18");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("imported model.safetensors as resnet18 (")
                .contains("preprocessing torchvision");
        assertThat(r.err()).contains("copying weights 100%");
        CliTest.Result list = CliTest.run("weights", "list");
        assertThat(list.out()).contains("resnet18").contains("model.safetensors").contains("torchvision");
        Path image = Files.list(Path.of("sample-images")).filter(p -> p.toString().endsWith(".png")).sorted()
                .findFirst().orElseThrow();
        CliTest.Result c = CliTest.run("classify", "resnet18", image.toString(), "--json");
        assertThat(c.status()).as(c.err()).isZero();
        JsonNode first = new ObjectMapper().readTree(c.out()).get(0);
        assertThat(first.get("trained").asBoolean()).isTrue();
        assertThat(ImageNetClasses.names()).contains(first.get("top").get(0).get("label").asText());

        Path saved = store.resolve("resnet18.zip");
        byte[] kept = Files.readAllBytes(saved);
        byte[] bytes = Files.readAllBytes(file);
        Path half = dir.resolve("half.safetensors");
        Files.write(half, Arrays.copyOf(bytes, bytes.length / 2));
        CliTest.Result truncated = CliTest.run("weights", "import", half.toString(), "--as", "resnet18");
        assertThat(truncated.status()).isEqualTo(2);
        assertThat(truncated.err().strip().lines()).hasSize(1);
        assertThat(truncated.err()).startsWith("half.safetensors: ").contains("truncated");
        CliTest.Result wrong = CliTest.run("weights", "import", file.toString(), "--as", "resnet34");
        assertThat(wrong.status()).isEqualTo(2);
        assertThat(wrong.err().strip()).isEqualTo("model.safetensors: does not fit resnet34: no tensor "
                + "'layer1.2.conv1.weight' (80 missing)");
        assertThat(Files.readAllBytes(saved)).isEqualTo(kept);
        try (var files = Files.list(store)) {
            assertThat(files).containsExactly(saved);
        }
    }

    @Test
    void aNetworkWithoutWeightsSaysSoInsteadOfATop5() throws Exception {
        Path image = Files.list(Path.of("sample-images")).filter(p -> p.toString().endsWith(".png")).sorted()
                .findFirst().orElseThrow();
        CliTest.Result c = CliTest.run("classify", "resnet18", image.toString());
        assertThat(c.status()).as(c.err()).isZero();
        assertThat(c.out().strip()).endsWith(": random weights — structure only");
        assertThat(c.out().strip().lines()).hasSize(1);
        assertThat(c.err()).contains("weights import FILE --as resnet18");
    }
}
