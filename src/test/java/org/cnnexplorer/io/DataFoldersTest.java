package org.cnnexplorer.io;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DataFoldersTest {
    @AfterEach
    void forget() {
        System.clearProperty(DataFolders.HOME_PROPERTY);
        System.clearProperty("cnnexplorer.weights");
    }

    /** One property moves everything; the per-folder properties still move one folder each. */
    @Test
    void theHomePropertyMovesEveryFolderAndAFolderPropertyWinsForItsFolder(@TempDir Path dir) {
        System.setProperty(DataFolders.HOME_PROPERTY, dir.toString());
        assertThat(DataFolders.home()).isEqualTo(dir);
        assertThat(DataFolders.runs()).isEqualTo(dir.resolve("runs"));
        assertThat(DataFolders.lessons()).isEqualTo(dir.resolve("lessons"));
        System.setProperty("cnnexplorer.weights", dir.resolve("elsewhere").toString());
        assertThat(DataFolders.weights()).isEqualTo(dir.resolve("elsewhere"));
    }

    @Test
    void withoutThePropertyTheFolderIsInTheUsersHome() {
        Path home = DataFolders.home();
        assertThat(home.getFileName().toString()).isIn(".cnn-explorer", "cnn-explorer");
        assertThat(home).isAbsolute();
    }
}
