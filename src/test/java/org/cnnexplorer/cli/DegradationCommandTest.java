package org.cnnexplorer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.assertj.core.data.Offset;
import org.cnnexplorer.experiments.Curve;
import org.cnnexplorer.experiments.CurveFiles;
import org.cnnexplorer.experiments.Degradation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DegradationCommandTest {

    @Test
    void jsonHasTheSchemaOfTheIssueAndMatchesTheCsv(@TempDir Path dir) throws Exception {
        CliTest.Result r = CliTest.run("degradation", "--depths", "8", "--kinds", "plain", "--limit", "256",
                "--test-limit", "100", "--epochs", "1", "--out", dir.toString(), "--json");
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(fields(root)).containsExactly("runs");
        JsonNode run = root.get("runs").get(0);
        assertThat(fields(run)).containsExactly("model", "depth", "residual", "points", "finalTrainError",
                "finalTestError", "seconds");
        assertThat(run.get("model").asText()).isEqualTo("plain8");
        assertThat(run.get("depth").asInt()).isEqualTo(8);
        assertThat(run.get("residual").asBoolean()).isFalse();
        JsonNode points = run.get("points");
        assertThat(fields(points.get(0))).containsExactly("iteration", "epoch", "trainError", "testError");
        assertThat(points.get(0).get("testError").isNull()).isTrue();
        JsonNode last = points.get(points.size() - 1);
        assertThat(last.get("epoch").asDouble()).isEqualTo(1.0);
        assertThat(last.get("testError").asDouble()).isEqualTo(run.get("finalTestError").asDouble());

        List<Curve.Point> csv = CurveFiles.readCsv(dir.resolve("plain8.csv"));
        assertThat(csv).hasSize(points.size());
        for (int i = 0; i < csv.size(); i++) {
            assertThat(points.get(i).get("iteration").asInt()).isEqualTo(csv.get(i).iteration());
            assertThat(points.get(i).get("trainError").asDouble())
                    .isCloseTo(csv.get(i).trainError(), Offset.offset(1e-6));
        }
        assertThat(r.err()).contains("[1/1] plain8");
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
        assertThat(manifest.get("command").asText()).contains("--depths 8 --kinds plain").contains("--limit 256");
        assertThat(manifest.get("trainImages").asInt()).isEqualTo(256);
        assertThat(manifest.get("command").asText()).contains("--init zero-gamma");
        assertThat(manifest.get("init").asText()).isEqualTo(Degradation.Init.ZERO_GAMMA.description());
        assertThat(manifest.get("runs").get(0).get("finalTestError").asDouble())
                .isEqualTo(run.get("finalTestError").asDouble());
    }

    @Test
    void badDepthOrKindIsOneLineAndStatusTwo(@TempDir Path dir) {
        CliTest.Result depth = CliTest.run("degradation", "--depths", "21", "--out", dir.toString());
        assertThat(depth.status()).isEqualTo(UserError.STATUS);
        assertThat(depth.err().strip()).doesNotContain("\n").contains("depth 21");
        CliTest.Result kind = CliTest.run("degradation", "--kinds", "dense", "--out", dir.toString());
        assertThat(kind.status()).isEqualTo(UserError.STATUS);
        assertThat(kind.err().strip()).isEqualTo("unknown kind 'dense'; valid: plain, resnet");
        CliTest.Result init = CliTest.run("degradation", "--init", "xavier", "--out", dir.toString());
        assertThat(init.status()).isEqualTo(UserError.STATUS);
        assertThat(init.err().strip()).isEqualTo("unknown initialisation 'xavier'; valid: paper, zero-gamma");
        CliTest.Result preset = CliTest.run("degradation", "--preset", "fast", "--out", dir.toString());
        assertThat(preset.status()).isEqualTo(UserError.STATUS);
        assertThat(preset.err().strip()).isEqualTo("unknown preset 'fast'; valid: quick, shortcut");
        CliTest.Result both = CliTest.run("degradation", "--preset", "shortcut", "--epochs", "9", "--out",
                dir.toString());
        assertThat(both.status()).isEqualTo(UserError.STATUS);
        assertThat(both.err().strip()).isEqualTo("--preset sets --epochs itself: give one or the other");
        assertThat(dir).isEmptyDirectory();
    }

    /** A damaged curve file or an output that is a file stops the command in one line before any training. */
    @Test
    void damagedCurvesAndUnwritableOutputsAreOneLine(@TempDir Path dir) throws Exception {
        for (String content : List.of("", "garbage\n", "iteration,epoch,trainError,testError,seconds\n1,0.5,0.",
                "\u0000\u00ff\u00fe binary")) {
            Path out = Files.createDirectories(dir.resolve("series" + content.length()));
            Files.write(out.resolve("plain8.csv"), content.getBytes(StandardCharsets.ISO_8859_1));
            CliTest.Result r = CliTest.run("degradation", "--depths", "8", "--kinds", "plain", "--limit", "128",
                    "--test-limit", "64", "--epochs", "1", "--out", out.toString(), "--resume");
            assertThat(r.status()).as(content).isEqualTo(UserError.STATUS);
            assertThat(r.err().strip().lines()).as(content).hasSize(1);
            assertThat(r.err()).contains("plain8.csv").contains("move it away").doesNotContain("Exception");
        }
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        CliTest.Result r = CliTest.run("degradation", "--depths", "8", "--kinds", "plain", "--out", file.toString());
        assertThat(r.status()).isEqualTo(UserError.STATUS);
        assertThat(r.err().strip()).contains("it is a file").doesNotContain("\n");
    }

    private static List<String> fields(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
