package org.cnnexplorer.lessons;

import org.cnnexplorer.data.FashionMnist;
import org.cnnexplorer.data.InMemoryDataset;
import org.cnnexplorer.data.InputSpec;
import org.cnnexplorer.data.LoadedImage;
import org.cnnexplorer.data.Preprocessor;
import org.cnnexplorer.data.Split;
import org.cnnexplorer.engine.LayerActivation;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.io.DataFolders;
import org.cnnexplorer.weights.ImportedWeights;
import org.cnnexplorer.weights.NetworkWeights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the live panels work on: the current picture (a Fashion-MNIST image, 1×28×28 in [0, 1]; a shipped test
 * image when the user has none) and the mini networks with their shipped weights. Forward passes are cached per
 * model, so building every page for the handout runs mini-alexnet once.
 */
public final class LessonContext implements AutoCloseable {
    /** The default picture: test image 0 of Fashion-MNIST (an ankle boot, sample-images/ankle-boot_0000.png). */
    public static final int DEFAULT_SAMPLE = 0;

    /** @param pixels 1×28×28 in [0, 1], white object on black as the networks were trained; label −1 if unknown */
    public record Picture(String name, float[] pixels, int label) {
        public Picture {
            if (pixels.length != FashionMnist.SHAPE.size()) {
                throw new IllegalArgumentException(name + ": " + pixels.length + " values, need "
                        + FashionMnist.SHAPE.size());
            }
        }
    }

    private final Picture picture;
    private final Function<String, Model> models;
    private final List<Model> owned = new ArrayList<>();
    private final Map<String, Map<String, LayerActivation>> activations = new HashMap<>();

    private LessonContext(Picture picture, Function<String, Model> models) {
        this.picture = picture;
        this.models = models;
    }

    /** For the command line and tests: the shipped sample, models loaded here and closed with the context. */
    public static LessonContext standalone() {
        return standalone(sample(DEFAULT_SAMPLE));
    }

    public static LessonContext standalone(Picture picture) {
        Map<String, Model> cache = new LinkedHashMap<>();
        LessonContext[] self = new LessonContext[1];
        self[0] = new LessonContext(picture, id -> cache.computeIfAbsent(id, k -> {
            Model m = load(k);
            self[0].owned.add(m);
            return m;
        }));
        return self[0];
    }

    /** For the window: the models come from (and stay with) its own cache. */
    public static LessonContext shared(Picture picture, Function<String, Model> models) {
        return new LessonContext(picture, models);
    }

    /**
     * The shipped weights of {@code id}, else the ImageNet weights the user imported, else random weights (pages then
     * say "untrained").
     */
    public static Model load(String id) {
        try {
            return NetworkWeights.load(id, ImportedWeights.standard());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many test images {@link #sample} can pick from. */
    public static int sampleCount() {
        return TestSplit.DATA.size();
    }

    /** Test image {@code index} of the embedded Fashion-MNIST (the sample-images/ files are the first sixty). */
    public static Picture sample(int index) {
        InMemoryDataset test = TestSplit.DATA;
        int i = Math.floorMod(index, test.size());
        float[] px = new float[(int) FashionMnist.SHAPE.size()];
        test.copyFeatures(i, px, 0);
        FashionMnist.Label label = FashionMnist.Label.of(test.label(i));
        return new Picture(String.format("%s_%04d", label.slug(), i), px, label.ordinal());
    }

    /** A picture the user loaded (Classify's), as the mini networks see it (their preprocessing); class unknown. */
    public static Picture of(String name, LoadedImage image) {
        return new Picture(name, Preprocessor.apply(image, InputSpec.forShape(FashionMnist.SHAPE)).input(), -1);
    }

    /** The first {@code n} test images (consecutive 1×28×28 floats) and their labels: a fixed batch. */
    public static float[] testImages(int n, int[] labels) {
        InMemoryDataset test = TestSplit.DATA;
        int size = (int) FashionMnist.SHAPE.size();
        float[] out = new float[n * size];
        for (int i = 0; i < n; i++) {
            test.copyFeatures(i, out, i * size);
            labels[i] = test.label(i);
        }
        return out;
    }

    /**
     * Where lessons keep results of finished live experiments (the ReLU race), so the printed page shows them.
     */
    public static Path keptDir() {
        return DataFolders.lessons();
    }

    private static final class TestSplit {
        static final InMemoryDataset DATA = FashionMnist.load(FashionMnist.embedded(), Split.TEST);
    }

    public Picture picture() {
        return picture;
    }

    public Model model(String id) {
        return models.apply(id);
    }

    /**
     * The model of {@code id} with the ImageNet weights the user imported, if there are any: a page that has
     * something to show only with trained full-size weights asks here rather than loading random ones.
     */
    public Optional<Model> imported(String id) {
        return ImportedWeights.standard().has(id) ? Optional.of(model(id)) : Optional.empty();
    }

    /** Every layer's output of {@code modelId} on the picture (computed once). */
    public synchronized Map<String, LayerActivation> activations(String modelId) {
        return activations.computeIfAbsent(modelId, id -> model(id).activations(picture.pixels(), () -> false));
    }

    @Override
    public void close() {
        owned.forEach(Model::close);
        owned.clear();
    }
}
