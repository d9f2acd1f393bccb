package org.cnnexplorer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cnnexplorer.app.Launcher;
import org.cnnexplorer.arch.zoo.Catalog;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest {
    record Result(int status, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Cli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(status, out.toString(), err.toString());
    }

    @Test
    void summaryTableListsEveryLayerAndSpellsOutTheUnits() {
        Result r = run("summary", "alexnet");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("conv1", "96×55×55", "34,944", "105,415,200")
                .contains("Total params: 60,965,224")
                .contains("multiply-accumulates")
                .contains("FLOPs ≈ 2 × MACs");
        long rows = r.out().lines().filter(l -> l.startsWith("fc") || l.startsWith("conv")).count();
        assertThat(rows).isEqualTo(8);
    }

    @Test
    void summaryFormulasExplainEachWeightedLayer() {
        Result r = run("summary", "vgg16", "--formulas");
        assertThat(r.out()).contains("params = 4096·25088 + 4096 = 102,764,544");
    }

    @Test
    void summaryJsonHasExactlyTheDocumentedFields() throws Exception {
        Result r = run("summary", "googlenet", "--json");
        assertThat(r.status()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(names(root)).containsExactly("id", "title", "paper", "input", "classes", "params", "macs",
                "auxParams", "auxMacs", "layers");
        assertThat(root.get("params").asLong()).isEqualTo(Catalog.get("googlenet").build().params());
        assertThat(root.get("input").toString()).isEqualTo("[3,224,224]");
        JsonNode first = root.get("layers").get(0);
        assertThat(names(first)).containsExactly("name", "type", "inputs", "output", "params", "macs", "aux");
        assertThat(first.get("type").asText()).isEqualTo("input");
        long sum = 0;
        long auxSum = 0;
        for (JsonNode l : root.get("layers")) {
            assertThat(l.get("type").asText()).isIn("input", "conv", "fc", "maxpool", "avgpool", "gap", "lrn", "bn",
                    "relu", "sigmoid", "dropout", "concat", "add", "flatten", "pad", "softmax");
            if (l.get("aux").asBoolean()) {
                auxSum += l.get("params").asLong();
            } else {
                sum += l.get("params").asLong();
            }
        }
        assertThat(sum).isEqualTo(root.get("params").asLong());
        assertThat(auxSum).isEqualTo(root.get("auxParams").asLong()).isPositive();
        JsonNode fc = find(root, "fc");
        assertThat(fc.get("output").toString()).isEqualTo("[1000]");
        assertThat(find(root, "inception4a.concat").get("inputs")).hasSize(4);
    }

    @Test
    void summaryTakesAnotherInputAndClassCount() throws Exception {
        Result r = run("summary", "resnet20", "--json", "--input", "1x28x28", "--classes", "10");
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.get("input").toString()).isEqualTo("[1,28,28]");
        assertThat(find(root, "conv1").get("params").asLong()).isEqualTo(16 * 9);
        assertThat(find(root, "layer3.2.add").get("output").toString()).isEqualTo("[64,7,7]");
    }

    @Test
    void listShowsEveryCatalogId() throws Exception {
        Result r = run("list", "--json");
        JsonNode root = new ObjectMapper().readTree(r.out());
        List<String> ids = new ArrayList<>();
        root.forEach(n -> ids.add(n.get("id").asText()));
        assertThat(ids).containsExactlyElementsOf(Catalog.ids());
        assertThat(run("list").out()).contains("resnet1202", "vgg16-bn", "googlenet-tv");
    }

    @Test
    void unknownIdExitsWithStatusTwoAndOneLineNamingTheChoices() {
        Result r = run("summary", "resnet9");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("resnet9", "resnet18", "vgg16", "googlenet").doesNotContain("Exception");
    }

    @Test
    void impossibleInputExitsWithStatusTwoAndSaysWhatWouldWork() {
        Result r = run("summary", "alexnet", "--input", "3x32x32");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("pool2", "valid inputs", "≥ 67").doesNotContain("Exception");
        Result malformed = run("summary", "vgg16", "--input", "banana");
        assertThat(malformed.status()).isEqualTo(2);
        assertThat(malformed.err()).contains("CxHxW");
        Result badOption = run("summary", "vgg16", "--classes", "many");
        assertThat(badOption.status()).isEqualTo(2);
        assertThat(badOption.err().strip().lines()).hasSize(1);
    }

    @Test
    void everySubcommandShowsItsHelpInsteadOfAskingForItsParameters() {
        Set<String> commands = new CommandLine(new Cli()).getSubcommands().keySet();
        assertThat(commands).contains("help", "train", "classify");
        for (String c : commands) {
            for (Result r : List.of(run(c, "-h"), run(c, "--help"), run("help", c))) {
                assertThat(r.status()).as(c + ": " + r.err()).isZero();
                assertThat(r.err()).as(c).isEmpty();
                assertThat(r.out()).as(c).contains("Usage: cnn-explorer " + c, "-h, --help", "--verbose");
            }
        }
    }

    @Test
    void helpFindsASubcommandAtAnyDepth() {
        Result r = run("help", "weights", "import");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("Usage: cnn-explorer weights import");
        Result unknown = run("help", "weights", "nosuch");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err().strip().lines()).hasSize(1).allMatch(l -> l.contains("'weights nosuch'"));
    }

    @Test
    void aMissingParameterIsOneLineThatPointsToTheHelp() {
        Result r = run("train");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip().lines()).containsExactly(
                "Missing required parameter: 'ID'; see 'cnn-explorer train --help'");
    }

    /** Whatever fails, the user reads one line: what was wrong with which file, or that the fault is ours. */
    @Test
    void everyFailureIsOneLineAndOnlyOursAreInternal() {
        assertThat(Cli.oneLine(new AccessDeniedException("/home/t/x.onnx")))
                .isEqualTo("/home/t/x.onnx: permission denied");
        assertThat(Cli.oneLine(new FileSystemException("/w/loop.zip", null, "Too many levels of "
                + "symbolic links"))).isEqualTo("/w/loop.zip: too many levels of symbolic links");
        assertThat(Cli.badInput(new NoSuchFileException("/nowhere"))).isTrue();
        assertThat(Cli.badInput(new IllegalStateException("x"))).isFalse();
        assertThat(Cli.oneLine(new IllegalStateException("first\nsecond"))).isEqualTo("IllegalStateException: first");
        Result unknown = run("nosuch");
        assertThat(unknown.status()).isEqualTo(UserError.STATUS);
        assertThat(unknown.err().strip()).doesNotContain(".;").contains("nosuch").contains("--help");
    }

    @Test
    void versionIsTheOneInThePom() throws Exception {
        Matcher m = Pattern.compile("<artifactId>cnn-explorer</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(m.find()).isTrue();
        Result r = run("--version");
        assertThat(r.status()).isZero();
        assertThat(r.out().lines().findFirst()).contains("CNN Explorer " + m.group(1));
    }

    @Test
    void verboseIsFoundBeforeOrAfterTheCommand() {
        assertThat(Cli.verbose("--verbose", "classify", "mini-resnet", "a.png")).isTrue();
        assertThat(Cli.verbose("classify", "mini-resnet", "a.png", "--verbose")).isTrue();
        assertThat(Cli.verbose("classify", "mini-resnet", "a.png")).isFalse();
        assertThat(Cli.verbose("classify", "--no-such-option", "--verbose")).isFalse();
    }

    /** A fresh JVM, as a user starts it: this one has loaded ND4J long ago. */
    @Test
    void theEngineLogsNothingBelowWarningUnlessVerbose() throws Exception {
        String image = "sample-images/trouser_0002.png";
        Result quiet = launch("classify", "mini-resnet", image, "--top", "1");
        assertThat(quiet.status()).as(quiet.err()).isZero();
        assertThat(quiet.out()).contains("Trouser");
        assertThat(quiet.err()).isEmpty();
        Result verbose = launch("--verbose", "classify", "mini-resnet", image, "--top", "1");
        assertThat(verbose.status()).as(verbose.err()).isZero();
        assertThat(verbose.err()).contains("INFO org.nd4j");
    }

    private static Result launch(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.awt.headless=true"));
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null) {
            command.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Launcher.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out, err.get());
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static JsonNode find(JsonNode root, String name) {
        for (JsonNode l : root.get("layers")) {
            if (l.get("name").asText().equals(name)) {
                return l;
            }
        }
        throw new AssertionError("no layer " + name);
    }
}
