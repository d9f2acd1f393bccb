package org.cnnexplorer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Folders of real pictures for the tests that train on a folder, made from the shipped sample pictures. */
public final class SampleFolders {
    private SampleFolders() {
    }

    /** Copies every sample picture starting with {@code prefix} but the first, which is kept back to classify. */
    public static void copyAllButFirst(String prefix, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(Path.of("sample-images"))) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().skip(1)
                    .toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
    }
}
