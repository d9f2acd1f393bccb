package org.cnnexplorer.lessons;

import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.Layers;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.train.TrainingRun;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handout's exercises (exercises.properties, exercises_ko.properties): two or three questions with worked
 * answers for every lesson, the same keys in both languages, plain strings, and every catalog count an answer
 * states recomputed from the catalog. The Korean vocabulary is checked by GlossaryTest, which reads this bundle too.
 */
class ExercisesTest {
    static final String BUNDLE = "org.cnnexplorer.lessons.exercises";
    static final String EN = "/org/cnnexplorer/lessons/exercises.properties";
    static final String KO = "/org/cnnexplorer/lessons/exercises_ko.properties";
    private static final Pattern KEY = Pattern.compile("(.+)\\.([qa])([1-9])");
    private static final Pattern HANGUL = Pattern.compile("[\\uAC00-\\uD7A3]");

    static Properties load(String resource) throws IOException {
        Properties p = new Properties();
        try (InputStream in = ExercisesTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    /** The entries a file writes: its lines that are neither blank nor comments (no value spans two lines). */
    private static long entries(String resource) throws IOException {
        try (InputStream in = ExercisesTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).count();
        }
    }

    /** The question numbers of each lesson, by "q" and "a": {lesson → {"q" → {1, 2}, "a" → {1, 2}}}. */
    private static Map<String, Map<String, Set<Integer>>> numbers(Properties p, List<String> bad) {
        Map<String, Map<String, Set<Integer>>> out = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            Matcher m = KEY.matcher(key);
            if (!m.matches()) {
                bad.add(key);
                continue;
            }
            out.computeIfAbsent(m.group(1), k -> new TreeMap<>()).computeIfAbsent(m.group(2), k -> new TreeSet<>())
                    .add(Integer.parseInt(m.group(3)));
        }
        return out;
    }

