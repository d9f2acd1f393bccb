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

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.imageio.ImageIO;

/**
 * What the live panels work on: the current picture (a Fashion-MNIST image, 1×28×28 in [0, 1]; a shipped test
 * image when the user has none), a colour photograph for the full-size networks ({@link #photo}) and the mini
 * networks with their shipped weights. Forward passes are cached per
 * model, so building every page for the handout runs mini-alexnet once.
 */
public final class LessonContext implements AutoCloseable {
    /** The default picture: test image 0 of Fashion-MNIST (an ankle boot, sample-images/ankle-boot_0000.png). */
    public static final int DEFAULT_SAMPLE = 0;

    /**
     * @param pixels 1×28×28 in [0, 1], white object on black as the networks were trained; label −1 if unknown
     * @param colour the picture as the user gave it, in colour, for the full-size networks; null for a shipped sample
     */
    public record Picture(String name, float[] pixels, int label, BufferedImage colour) {
        public Picture {
            if (pixels.length != FashionMnist.SHAPE.size()) {
                throw new IllegalArgumentException(name + ": " + pixels.length + " values, need "
                        + FashionMnist.SHAPE.size());
            }
        }
    }

    /** A colour picture a full-size (ImageNet) network is shown on. */
    public record Photo(String name, BufferedImage image) {
    }

    /**
     * A network's pass over the photo.
     *
     * @param seen the photo as the network takes it (cut, scaled)
     * @param bgr  whether the network's channels are blue, green, red (Caffe's models)
     */
    public record PhotoPass(BufferedImage seen, boolean bgr, Map<String, LayerActivation> activations) {
    }

    /**
     * The photograph the pages show the ImageNet networks when the user has given no picture of their own: Chelsea
     * the cat, CC0 (sample-images/photos/LICENSE.md), put into the jar by the build.
     */
    public static final String SHIPPED_PHOTO = "chelsea.png";

    private final Picture picture;
    private final Function<String, Model> models;
    private final List<Model> owned = new ArrayList<>();
    private final Map<String, Map<String, LayerActivation>> activations = new HashMap<>();
    private final Map<String, PhotoPass> photoPasses = new HashMap<>();

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
        return new Picture(String.format("%s_%04d", label.slug(), i), px, label.ordinal(), null);
    }

    /**
     * A picture the user loaded (Classify's): as the mini networks see it (their preprocessing) and in colour for the
     * full-size ones; class unknown.
     */
    public static Picture of(String name, LoadedImage image) {
        return new Picture(name, Preprocessor.apply(image, InputSpec.forShape(FashionMnist.SHAPE)).input(), -1,
                image.image());
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

    private static final class ShippedPhoto {
        static final Photo PHOTO = read();

        private static Photo read() {
            try (InputStream in = LessonContext.class.getResourceAsStream("photos/" + SHIPPED_PHOTO)) {
                if (in == null) {
                    throw new IllegalStateException("photos/" + SHIPPED_PHOTO + " is missing from the build");
                }
                return new Photo(SHIPPED_PHOTO, ImageIO.read(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public Picture picture() {
        return picture;
    }

    /** What the full-size networks are shown on: the user's own picture in colour, else the shipped photograph. */
    public Photo photo() {
        return picture.colour() != null ? new Photo(picture.name(), picture.colour()) : ShippedPhoto.PHOTO;
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

    /** Every layer's output of {@code modelId} on {@link #photo}, with the preprocessing its weights recorded. */
    public synchronized PhotoPass onPhoto(String modelId) {
        return photoPasses.computeIfAbsent(modelId, id -> {
            Model m = model(id);
            InputSpec spec = NetworkWeights.inputSpec(m.info());
            Preprocessor.Result r = Preprocessor.apply(photo().image(), spec);
            return new PhotoPass(r.seen(), spec.bgr(), m.activations(r.input(), () -> false));
        });
    }

    @Override
    public void close() {
        owned.forEach(Model::close);
        owned.clear();
    }
}
