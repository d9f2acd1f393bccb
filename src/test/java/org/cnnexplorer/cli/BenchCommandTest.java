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
import static org.assertj.core.data.Offset.offset;

class BenchCommandTest {

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Cli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void jsonRowsHaveExactlyTheIssuesFieldsAndConsistentNumbers() throws Exception {
        Run r = run("bench", "--models", "resnet20", "--batch", "1,2", "--runs", "7", "--warmup", "1", "--json");
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(r.out());
        assertThat(rows.isArray()).isTrue();
        assertThat(rows).hasSize(2);
        long macs = Catalog.get("resnet20").build().macs();
        for (JsonNode row : rows) {
            List<String> fields = new ArrayList<>();
            row.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("model", "batch", "mode", "medianMs", "minMs", "imagesPerSec", "gflops");
            assertThat(row.get("model").asText()).isEqualTo("resnet20");
            assertThat(row.get("mode").asText()).isEqualTo("infer");
            double median = row.get("medianMs").asDouble();
            int batch = row.get("batch").asInt();
            assertThat(median).isPositive();
            assertThat(row.get("minMs").asDouble()).isPositive().isLessThanOrEqualTo(median);
            assertThat(row.get("imagesPerSec").asDouble())
                    .isCloseTo(batch * 1000 / median, offset(0.05 * batch * 1000 / median));
            assertThat(row.get("gflops").asDouble()).isCloseTo(2.0 * macs * batch / (median * 1e6),
                    offset(0.02 + 0.05 * 2.0 * macs * batch / (median * 1e6)));
        }
        assertThat(rows.get(0).get("batch").asInt()).isEqualTo(1);
        assertThat(rows.get(1).get("batch").asInt()).isEqualTo(2);
    }

    @Test
    void tooFewRunsUnknownModelsAndBadBatchesAreOneLineErrors() {
        Run few = run("bench", "--models", "resnet20", "--runs", "3");
        assertThat(few.status()).isEqualTo(UserError.STATUS);
        assertThat(few.err().strip()).isEqualTo("--runs must be at least 7, got 3");
        Run unknown = run("bench", "--models", "resnet21");
        assertThat(unknown.status()).isEqualTo(UserError.STATUS);
        assertThat(unknown.err()).startsWith("unknown network 'resnet21'");
        Run batch = run("bench", "--models", "resnet20", "--batch", "0");
        assertThat(batch.status()).isEqualTo(UserError.STATUS);
        assertThat(batch.err().strip()).isEqualTo("batch sizes must be positive, got 0");
        assertThat(few.out() + unknown.out() + batch.out()).isEmpty();
    }
}
