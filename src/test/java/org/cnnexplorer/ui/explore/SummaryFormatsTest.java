package org.cnnexplorer.ui.explore;

import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.diagram.Export;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SummaryFormatsTest {
    @TempDir
    Path dir;

    private final Network net = Catalog.get("vgg11").build();

    @Test
    void csvHasOneRowPerLayerWithExactCounts() {
        List<String> lines = SummaryFormats.csv(net).lines().toList();
        assertThat(lines).hasSize(net.layers().size() + 1);
        assertThat(lines.get(0)).startsWith("id,type,output,params,macs");
        long params = lines.stream().skip(1).mapToLong(l -> Long.parseLong(l.split(",")[3])).sum();
        assertThat(params).isEqualTo(net.params());
    }

    @Test
    void markdownAndJsonByExtension() {
        assertThat(SummaryFormats.byExtension(net, "a.md")).contains("| layer | type |").contains("`fc6`");
        assertThat(SummaryFormats.byExtension(net, "a.json")).contains("\"id\" : \"vgg11\"");
        assertThatThrownBy(() -> SummaryFormats.byExtension(net, "a.txt")).hasMessageContaining(".csv, .md or .json");
    }

    @Test
    void atomicWriteLeavesOnlyTheFinishedFile() throws IOException {
        Path out = dir.resolve("summary.csv");
        Export.atomically(out, SummaryFormats.csv(net));
        assertThatThrownBy(() -> Export.atomically(dir.resolve("broken.csv"), s -> {
            s.write('x');
            throw new IOException("disk full");
        })).hasMessage("disk full");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("summary.csv");
        }
        assertThat(Files.readString(out)).isEqualTo(SummaryFormats.csv(net));
    }
}
