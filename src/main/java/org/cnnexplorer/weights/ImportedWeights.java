package org.cnnexplorer.weights;

import org.cnnexplorer.arch.zoo.Catalog;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Weights the user imported (ImageNet models from ONNX files), one weights file per catalog id in the user's data
 * folder: {@code ~/.cnn-explorer/weights/ID.zip}, or the folder the {@code cnnexplorer.weights} property names. Beside
 * them, networks the user fine-tuned on their own classes, one file per name they chose ({@code NAME.zip}, the name
 * also in the provenance under {@link #NAME}); a name is never a catalog id, so neither kind hides the other.
 */
public final class ImportedWeights {
    /** Provenance key of the name a fine-tuned network was saved under. */
    public static final String NAME = "name";
    private static final Pattern NAMES = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

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

    /**
     * Why {@code name} cannot name a fine-tuned network, in one line, or empty when it can. Catalog ids are refused
     * in any case, as a file system that ignores case would store them on top of the imported weights.
     */
    public static Optional<String> nameProblem(String name) {
        if (name == null || !NAMES.matcher(name).matches()) {
            return Optional.of("name '" + name + "': use letters, digits, '.', '_' and '-' (at most 64), starting "
                    + "with a letter or digit");
        }
        if (Catalog.ids().stream().anyMatch(id -> id.equalsIgnoreCase(name))) {
            return Optional.of("'" + name + "' is a catalog network's id: give your network a name of its own");
        }
        return Optional.empty();
    }

    /** Saves a fine-tuned {@code model} as {@code name}, replacing one saved so before, in one atomic move. */
    public Path saveAs(String name, Model model) throws IOException {
        nameProblem(name).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        ModelInfo info = model.info();
        Map<String, String> facts = new LinkedHashMap<>(info.provenance());
        facts.put(NAME, name);
        Path f = file(name);
        AtomicFiles.folder(dir);
        WeightsIO.save(model.withInfo(new ModelInfo(info.catalogId(), info.input(), info.classes(), info.labels(),
                info.trained(), facts)), f);
        return f;
    }

    /** Whether {@code name} names a network the user fine-tuned and saved here. */
    public boolean hasNamed(String name) {
        return nameProblem(name).isEmpty() && has(name);
    }

    /** The network fine-tuned and saved as {@code name}, if there is one. */
    public Optional<Model> loadNamed(String name) throws IOException {
        return hasNamed(name) ? Optional.of(WeightsIO.load(file(name))) : Optional.empty();
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
