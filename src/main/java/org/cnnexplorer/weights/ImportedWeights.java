package org.cnnexplorer.weights;

import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.ModelInfo;
import org.cnnexplorer.io.AtomicFiles;
import org.cnnexplorer.io.DataFolders;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Weights the user imported (ImageNet models from ONNX files), one weights file per catalog id in the user's data
 * folder: {@code ~/.cnn-explorer/weights/ID.zip}, or the folder the {@code cnnexplorer.weights} property names.
 */
public final class ImportedWeights {
    private final Path dir;

    public ImportedWeights(Path dir) {
        this.dir = dir;
    }

    public static ImportedWeights standard() {
        return new ImportedWeights(DataFolders.weights());
    }

    public Path dir() {
        return dir;
    }

    public Path file(String catalogId) {
        return dir.resolve(catalogId + ".zip");
    }

    public boolean has(String catalogId) {
        return Files.isRegularFile(file(catalogId));
    }

    /** Saves {@code model} as the weights of its catalog id, replacing earlier ones in one atomic move. */
    public Path save(Model model) throws IOException {
        Path f = file(model.info().catalogId());
        AtomicFiles.folder(dir);
        WeightsIO.save(model, f);
        return f;
    }

    /** The imported weights of {@code catalogId}, if any. */
    public Optional<Model> load(String catalogId) throws IOException {
        return has(catalogId) ? Optional.of(WeightsIO.load(file(catalogId), catalogId, null)) : Optional.empty();
    }

    /** What is imported, by catalog id (the metadata only: no network is built). */
    public List<ModelInfo> list() throws IOException {
        return listing().weights();
    }

    /** The folder's weights files, and a line for each {@code .zip} that is not one (it hides no other). */
    public record Listing(List<ModelInfo> weights, List<String> unreadable) {
    }

    public Listing listing() throws IOException {
        List<ModelInfo> out = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return new Listing(out, bad);
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".zip")).sorted().toList()) {
                try {
                    if (!Files.isRegularFile(f)) {
                        throw new WeightsFileException(f.getFileName() + ": not a file");
                    }
                    out.add(WeightsIO.info(f));
                } catch (WeightsFileException | FileSystemException e) {
                    bad.add(e instanceof WeightsFileException ? e.getMessage()
                            : f.getFileName() + (e instanceof AccessDeniedException ? ": permission denied"
                            : ": cannot be read (" + e.getClass().getSimpleName() + ")"));
                }
            }
        }
        return new Listing(out, bad);
    }
}
