package org.cnnexplorer.io;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DataFoldersTest {
    /** Other tests in the same JVM may have moved a folder: each test here starts from none moved, and puts back. */
    private static final List<String> PROPERTIES = List.of(DataFolders.HOME_PROPERTY, "cnnexplorer.runs",
            "cnnexplorer.weights", "cnnexplorer.lessons");
    private final Map<String, String> before = new HashMap<>();

    @BeforeEach
    void noneMoved() {
        for (String p : PROPERTIES) {
            String v = System.clearProperty(p);
            if (v != null) {
                before.put(p, v);
            }
        }
    }

    @AfterEach
    void putBack() {
        PROPERTIES.forEach(System::clearProperty);
        before.forEach(System::setProperty);
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
