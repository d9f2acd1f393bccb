package org.cnnexplorer.train;

import org.cnnexplorer.data.DataSplits;
import org.cnnexplorer.data.Dataset;
import org.cnnexplorer.data.FashionMnist;
import org.cnnexplorer.data.ImageFolderDataset;
import org.cnnexplorer.data.ImageLoader;
import org.cnnexplorer.data.Split;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.weights.NetworkWeights;
import org.cnnexplorer.weights.ShippedModels;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fine-tuning the shipped mini networks on two classes they were never taught, footwear and tops (each made of three
 * Fashion-MNIST classes, from the pictures in sample-images/), and scoring the result on held-out pictures of those
 * classes from the embedded test split.
 */
class FineTuningTest {
    private static final List<String> FOOTWEAR = List.of("sandal", "sneaker", "ankle-boot");
    private static final List<String> TOPS = List.of("shirt", "pullover", "coat");

    @TempDir
    static Path dir;
    static Path folder;

    @BeforeAll
    static void folder() throws Exception {
        folder = dir.resolve("clothes");
        for (String c : FOOTWEAR) {
            copy(c, folder.resolve("footwear"));
        }
        for (String c : TOPS) {
            copy(c, folder.resolve("tops"));
        }
    }

    private static void copy(String prefix, Path to) throws Exception {
        Files.createDirectories(to);
        try (var files = Files.list(Path.of("sample-images"))) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith(prefix + "_")).toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
    }

    private static DataSplits load(Model base) {
        return ImageFolderDataset.load(folder, NetworkWeights.inputSpec(base.info()), 0.2, 7, new ImageLoader(),
                ImageFolderDataset.Progress.none()).splits();
    }

    private static FineTuning.Result tune(Model base, FineTuning.Scope scope, int epochs, double lr) {
        return new FineTuning(base, load(base), new FineTuning.Settings(scope, epochs, 8, lr, 7), null,
                new RunControl()).run();
    }

    /** Accuracy on 200 held-out Fashion-MNIST test pictures: 100 of footwear, 100 of tops. */
    private static double heldOut(Model tuned) {
        Dataset test = FashionMnist.load(FashionMnist.embedded(), Split.TEST);
        int right = 0;
        int footwear = 0;
        int tops = 0;
        for (int i = 0; i < test.size() && footwear + tops < 200; i++) {
            String name = FashionMnist.Label.values()[test.label(i)].slug();
            boolean isFootwear = FOOTWEAR.contains(name);
            if (isFootwear ? footwear++ >= 100 : !TOPS.contains(name) || tops++ >= 100) {
                continue;
            }
            String predicted = tuned.topK(test.features(i), 1, () -> false).get(0).label();
            right += predicted.equals(isFootwear ? "footwear" : "tops") ? 1 : 0;
        }
        return right / 200.0;
    }

    /** Every layer's parameters by vertex name, as floats. */
    private static Map<String, float[]> params(Model m) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (GraphVertex v : m.graph().getVertices()) {
            if (v.hasLayer() && v.getLayer().numParams() > 0) {
                out.put(v.getVertexName(), v.getLayer().params().dup().toFloatVector());
            }
        }
        return out;
    }

    /**
     * The project's own layers (FastBatchNorm, FastMaxPool, FastLrn, the activation layers, the towers' channel
     * slices) run frozen inside DL4J's FrozenLayer and FrozenVertex: head-only training learns the new classes from
     * their features and leaves every frozen weight (batch-norm statistics included) bit for bit as it was.
     */
    @ParameterizedTest
    @ValueSource(strings = {"mini-resnet", "mini-alexnet", "mini-vgg", "mini-googlenet"})
    void headOnlyLearnsNewClassesAndLeavesTheFrozenLayersAsTheyWere(String id) throws Exception {
        try (Model base = ShippedModels.load(id).orElseThrow()) {
            Map<String, float[]> before = params(base);
            FineTuning.Result r = tune(base, FineTuning.Scope.HEAD, 15, 0.01);
            try (Model tuned = r.model()) {
                assertThat(tuned.info().labels()).containsExactly("footwear", "tops");
                assertThat(tuned.info().catalogId()).isEqualTo(id);
                assertThat(heldOut(tuned)).as("held-out accuracy, chance 0.5").isGreaterThan(0.85);
                String classifier = FineTuning.classifier(base.network()).id();
                Set<String> aux = Set.copyOf(base.network().layers().stream().filter(l -> l.aux())
                        .map(l -> l.id()).toList());
                Map<String, float[]> after = params(tuned);
                List<String> frozen = new ArrayList<>();
                before.forEach((layer, values) -> {
                    if (!layer.equals(classifier) && !aux.contains(layer)) {
                        assertThat(Arrays.equals(after.get(layer), values)).as(layer + " unchanged").isTrue();
                        frozen.add(layer);
                    }
                });
                assertThat(frozen).isNotEmpty();
                assertThat(after.get(classifier)).as("two rows of the ten").hasSize(before.get(classifier).length / 5);
            }
        }
    }

    @Test
    void allTrainsEveryLayerFromTheTrainedWeights() throws Exception {
        try (Model base = ShippedModels.load("mini-resnet").orElseThrow()) {
            Map<String, float[]> before = params(base);
            FineTuning.Result r = tune(base, FineTuning.Scope.ALL, 3, 1e-3);
            try (Model tuned = r.model()) {
                Map<String, float[]> after = params(tuned);
                assertThat(Arrays.equals(after.get("conv1"), before.get("conv1"))).as("conv1 trained").isFalse();
                assertThat(Arrays.equals(after.get("layer2.0.conv1"), before.get("layer2.0.conv1"))).isFalse();
                assertThat(heldOut(tuned)).as("held-out accuracy, chance 0.5").isGreaterThan(0.75);
            }
        }
    }

    @Test
    void aCancelledRunStopsAndReturnsNoModel() throws Exception {
        try (Model base = ShippedModels.load("mini-resnet").orElseThrow()) {
            RunControl control = new RunControl();
            List<FineTuning.Event> events = new ArrayList<>();
            FineTuning.Result r = new FineTuning(base, load(base),
                    new FineTuning.Settings(FineTuning.Scope.HEAD, 50, 4, 0.01, 7), e -> {
                        events.add(e);
                        if (e instanceof FineTuning.Event.Step s && s.epoch() == 1) {
                            control.cancel();
                        }
                    }, control).run();
            assertThat(r.cancelled()).isTrue();
            assertThat(r.model()).isNull();
            assertThat(events.stream().filter(e -> e instanceof FineTuning.Event.EpochEnd)).hasSize(1);
        }
    }
}
