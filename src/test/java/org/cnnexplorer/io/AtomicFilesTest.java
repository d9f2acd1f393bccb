package org.cnnexplorer.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtomicFilesTest {
    @Test
    void aFailedWriteKeepsTheOldFileAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.txt");
        AtomicFiles.write(file, "first");
        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write("half of the second".getBytes());
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(Files.readString(file)).isEqualTo("first");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
        AtomicFiles.write(file, "second");
        assertThat(Files.readString(file)).isEqualTo("second");
    }
}
