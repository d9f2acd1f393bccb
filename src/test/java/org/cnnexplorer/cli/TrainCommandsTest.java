package org.cnnexplorer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** train → evaluate → classify through the real CLI, on a network trained for a few seconds. */
class TrainCommandsTest {
    @TempDir
    static Path dir;
    static Path weights;
    static JsonNode trained;

    @BeforeAll
    static void trainTinyModel() throws Exception {
        CliTest.Result r = CliTest.run("train", "mini-resnet", "--limit", "256", "--epochs", "1", "--batch", "32",
                "--out", dir.toString(), "--json");
        assertThat(r.status()).as(r.err()).isZero();
        trained = new ObjectMapper().readTree(r.out());
        weights = Path.of(trained.get("weights").asText());
    }

    @Test
    void trainReportsItsRunAsJsonAndWritesWeightsAndACheckpoint() {
        assertThat(fields(trained)).containsExactly("model", "dataset", "trainImages", "testImages", "weights",
                "checkpoint", "testAccuracy", "seconds", "epochs");
        assertThat(trained.get("trainImages").asInt()).isEqualTo(256);
        assertThat(trained.get("epochs")).hasSize(1);
        assertThat(weights).exists();
        assertThat(Path.of(trained.get("checkpoint").asText())).exists();
    }

