package org.cnnexplorer.io;

import java.nio.file.Path;

/**
 * Where the application keeps what the user made: training runs, imported weights, lesson results. Each folder sits
 * under {@code ~/.cnn-explorer}; a system property moves one of them (tests, demos, a classroom share).
 */
public final class DataFolders {
    private DataFolders() {
    }

    /** Training runs and degradation series; {@code -Dcnnexplorer.runs=DIR} moves them. */
    public static Path runs() {
        return folder("cnnexplorer.runs", "runs");
    }

    /** Imported and downloaded weights; {@code -Dcnnexplorer.weights=DIR} moves them. */
    public static Path weights() {
        return folder("cnnexplorer.weights", "weights");
    }

    /** Results of the lessons' live experiments; {@code -Dcnnexplorer.lessons=DIR} moves them. */
    public static Path lessons() {
        return folder("cnnexplorer.lessons", "lessons");
    }

    private static Path folder(String property, String name) {
        String p = System.getProperty(property);
        return p != null ? Path.of(p) : Path.of(System.getProperty("user.home"), ".cnn-explorer", name);
    }
}
