package org.cnnexplorer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cnnexplorer.arch.zoo.Catalog;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

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
