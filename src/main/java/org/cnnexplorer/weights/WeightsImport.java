package org.cnnexplorer.weights;

import org.cnnexplorer.data.Preprocessing;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.onnx.OnnxFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;

/**
 * The weights files a user can import, told apart by their extension: {@code .onnx} (the ONNX model zoo, a
 * torchvision export) and {@code .safetensors} (a PyTorch state_dict of a torchvision network, as Hugging Face
 * publishes torchvision's weights). The CLI and the window import through here.
 */
public final class WeightsImport {
    /** The extensions of importable files, with their dot. */
    public static final List<String> EXTENSIONS = List.of(".onnx", ".safetensors");

    /** A model imported from a file, and the preprocessing it was saved with. */
    public record Imported(Model model, Preprocessing preprocessing) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    private WeightsImport() {
    }

    /** Whether {@code fileName} is a weights file this imports (by its extension, in any case). */
    public static boolean isWeightsFile(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    /**
     * Imports {@code file} onto catalog network {@code id}. Nothing is written anywhere: the caller saves the model.
     *
     * @param preprocessing the preprocessing to record, or null for what the weights' usual source used
     * @param progress      receives 0..1 while weights are copied
     * @throws org.cnnexplorer.onnx.OnnxException for an ONNX file, {@link WeightsFileException} for a safetensors
     *                                            file that is damaged or does not fit {@code id} (one line)
     */
    public static Imported importFile(Path file, String id, Preprocessing preprocessing, DoubleConsumer progress,
                                      BooleanSupplier cancelled) throws IOException {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".safetensors")) {
            SafetensorsFile st = SafetensorsFile.read(file);
            Preprocessing p = preprocessing != null ? preprocessing : SafetensorsImporter.usualPreprocessing(id);
            return new Imported(SafetensorsImporter.importFile(st, id, p, progress, cancelled), p);
        }
        OnnxFile onnx = OnnxFile.read(file);
        Preprocessing p = preprocessing != null ? preprocessing : OnnxImporter.usualPreprocessing(onnx, id);
        return new Imported(OnnxImporter.importFile(onnx, id, p, progress, cancelled), p);
    }
}