    @Test
    void evaluateScoresAllTenThousandTestImages() throws Exception {
        CliTest.Result r = CliTest.run("evaluate", "mini-resnet", "--weights", weights.toString(), "--json");
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(fields(root)).containsExactly("model", "n", "accuracy", "confusion", "view");
        assertThat(root.get("view").asText()).isEqualTo("as-is");
        assertThat(root.get("n").asInt()).isEqualTo(10_000);
        long total = 0;
        long diagonal = 0;
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 10; j++) {
                int c = root.get("confusion").get(i).get(j).asInt();
                total += c;
                diagonal += i == j ? c : 0;
            }
            assertThat(root.get("confusion").get(i)).hasSize(10);
        }
        assertThat(total).isEqualTo(10_000);
        assertThat(root.get("accuracy").asDouble()).isEqualTo(diagonal / 10_000.0);
    }

    @Test
    void classifyGivesTopKLabelsWithFallingProbabilities() throws Exception {
        Path image = Path.of("sample-images").resolve(Files.list(Path.of("sample-images"))
                .map(p -> p.getFileName().toString()).filter(n -> n.startsWith("trouser")).sorted().findFirst()
                .orElseThrow());
        CliTest.Result r = CliTest.run("classify", "mini-resnet", image.toString(), image.toString(),
                "--weights", weights.toString(), "--top", "3", "--json");
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root).hasSize(2);
        JsonNode first = root.get(0);
        assertThat(fields(first)).containsExactly("image", "trained", "top");
        assertThat(first.get("trained").asBoolean()).isTrue();
        assertThat(first.get("top")).hasSize(3);
        double previous = 1.0;
        double sum = 0;
        for (JsonNode t : first.get("top")) {
            assertThat(fields(t)).containsExactly("label", "probability");
            assertThat(t.get("probability").asDouble()).isBetween(0.0, previous);
            previous = t.get("probability").asDouble();
            sum += previous;
        }
        assertThat(sum).isLessThanOrEqualTo(1.0 + 1e-6);
        assertThat(root.get(1).get("top")).isEqualTo(first.get("top"));
    }

    @Test
    void aFileThatIsNotAnImageIsRefusedInOneLine() throws Exception {
        Path text = dir.resolve("notes.png");
        Files.writeString(text, "this is not a picture");
        CliTest.Result r = CliTest.run("classify", "mini-resnet", text.toString(), "--weights", weights.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("notes.png").doesNotContain("Exception");
    }

    @Test
    void aTruncatedWeightsFileIsRefusedInOneLine() throws Exception {
        Path broken = dir.resolve("broken.zip");
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(broken, Arrays.copyOf(bytes, bytes.length / 2));
        CliTest.Result r = CliTest.run("evaluate", "mini-resnet", "--weights", broken.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("broken.zip").doesNotContain("Exception");
        CliTest.Result wrong = CliTest.run("evaluate", "mini-vgg", "--weights", weights.toString());
        assertThat(wrong.status()).isEqualTo(2);
        assertThat(wrong.err()).contains("mini-resnet").contains("mini-vgg");
        CliTest.Result view = CliTest.run("evaluate", "mini-resnet", "--transform", "rotate");
        assertThat(view.status()).isEqualTo(2);
        assertThat(view.err().strip()).isEqualTo("unknown transform 'rotate'; valid: none, hflip");
        CliTest.Result both = CliTest.run("evaluate", "mini-resnet", "--transform", "hflip", "--ten-crop");
        assertThat(both.status()).isEqualTo(2);
        assertThat(both.err().strip().lines()).hasSize(1);
    }

    @Test
    void trainRefusesAMissingDatasetFolderAndBadSettings() {
        CliTest.Result r = CliTest.run("train", "mini-resnet", "--dataset", dir.resolve("nowhere").toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("nowhere");
        assertThat(CliTest.run("train", "mini-resnet", "--epochs", "0").status()).isEqualTo(2);
        for (String limit : List.of("0", "-5")) {
            CliTest.Result bad = CliTest.run("train", "mini-resnet", "--limit", limit);
            assertThat(bad.status()).isEqualTo(2);
            assertThat(bad.err()).contains("--limit must be positive").doesNotContain("Exception");
        }
        assertThat(CliTest.run("train", "mini-resnet", "--optimizer", "rmsprop").err()).contains("adam");
    }

    /** A folder of real pictures, one sub-folder per class, with a stray file and a class of one picture. */
    @Test
    void trainsOneEpochOnAFolderOfPicturesAndSaysWhatItSkipped() throws Exception {
        Path ds = dir.resolve("folder");
        copySamples(ds.resolve("trouser"), "trouser_");
        copySamples(ds.resolve("ankle-boot"), "ankle-boot_");
        copySamples(ds.resolve("bag"), "bag_0018");
        Files.writeString(ds.resolve("trouser").resolve("notes.txt"), "not a picture");
        CliTest.Result r = CliTest.run("train", "mini-resnet", "--dataset", ds.toString(), "--epochs", "1",
                "--out", dir.resolve("folder-run").toString(), "--json");
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode run = new ObjectMapper().readTree(r.out());
        long pictures;
        try (var files = Files.list(ds.resolve("trouser")); var boots = Files.list(ds.resolve("ankle-boot"))) {
            pictures = files.count() - 1 + boots.count() + 1;
        }
        assertThat(run.get("trainImages").asInt() + run.get("testImages").asInt()).isEqualTo(pictures);
        assertThat(Path.of(run.get("weights").asText())).exists();
        assertThat(r.err()).contains("1 files skipped").contains("notes.txt")
                .contains("Only one picture in class bag");
    }

    @Test
    void aFolderWithOneClassOrAnEmptyClassIsRefusedInOneLine() throws Exception {
        Path one = dir.resolve("one-class");
        copySamples(one.resolve("trouser"), "trouser_");
        CliTest.Result r = CliTest.run("train", "mini-resnet", "--dataset", one.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("only one class folder (trouser)");
        Path empty = dir.resolve("empty-class");
        copySamples(empty.resolve("trouser"), "trouser_");
        Files.createDirectories(empty.resolve("coat"));
        Files.writeString(empty.resolve("coat").resolve("coat.png"), "not a picture either");
        CliTest.Result e = CliTest.run("train", "mini-resnet", "--dataset", empty.toString());
        assertThat(e.status()).isEqualTo(2);
        assertThat(e.err()).contains("the class folder coat holds no usable pictures");
    }

    /**
     * SIGTERM (what Ctrl-C's SIGINT also does in a terminal) mid-epoch: the step ends, the checkpoint is saved, the JVM
     * ends with 143, and the run resumes from that checkpoint.
     */
    @Test
    void aTerminatedRunSavesItsCheckpointAndResumes() throws Exception {
        Path out = dir.resolve("terminated");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.awt.headless=true"));
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null) {
            command.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Cli.class.getName(), "train",
                "mini-resnet", "--epochs", "50", "--batch", "32", "--limit", "2048", "--out", out.toString()));
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("terminated.err").toFile())).start();
        // a safety net, not a measurement: training has begun once the progress bar shows a step
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!Files.exists(dir.resolve("terminated.err"))
                || !Files.readString(dir.resolve("terminated.err")).contains("loss")) {
            assertThat(p.isAlive()).as("still training").isTrue();
            assertThat(System.nanoTime()).as("training began").isLessThan(deadline);
            Thread.sleep(200);
        }
        assertThat(p.toHandle().destroy()).isTrue();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(dir.resolve("terminated.err"));
        assertThat(p.exitValue()).as(err).isEqualTo(143);
        assertThat(err).contains("cancelled; resume with --resume");
        Path checkpoint = out.resolve("mini-resnet-checkpoint.zip");
        assertThat(checkpoint).exists();
        try (var files = Files.list(out)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
        CliTest.Result resumed = CliTest.run("train", "mini-resnet", "--epochs", "1", "--batch", "32", "--limit",
                "2048", "--out", out.toString(), "--resume", checkpoint.toString());
        assertThat(resumed.status()).as(resumed.err()).isZero();
    }

    private static void copySamples(Path to, String prefix) throws Exception {
        Files.createDirectories(to);
        try (var files = Files.list(Path.of("sample-images"))) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
    }

    private static List<String> fields(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