    @Test
    void everyLessonHasTwoOrThreeQuestionsEachWithAnAnswerInBothLanguages() throws IOException {
        Properties en = load(EN);
        Properties ko = load(KO);
        assertThat(ko.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
        for (String file : List.of(EN, KO)) {
            Properties p = load(file);
            assertThat(entries(file)).as(file + ": one line a key, no key twice").isEqualTo(p.size());
            List<String> bad = new ArrayList<>();
            Map<String, Map<String, Set<Integer>>> byLesson = numbers(p, bad);
            assertThat(bad).as("keys that are not <lesson>.q<n> or <lesson>.a<n>").isEmpty();
            assertThat(byLesson.keySet()).as("no key for an unknown lesson, none missing")
                    .containsExactlyInAnyOrderElementsOf(Lessons.ids());
            byLesson.forEach((lesson, qa) -> {
                assertThat(qa.keySet()).as(lesson).containsExactly("a", "q");
                assertThat(qa.get("a")).as(lesson + ": an answer for every question").isEqualTo(qa.get("q"));
                assertThat(qa.get("q")).as(lesson + ": questions 1, 2 and optionally 3")
                        .isIn(Set.of(1, 2), Set.of(1, 2, 3));
            });
        }
    }

    @Test
    void theTextsArePlainStringsTheRendererReadsAsWritten() throws IOException {
        Properties en = load(EN);
        Properties ko = load(KO);
        ResourceBundle.Control exact = ResourceBundle.Control.getNoFallbackControl(
                ResourceBundle.Control.FORMAT_PROPERTIES);
        ResourceBundle enBundle = ResourceBundle.getBundle(BUNDLE, Locale.ROOT, exact);
        ResourceBundle koBundle = ResourceBundle.getBundle(BUNDLE, Locale.KOREAN, exact);
        for (String key : en.stringPropertyNames()) {
            for (String text : List.of(en.getProperty(key), ko.getProperty(key))) {
                assertThat(text).as(key).isNotBlank().isEqualTo(text.strip())
                        .doesNotContainPattern("\\{\\d")
                        .as(key + ": the print font lacks the minus sign U+2212").doesNotContain("\u2212");
            }
            assertThat(en.getProperty(key)).as(key).doesNotContainPattern(HANGUL.pattern());
            assertThat(ko.getProperty(key)).as(key).containsPattern(HANGUL.pattern());
            // ResourceBundle reads the files as UTF-8, exactly as Properties does here
            assertThat(enBundle.getString(key)).isEqualTo(en.getProperty(key));
            assertThat(koBundle.getString(key)).isEqualTo(ko.getProperty(key));
        }
    }

    /** A number an answer states, computed here from the catalog. */
    record Pin(String key, long value) {
        String written() {
            return String.format(Locale.ROOT, "%,d", value);
        }
    }

    static List<Pin> pins() {
        List<Pin> pins = new ArrayList<>();
        // AlexNet: conv1 on 227 and on 224, the two towers, pooling, crops, the fully connected layers
        Network alex = Catalog.get("alexnet").build();
        Network single = Catalog.get("alexnet-single").build();
        Network tv = Catalog.get("alexnet-tv").build();
        Layer conv1 = alex.layer("conv1");
        pins.add(new Pin("alexnet-input.a1", alex.input().height()));
        pins.add(new Pin("alexnet-input.a1", conv1.output().height()));
        pins.add(new Pin("alexnet-input.a2", conv1.params()));
        pins.add(new Pin("alexnet-input.a2", conv1.macs()));
        pins.add(new Pin("alexnet-input.a3", Catalog.get("alexnet").build(Shape.chw(3, 224, 224), alex.classes())
                .layer("conv1").output().height()));
        pins.add(new Pin("alexnet-input.a3", ((LayerSpec.Conv) tv.layer("conv1").spec()).padding()));
        pins.add(new Pin("alexnet-input.a3", tv.layer("conv1").output().height()));
        pins.add(new Pin("alexnet-gpus.a1", alex.layer("conv2").params()));
        pins.add(new Pin("alexnet-gpus.a1", single.layer("conv2").params()));
        pins.add(new Pin("alexnet-gpus.a2", single.params()));
        pins.add(new Pin("alexnet-gpus.a2", alex.params()));
        pins.add(new Pin("alexnet-gpus.a2", single.params() - alex.params()));
        pins.add(new Pin("alexnet-gpus.a3", alex.layer("fc6").inputShapes().get(0).size()));
        assertThat(Text.g(single.macs())).isEqualTo("1.135 G");
        assertThat(Text.g(alex.macs())).isEqualTo("0.724 G");
        pins.add(new Pin("alexnet-lrn.a3", Catalog.get("vgg11").build().params()));
        pins.add(new Pin("alexnet-lrn.a3", Catalog.get("vgg11-lrn").build().params()));
        assertThat(alex.layer("norm1").params()).isZero();
        Layer pool1 = alex.layer("pool1");
        LayerSpec.Pool pool = (LayerSpec.Pool) pool1.spec();
        pins.add(new Pin("alexnet-pooling.a1", pool1.inputShapes().get(0).height()));
        pins.add(new Pin("alexnet-pooling.a1", pool1.output().height()));
        pins.add(new Pin("alexnet-pooling.a1", Layers.maxPool(2, 2).output(pool1.inputShapes()).height()));
        Shape mini = Catalog.get(AlexNetLessons.MINI).build().layer("norm1").output();
        pins.add(new Pin("alexnet-pooling.a2", pool.output(List.of(mini)).height()));
        pins.add(new Pin("alexnet-pooling.a2", Layers.maxPool(2, 2).output(List.of(mini)).height()));
        long offsets = AugmentationLesson.PAPER_RESIZED - tv.input().height();
        pins.add(new Pin("alexnet-augmentation.a1", 2 * offsets * offsets));
        pins.add(new Pin("alexnet-augmentation.a1", 2 * (offsets + 1) * (offsets + 1)));
        long ours = AugmentationLesson.PAPER_RESIZED - alex.input().height() + 1;
        pins.add(new Pin("alexnet-augmentation.a2", 2 * ours * ours));
        long pad = 2L * TrainingRun.AUGMENT_PADDING + 1;
        pins.add(new Pin("alexnet-augmentation.a2", 2 * pad * pad));
        pins.add(new Pin("alexnet-dropout.a1", alex.layer("fc6").output().channels()));
        pins.add(new Pin("alexnet-dropout.a1", alex.layer("fc6").output().channels() / 2));
        for (String fc : List.of("fc6", "fc7", "fc8")) {
            pins.add(new Pin("alexnet-dropout.a3", alex.layer(fc).params()));
        }
        pins.add(new Pin("alexnet-dropout.a3", VggLessons.fcParams(alex)));
        pins.add(new Pin("alexnet-dropout.a3", alex.params()));
        // VGG: receptive fields and weights of stacks, the configurations
        Network vgg16 = Catalog.get("vgg16").build();
        Network vgg19 = Catalog.get("vgg19").build();
        Network vggC = Catalog.get("vgg16-c").build();
        pins.add(new Pin("vgg-stacking.a1", vgg16.layer("block1.conv2").receptiveField()));
        pins.add(new Pin("vgg-stacking.a1", VggLessons.stack(256, 3, 3).layer("conv3").receptiveField()));
        for (int c : new int[] {512, 256}) {
            pins.add(new Pin("vgg-stacking.a2", VggLessons.weights(VggLessons.stack(c, 3, 3))));
            pins.add(new Pin("vgg-stacking.a2", VggLessons.weights(VggLessons.stack(c, 1, 7))));
        }
        pins.add(new Pin("vgg-configs.a1", vgg16.layer("fc6").inputShapes().get(0).size()));
        for (String fc : List.of("fc6", "fc7", "fc8")) {
            pins.add(new Pin("vgg-configs.a1", vgg16.layer(fc).params()));
        }
        pins.add(new Pin("vgg-configs.a1", VggLessons.fcParams(vgg16)));
        pins.add(new Pin("vgg-configs.a1", vgg16.params()));
        pins.add(new Pin("vgg-configs.a2", vgg19.layer("block3.conv4").params()));
        pins.add(new Pin("vgg-configs.a2", vgg19.layer("block4.conv4").params()));
        pins.add(new Pin("vgg-configs.a2", vgg19.params() - vgg16.params()));
        pins.add(new Pin("vgg-configs.a2", vgg19.params()));
        pins.add(new Pin("vgg-configs.a3", vgg16.params() - vggC.params()));
        pins.add(new Pin("vgg-configs.a3", vggC.params()));
        // GoogLeNet: the reduction, the module, the auxiliary heads, the classifier
        Network goog = Catalog.get("googlenet").build();
        pins.add(new Pin("googlenet-1x1.a1", GoogLeNetLessons.fiveByFive(192, 16, 32, 5, false).macs()));
        pins.add(new Pin("googlenet-1x1.a1", goog.layer("inception3a.branch3.0").macs()));
        pins.add(new Pin("googlenet-1x1.a1", goog.layer("inception3a.branch3.1").macs()));
        pins.add(new Pin("googlenet-1x1.a1", GoogLeNetLessons.fiveByFive(192, 16, 32, 5, true).macs()));
        Network wider = GoogLeNetLessons.fiveByFive(192, 32, 32, 5, true);
        pins.add(new Pin("googlenet-1x1.a2", wider.layer("reduce").macs()));
        pins.add(new Pin("googlenet-1x1.a2", wider.layer("conv").macs()));
        pins.add(new Pin("googlenet-1x1.a2", wider.macs()));
        pins.add(new Pin("googlenet-1x1.a3", goog.layer("inception3a.branch3.0").params()));
        Network naive = Catalog.get("inception3a-naive").build();
        Network reduced = Catalog.get("inception3a").build();
        pins.add(new Pin("googlenet-inception.a1", naive.output().output().channels()));
        pins.add(new Pin("googlenet-inception.a1", reduced.output().output().channels()));
        for (int i = 1; i <= 3; i++) {
            pins.add(new Pin("googlenet-inception.a2", naive.groupMacs(naive.group("inception3a.branch" + i))));
        }
        pins.add(new Pin("googlenet-inception.a2", naive.macs()));
        pins.add(new Pin("googlenet-inception.a2", reduced.macs()));
        pins.add(new Pin("googlenet-inception.a3", naive.output().output().channels()));
        pins.add(new Pin("googlenet-aux.a1", goog.params()));
        pins.add(new Pin("googlenet-aux.a1", goog.auxParams()));
        pins.add(new Pin("googlenet-aux.a1", goog.params() + goog.auxParams()));
        assertThat(Text.g(goog.macs())).isEqualTo("1.583 G");
        pins.add(new Pin("googlenet-aux.a2", goog.layer("aux1.fc1").inputShapes().get(0).size()));
        pins.add(new Pin("googlenet-aux.a2", goog.layer("aux1.fc1").params()));
        pins.add(new Pin("googlenet-aux.a2", goog.layer("fc").params()));
        long flat = goog.layer("avgpool").inputShapes().get(0).size();
        pins.add(new Pin("googlenet-gap.a1", flat));
        pins.add(new Pin("googlenet-gap.a2", flat * goog.classes()));
        pins.add(new Pin("googlenet-gap.a2", goog.layer("fc").params() - goog.classes()));
        pins.add(new Pin("googlenet-gap.a2", goog.layer("fc").params()));
        // ResNet: CIFAR nets, mini-resnet's blocks, shortcuts, the bottleneck, the depth table
        Network plain56 = Catalog.get("plain56").build();
        assertThat(Catalog.get("resnet56").build().params()).isEqualTo(plain56.params());
        pins.add(new Pin("resnet-degradation.a2", plain56.params()));
        pins.add(new Pin("resnet-degradation.a2", plain56.depth()));
        assertThat(Catalog.get("resnet1202").build().params()).isBetween(19_350_000L, 19_450_000L);
        Network miniResnet = Catalog.get(ResNetLessons.MINI).build();
        int blocks = ResNetLessons.adds(miniResnet).size();
        pins.add(new Pin("resnet-residual.a3", blocks));
        pins.add(new Pin("resnet-lesion.a1", 1L << blocks));
        pins.add(new Pin("resnet-lesion.a1", 1L << (blocks - 1)));
        Network r34 = Catalog.get("resnet34").build();
        Network p34 = Catalog.get("plain34").build();
        pins.add(new Pin("resnet-shortcuts.a1", r34.params() - p34.params()));
        pins.add(new Pin("resnet-shortcuts.a1", r34.params()));
        pins.add(new Pin("resnet-shortcuts.a1", p34.params()));
        long optionC = 0;
        for (String add : ResNetLessons.adds(r34)) {
            Layer a = r34.layer(add);
            long in = r34.layer(a.group() + ".conv1").inputShapes().get(0).channels();
            long out = a.output().channels();
            optionC += in * out + 2 * out;
        }
        pins.add(new Pin("resnet-shortcuts.a2", optionC));
        pins.add(new Pin("resnet-bottleneck.a1", ResNetLessons.convWeights(ResNetLessons.block(256, false))));
        pins.add(new Pin("resnet-bottleneck.a1", ResNetLessons.convWeights(ResNetLessons.block(256, true))));
        pins.add(new Pin("resnet-bottleneck.a2", ResNetLessons.convWeights(ResNetLessons.block(512, false))));
        pins.add(new Pin("resnet-bottleneck.a2", ResNetLessons.convWeights(ResNetLessons.block(512, true))));
        Network r50 = Catalog.get("resnet50").build();
        pins.add(new Pin("resnet-bottleneck.a3", r50.params()));
        pins.add(new Pin("resnet-bottleneck.a3", r34.params()));
        pins.add(new Pin("resnet-bottleneck.a3", r50.params() - r34.params()));
        assertThat(Text.g(r50.macs())).isEqualTo("4.089 G");
        assertThat(Text.g(r34.macs())).isEqualTo("3.664 G");
        // the winners' depths are the catalog networks'
        for (String id : List.of("alexnet", "googlenet", "resnet152")) {
            pins.add(new Pin("ilsvrc-history.a2", Catalog.get(id).build().depth()));
        }
        return pins;
    }

    @Test
    void everyCatalogCountAnAnswerStatesIsTheCatalogs() throws IOException {
        Properties en = load(EN);
        Properties ko = load(KO);
        List<Pin> pins = pins();
        for (Pin p : pins) {
            assertThat(en.getProperty(p.key())).as(p.key()).isNotNull().contains(p.written());
            assertThat(ko.getProperty(p.key())).as(p.key()).isNotNull().contains(p.written());
        }
        // spot checks that the arithmetic above counts what the answers say it counts
        assertThat(pins).contains(new Pin("alexnet-input.a2", 34_944), new Pin("googlenet-gap.a1", 50_176),
                new Pin("resnet-bottleneck.a1", 69_632), new Pin("resnet-shortcuts.a2", 1_092_992),
                new Pin("googlenet-aux.a2", 2_098_176));
        assertThat(pins.stream().map(Pin::key).distinct().count()).as("answers pinned to the catalog")
                .isGreaterThanOrEqualTo(15);
    }
}
