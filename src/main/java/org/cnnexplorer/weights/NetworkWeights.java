package org.cnnexplorer.weights;

import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.data.InputSpec;
import org.cnnexplorer.data.Preprocessing;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.ModelInfo;

import java.io.IOException;
import java.util.Optional;

/**
 * Which weights a catalog network runs with when the user names none: the shipped ones (the mini networks), else the
 * ones the user imported (ImageNet models from ONNX files), else random weights, which every view must label
 * "random weights — structure only". And how a picture becomes that model's input.
 */
public final class NetworkWeights {
    private NetworkWeights() {
    }

    /** The trained weights of {@code id}, shipped or imported, or the network the user fine-tuned as {@code id}. */
    public static Optional<Model> trained(String id, ImportedWeights imported) throws IOException {
        if (Catalog.find(id).isEmpty()) {
            return imported.loadNamed(id);
        }
        Optional<Model> shipped = ShippedModels.load(id);
        return shipped.isPresent() ? shipped : imported.load(id);
    }

    /** The trained weights of {@code id}, else random ones. */
    public static Model load(String id, ImportedWeights imported) throws IOException {
        Optional<Model> m = trained(id, imported);
        return m.isPresent() ? m.get() : Model.untrained(id);
    }

    /**
     * What {@code info}'s network takes: the preprocessing its weights recorded (imported ones do), else the usual one
     * for its input shape.
     */
    public static InputSpec inputSpec(ModelInfo info) {
        return Optional.ofNullable(info.provenance().get(Preprocessing.KEY)).flatMap(Preprocessing::of)
                .filter(p -> info.input().channels() == 3)
                .map(p -> p.spec(info.input()))
                .orElseGet(() -> InputSpec.forShape(info.input()));
    }
}
