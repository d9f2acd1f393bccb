package org.cnnexplorer.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

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

    @Test
    void aMissingFolderAFolderOrAnInputIsRefusedAndNothingIsCreated(@TempDir Path dir) throws IOException {
        Path nowhere = dir.resolve("no-such-folder").resolve("x.png");
        assertThatThrownBy(() -> AtomicFiles.write(nowhere, "x"))
                .isInstanceOf(AtomicFiles.UnwritableException.class).hasMessageContaining("does not exist");
        assertThat(dir.resolve("no-such-folder")).doesNotExist();
        assertThatThrownBy(() -> AtomicFiles.checkOutput(dir)).hasMessageContaining("it is a folder");
        Path picture = dir.resolve("mine.png");
        Files.writeString(picture, "the user's picture");
        assertThatThrownBy(() -> AtomicFiles.checkOutput(dir.resolve(".").resolve("mine.png"), picture))
                .hasMessageContaining("input");
        AtomicFiles.checkOutput(dir.resolve("other.png"), picture);
        assertThat(Files.readString(picture)).isEqualTo("the user's picture");
    }

    @Test
    void anApplicationFolderIsMadeButNotOverAFile(@TempDir Path dir) throws IOException {
        Path runs = dir.resolve("runs").resolve("a");
        assertThat(AtomicFiles.folder(runs)).isDirectory();
        Path file = dir.resolve("file");
        Files.writeString(file, "x");
        assertThatThrownBy(() -> AtomicFiles.folder(file)).hasMessageContaining("it is a file");
    }

    /** A killed process's half-written file goes at the next start; a running process's stays. */
    @Test
    void leftoversOfGoneProcessesAreRemovedAndLiveOnesKept(@TempDir Path dir) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path left = dir.resolve(".resnet18.zip." + gone.pid() + "-" + UUID.randomUUID() + ".tmp");
        Path live = dir.resolve(AtomicFiles.tempName("resnet18.zip"));
        Path user = dir.resolve(".notes.tmp");
        for (Path p : List.of(left, live, user)) {
            Files.writeString(p, "x");
        }
        assertThat(AtomicFiles.removeLeftovers(dir)).isEqualTo(1);
        assertThat(left).doesNotExist();
        assertThat(live).exists();
        assertThat(user).exists();
        assertThat(AtomicFiles.removeLeftovers(dir.resolve("missing"))).isZero();
    }
}
