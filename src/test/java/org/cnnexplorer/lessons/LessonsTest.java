package org.cnnexplorer.lessons;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.pdfbox.Loader;
import org.assertj.core.data.Offset;
import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.cli.Cli;
import org.cnnexplorer.cli.UserError;
import org.cnnexplorer.data.Augmentations;
import org.cnnexplorer.data.ImageLoader;
import org.cnnexplorer.data.LoadedImage;
import org.cnnexplorer.engine.Gradients;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.experiments.ActivationRace;
import org.cnnexplorer.experiments.CurveFiles;
import org.cnnexplorer.experiments.DropoutRecord;
import org.cnnexplorer.experiments.DropoutTraining;
import org.cnnexplorer.experiments.RaceRecord;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.train.TrainingRun;
import org.cnnexplorer.weights.ShippedModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;

/** Every lesson renders without a display, and every number a page states is the catalog's. */
class LessonsTest {
    private static LessonContext ctx;

    @BeforeAll
    static void context() {
        Messages.setLocale(Locale.ENGLISH);
        ctx = LessonContext.standalone();
    }

    @AfterAll
    static void close() {
        ctx.close();
    }

    static List<String> ids() {
        return Lessons.ids();
    }

    private static Page page(String id) {
        return Lessons.find(id).orElseThrow().page(ctx);
    }

    @ParameterizedTest
    @MethodSource("ids")
    void everyLessonRendersHeadlessToANonBlankPicture(String id, @TempDir Path dir) throws Exception {
        Path png = dir.resolve(id + ".png");
        Page p = page(id);
        PageRenderer.writePng(p, p.defaults(), Lessons.caption(Lessons.find(id).orElseThrow()), png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(PageRenderer.WIDTH);
        // the panel half of the page has drawing on it, not only paper
        Set<Integer> colours = new HashSet<>();
        int ink = 0;
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = img.getWidth() / 2; x < img.getWidth(); x += 3) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                if (rgb != 0xFFFFFF) {
                    ink++;
                }
            }
        }
        assertThat(colours.size()).as(id + " colours").isGreaterThan(20);
        assertThat(ink).as(id + " ink").isGreaterThan(2_000);
    }

    @Test
    void theRegistryIsInLectureOrderAndEveryLessonPointsAtARealLayer() {
        assertThat(Lessons.ids()).startsWith("ilsvrc-history", "alexnet-input", "alexnet-gpus")
                .contains("alexnet-dropout").doesNotHaveDuplicates();
        for (Lesson l : Lessons.ALL) {
            Network n = Catalog.get(l.networkId()).build();
            assertThat(n.hasLayer(l.layerId()) || n.hasGroup(l.layerId())).as(l.id()).isTrue();
            assertThat(l.title()).as(l.id()).doesNotStartWith("!");
            assertThat(Messages.get(Locale.KOREAN, "lesson." + l.id() + ".title")).matches(".*[\\uAC00-\\uD7A3].*");
        }
        assertThat(Lessons.explaining("lrn")).extracting(Lesson::id).containsExactly("alexnet-lrn");
        assertThat(Lessons.explaining(Lessons.RECEPTIVE_FIELD)).extracting(Lesson::id).contains("vgg-stacking");
    }

    /** One ILSVRC entry as its source states it. */
    private record Winner(int year, String name, double top5, Integer depth, String source) {
    }

    /**
     * The history timeline, pinned number by number against the table each comes from: Russakovsky et al., IJCV 2015
     * (2010, 2011, not CNNs); Krizhevsky et al. 2012, Table 2; Szegedy et al. 2015, Table 1 (2013) and Tables 1 and 2
     * (2014); Simonyan &amp; Zisserman 2015, Table 7; He et al. 2016, Table 5.
     */
    private static final List<Winner> TIMELINE = List.of(
            new Winner(2010, "NEC-UIUC", 28.2, null, "Russakovsky et al., IJCV 2015"),
            new Winner(2011, "XRCE", 25.8, null, "Russakovsky et al., IJCV 2015"),
            new Winner(2012, "AlexNet", 15.3, 8, "Krizhevsky et al. 2012, Table 2"),
            new Winner(2013, "ZFNet", 11.7, 8, "Szegedy et al. 2015, Table 1"),
            new Winner(2014, "GoogLeNet", 6.67, 22, "Szegedy et al. 2015, Tables 1 and 2"),
            new Winner(2014, "VGG", 7.3, 19, "Simonyan & Zisserman 2015, Table 7"),
            new Winner(2015, "ResNet", 3.57, 152, "He et al. 2016, Table 5"));

    @Test
    void theHistoryTimelineStatesEachWinnerAsItsSourceDoes() throws Exception {
        List<IlsvrcHistory.Entry> entries = IlsvrcHistory.all();
        assertThat(entries).hasSameSizeAs(TIMELINE);
        Page p = page("ilsvrc-history");
        for (int i = 0; i < TIMELINE.size(); i++) {
            Winner w = TIMELINE.get(i);
            IlsvrcHistory.Entry e = entries.get(i);
            assertThat(e.year()).isEqualTo(w.year());
            assertThat(e.name()).isEqualTo(w.name());
            assertThat(e.top5()).as(w.name()).isEqualTo(w.top5());
            assertThat(e.depth()).as(w.name()).isEqualTo(w.depth());
            assertThat(e.cnn()).as(w.name()).isEqualTo(w.depth() != null);
            assertThat(e.sourceEn()).as(w.name()).startsWith(w.source());
            assertThat(e.settingEn()).as(w.name()).contains("test set");
            assertThat(p.number(HistoryLesson.key(e, "top5"))).isEqualTo(Math.round(w.top5() * 100));
            assertThat(p.formulas()).anyMatch(f -> f.startsWith(w.year() + " " + w.name() + " " + w.top5() + " %: "
                    + w.source()));
        }
        assertThat(p.number("2015.ResNet.depth")).isEqualTo(152);
        // the depths are the catalog networks' own: weight layers of AlexNet, GoogLeNet, VGG-19 (E), ResNet-152
        assertThat(Catalog.get("alexnet").build().depth()).isEqualTo(8);
        assertThat(Catalog.get("googlenet").build().depth()).isEqualTo(22);
        assertThat(Catalog.get("vgg19").build().depth()).isEqualTo(19);
        assertThat(Catalog.get("resnet152").build().depth()).isEqualTo(152);
        // the ensembles the Summary tab shows are the same numbers
        JsonNode results = new ObjectMapper().readTree(LessonsTest.class.getResourceAsStream(
                "/org/cnnexplorer/ui/explore/paper-results.json")).get("results");
        for (String[] net : new String[][] {{"alexnet", "2012"}, {"googlenet", "2014"}, {"resnet152", "2015"}}) {
            double winner = entries.stream().filter(e -> e.year() == Integer.parseInt(net[1]) && e.place() == 1)
                    .findFirst().orElseThrow().top5();
            List<Double> ensembles = new ArrayList<>();
            results.forEach(r -> {
                if (r.path("ensemble").asBoolean() && r.get("ids").toString().contains("\"" + net[0] + "\"")) {
                    ensembles.add(r.get("top5").asDouble());
                }
            });
            assertThat(ensembles).as(net[0]).containsExactly(winner);
        }
        assertThat(String.join(" ", p.text())).contains("15.3 %").contains("28.2 %").contains("Russakovsky");
    }

    @Test
    void dropoutTrainsBothNetworksOnTheSameBatchesAndKeepsAFinishedRun(@TempDir Path dir) throws Exception {
        String before = System.getProperty("cnnexplorer.lessons");
        System.setProperty("cnnexplorer.lessons", dir.toString());
        try {
            Page none = page("alexnet-dropout");
            String status = none.text().get(none.text().size() - 1);
            if (DropoutRecord.shipped().isPresent()) {
                assertThat(status).contains("lesson --dropout");
            } else {
                assertThat(status).as("the page says plainly that no run ships yet")
                        .isEqualTo(Messages.get("lesson.alexnet-dropout.run.none"));
            }
            assertThat(none.experiment()).isNotNull();
            // three steps: measured at the start and at the end, both networks, dropout off when measuring
            DropoutRecord record = new DropoutRecord();
            Throwable[] failed = {null};
            Thread t = new Thread(() -> {
                try {
                    assertThat(DropoutLesson.run(3, record, () -> false, () -> { })).isTrue();
                } catch (Throwable e) {
                    failed[0] = e;
                }
            }, "dropout");
            t.start();
            t.join();
            assertThat(failed[0]).isNull();
            Map<String, List<DropoutRecord.Row>> rows = record.snapshot();
            assertThat(rows.keySet()).containsExactly(DropoutTraining.WITH, DropoutTraining.WITHOUT);
            for (List<DropoutRecord.Row> series : rows.values()) {
                assertThat(series).extracting(DropoutRecord.Row::step).containsExactly(0, 3);
                assertThat(series).allSatisfy(r -> {
                    assertThat(r.trainError()).isBetween(0.0, 1.0);
                    assertThat(r.testError()).isBetween(0.0, 1.0);
                });
            }
            // the same initial weights: before any step both networks make the same mistakes
            assertThat(rows.get(DropoutTraining.WITH).get(0).trainError())
                    .isEqualTo(rows.get(DropoutTraining.WITHOUT).get(0).trainError());
            record.write(DropoutLesson.keptFile());
            assertThat(DropoutRecord.read(DropoutLesson.keptFile()).orElseThrow().snapshot()).isEqualTo(rows);
            Page kept = page("alexnet-dropout");
            DropoutRecord.Row last = rows.get(DropoutTraining.WITHOUT).get(1);
            assertThat(kept.number(DropoutTraining.WITHOUT + ".testError.bp"))
                    .isEqualTo(Math.round(last.testError() * 10_000));
            assertThat(kept.text().get(kept.text().size() - 1)).contains("3");
            assertThat(PageRenderer.render(kept, kept.defaults(), "test").getWidth()).isEqualTo(PageRenderer.WIDTH);
        } finally {
            if (before == null) {
                System.clearProperty("cnnexplorer.lessons");
            } else {
                System.setProperty("cnnexplorer.lessons", before);
            }
        }
    }

    @Test
    void lessonDropoutWritesTheRunAndItsManifest(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path run = dir.resolve("run");
        // on a thread of its own, as in the window: the run lowers its thread's native thread count, and a JUnit
        // thread that later trains other shapes with the lowered count corrupts libnd4j's heap
        int[] status = {-1};
        Thread t = new Thread(() -> status[0] = Cli.run(new PrintWriter(out), new PrintWriter(err), "lesson",
                "--dropout", "--out", run.toString(), "--steps", "2"));
        t.start();
        t.join();
        assertThat(status[0]).as(err.toString()).isZero();
        assertThat(DropoutRecord.read(run.resolve(DropoutRecord.FILE)).orElseThrow().steps()).isEqualTo(2);
        JsonNode manifest = new ObjectMapper().readTree(run.resolve(DropoutRecord.MANIFEST).toFile());
        assertThat(manifest.get("steps").asInt()).isEqualTo(2);
        assertThat(manifest.get("network").asText()).isEqualTo(DropoutLesson.NETWORK);
        assertThat(manifest.get("runs")).hasSize(2);
        assertThat(Cli.run(new PrintWriter(out), new PrintWriter(err), "lesson", "--dropout", "--race", "--out",
                run.toString())).isEqualTo(UserError.STATUS);
    }

    @Test
    void inputLessonStatesConv1AsTheCatalogComputesIt() {
        Page p = page("alexnet-input");
        Layer conv1 = Catalog.get("alexnet").build().layer("conv1");
        LayerSpec.Conv c = (LayerSpec.Conv) conv1.spec();
        assertThat(p.number("out")).isEqualTo(conv1.output().height()).isEqualTo(55);
        assertThat(p.number("params")).isEqualTo(conv1.params()).isEqualTo(34_944);
        assertThat(p.number("input")).isEqualTo(conv1.inputShapes().get(0).height());
        assertThat(p.number("out224")).isEqualTo((224 - c.kernel()) / c.stride() + 1);
        assertThat(p.formulas()).anyMatch(f -> f.contains("96·(11·11·3) + 96 = 34,944"));
        assertThat(String.join(" ", p.text())).contains("34,944");
        // conv1's real map of the picture: 96 maps of 55×55 (random weights when no ImageNet AlexNet is imported)
        AlexNetLessons.Conv1 seen = AlexNetLessons.conv1(ctx, Catalog.get("alexnet").build());
        assertThat(seen.maps().shape().channels()).isEqualTo(96);
        assertThat(seen.maps().shape().height()).isEqualTo(55);
        assertThat(seen.input().getWidth()).isEqualTo(227);
        assertThat(Draw.max(seen.maps().values())).isGreaterThan(0);
        assertThat(p.knobs()).extracting(Knob::id).containsExactly("x", "y", "filter");
    }

    @Test
    void theFullSizeNetworksAreShownTheUsersOwnPictureInColourElseTheShippedPhoto() {
        LoadedImage coffee = new ImageLoader().load(Path.of("sample-images/photos/coffee.png"));
        try (LessonContext own = LessonContext.standalone(LessonContext.of("coffee.png", coffee))) {
            assertThat(own.photo().name()).isEqualTo("coffee.png");
            assertThat(own.photo().image()).isSameAs(coffee.image());
            assertThat(own.picture().pixels()).hasSize(28 * 28);
        }
        // the shipped photo is the file in sample-images/photos, as the build put it into the jar
        BufferedImage shipped = ctx.photo().image();
        LoadedImage file = new ImageLoader().load(Path.of("sample-images/photos", LessonContext.SHIPPED_PHOTO));
        assertThat(ctx.photo().name()).isEqualTo(LessonContext.SHIPPED_PHOTO);
        assertThat(shipped.getWidth()).isEqualTo(file.width());
        assertThat(shipped.getRGB(200, 150) & 0xFFFFFF).isEqualTo(file.image().getRGB(200, 150) & 0xFFFFFF);
    }

    @Test
    void twoGpuLessonSubtractsTheTwoCatalogNetworks() {
        Page p = page("alexnet-gpus");
        Network two = Catalog.get("alexnet").build();
        Network one = Catalog.get("alexnet-single").build();
        assertThat(p.number("params2")).isEqualTo(two.params()).isEqualTo(60_965_224L);
        assertThat(p.number("params1")).isEqualTo(one.params()).isEqualTo(62_378_344L);
        assertThat(p.number("paramsSaved")).isEqualTo(one.params() - two.params());
        assertThat(p.number("macsSaved")).isEqualTo(one.macs() - two.macs());
        // the layers that read both GPUs are conv3 and the fully-connected ones
        assertThat(p.table()).filteredOn(r -> r.get(0).equals("conv3") || r.get(0).startsWith("fc"))
                .allMatch(r -> r.get(6).equals(Messages.get("lesson.alexnet-gpus.talk.both")));
        assertThat(p.table()).filteredOn(r -> List.of("conv2", "conv4", "conv5").contains(r.get(0)))
                .allMatch(r -> r.get(1).equals("2"));
    }

    @Test
    void vggConfigurationsAreTheCatalogsAndTheFcLayersHoldMostParameters() {
        Page p = page("vgg-configs");
        for (String id : List.of("vgg11", "vgg11-lrn", "vgg13", "vgg16-c", "vgg16", "vgg19")) {
            Network n = Catalog.get(id).build();
            assertThat(p.number(id + ".params")).as(id).isEqualTo(n.params());
            assertThat(p.number(id + ".macs")).as(id).isEqualTo(n.macs());
            assertThat(p.number(id + ".depth")).as(id).isEqualTo(n.depth());
        }
        Network d = Catalog.get("vgg16").build();
        long fc = d.layer("fc6").params() + d.layer("fc7").params() + d.layer("fc8").params();
        assertThat(p.number("vgg16.fc")).isEqualTo(fc);
        assertThat(p.formulas()).anyMatch(f -> f.contains("123.6 M") && f.contains("138.4 M"));
    }

    @Test
    void stackingCalculatorGivesTwentySevenAgainstFortyNineCSquared() {
        Page p = page("vgg-stacking");
        long c = p.number("C");
        assertThat(p.number("three")).isEqualTo(27 * c * c);
        assertThat(p.number("seven")).isEqualTo(49 * c * c);
        assertThat(List.of(p.number("rf1"), p.number("rf2"), p.number("rf3"))).containsExactly(3L, 5L, 7L);
        assertThat(p.number("rf2")).isEqualTo(Catalog.get("vgg16").build().layer("block1.conv2").receptiveField());
    }

    @Test
    void poolingSizesComeFromTheCatalog() {
        Page p = page("alexnet-pooling");
        Network a = Catalog.get("alexnet").build();
        assertThat(p.number("out")).isEqualTo(a.layer("pool1").output().height()).isEqualTo(27);
        assertThat(p.number("out2x2")).isEqualTo(27);
        assertThat(p.number("miniOut")).isEqualTo(Catalog.get("mini-alexnet").build().layer("pool1").output().height());
        assertThat(p.number("miniOut2x2")).isEqualTo(14);
    }

    @Test
    void lrnFollowsThePaperFormulaAndSlidersClamp() {
        // one pixel, three channels: b1 = a1 / (k + α(a0² + a1² + a2²))^β with n = 3
        float[] a = {1, 2, 3};
        float[] factor = new float[3];
        float[] b = LrnLesson.apply(a, 3, 1, 2, 3, 0.1, 0.75, factor);
        assertThat(b[1]).isCloseTo((float) (2 / Math.pow(2 + 0.1 * 14, 0.75)), Offset.offset(1e-5f));
        assertThat(factor[0]).isCloseTo((float) Math.pow(2 + 0.1 * 5, 0.75), Offset.offset(1e-5f));
        Page p = page("alexnet-lrn");
        Settings s = p.settings(Map.of("alpha", 50.0, "n", -3.0, "beta", Double.NaN, "k", 2.04));
        assertThat(s.get("alpha")).isEqualTo(1.0);
        assertThat(s.get("n")).isEqualTo(1.0);
        assertThat(s.get("beta")).isEqualTo(0.75);
        assertThat(s.get("k")).isEqualTo(2.0, Offset.offset(1e-9));
        assertThat(p.defaults().values()).containsEntry("k", 2.0).containsEntry("n", 5.0).containsEntry("beta", 0.75);
        assertThat(p.number("vggA.params")).isEqualTo(p.number("vggALrn.params"));
        // the verdict on the page follows the maps it shows: visible inhibition at the paper's α, or only k^β
        LrnLesson.Source src = LrnLesson.source(ctx, new Text("alexnet-lrn"));
        int channels = src.relu1().shape().channels();
        int hw = src.relu1().shape().height() * src.relu1().shape().width();
        double largest = LrnLesson.largestWindowSum(src.relu1().values(), channels, hw, 5);
        boolean visible = LrnLesson.inhibition(largest, 2, 1e-4, 0.75) >= 1 + LrnLesson.VISIBLE;
        assertThat(p.text()).anyMatch(t -> t.contains(Messages.get(visible ? "lesson.alexnet-lrn.p5.visible"
                : "lesson.alexnet-lrn.p5.flat")));
    }

    @Test
    void augmentationCountsTheCropsThePaperCountsAndEveryOffset() {
        Page p = page("alexnet-augmentation");
        long crop = Catalog.get("alexnet-tv").build().input().height();
        long offsets = AugmentationLesson.PAPER_RESIZED - crop;
        assertThat(p.number("paperCount")).isEqualTo(offsets * offsets * 2).isEqualTo(2048);
        assertThat(p.number("everyOffset")).isEqualTo((offsets + 1) * (offsets + 1) * 2).isEqualTo(2178);
        long pad = TrainingRun.AUGMENT_PADDING;
        assertThat(p.number("miniCount")).isEqualTo((2 * pad + 1) * (2 * pad + 1) * 2);
        assertThat(p.formulas()).anyMatch(f -> f.contains("2,048")).anyMatch(f -> f.contains("2,178"));
        // ten patches: four corners and the centre, each also mirrored
        int[][] ten = Augmentations.tenCropWindows(2);
        assertThat(ten).hasDimensions(10, 3);
        assertThat(ten[4]).containsExactly(2, 2, 0);
        assertThat(ten[9]).containsExactly(2, 2, 1);
    }

    @Test
    void theActivationIsAParameterOfOneCatalogBuilderAndTheSigmoidGradientVanishes() {
        Page p = page("alexnet-relu");
        Network relu = Catalog.get("mini-plain-relu").build();
        Network sigmoid = Catalog.get("mini-plain-sigmoid").build();
        Network tanh = Catalog.get("mini-plain-tanh").build();
        assertThat(p.number("depth")).isEqualTo(relu.depth()).isEqualTo(6);
        assertThat(sigmoid.params()).isEqualTo(relu.params()).isEqualTo(tanh.params()).isEqualTo(p.number("params"));
        assertThat(sigmoid.layer("act1").type()).isEqualTo("sigmoid");
        assertThat(tanh.layer("act1").type()).isEqualTo("tanh");
        int[] labels = new int[16];
        float[] images = LessonContext.testImages(16, labels);
        Map<String, Double> sig = Gradients.layerNorms(sigmoid, 42, images, labels);
        Map<String, Double> rel = Gradients.layerNorms(relu, 42, images, labels);
        assertThat(sig.keySet()).containsExactly("conv1", "conv2", "conv3", "conv4", "fc5", "fc6");
        // through five sigmoid slopes (each at most 1/4) the first layer gets far less than the last
        assertThat(sig.get("fc6") / sig.get("conv1")).isGreaterThan(100);
        assertThat(rel.get("fc6") / rel.get("conv1")).isLessThan(sig.get("fc6") / sig.get("conv1") / 10);
    }

    @Test
    void theLiveRaceTrainsTheThreeNetworksStepByStepAndStopsWhenCancelled() throws Exception {
        Page p = Lessons.find("alexnet-relu").orElseThrow().page(ctx);
        assertThat(p.experiment()).isNotNull();
        int[] steps = {0};
        runAsTheWindowDoes(p.experiment(), () -> steps[0] >= 3, () -> steps[0]++);
        assertThat(steps[0]).isEqualTo(3);
        // the panel now draws the recorded curves; the page still renders
        BufferedImage img = PageRenderer.render(p, p.defaults(), "test");
        assertThat(img.getWidth()).isEqualTo(PageRenderer.WIDTH);
    }

    /** One step of a made-up race: each network's batch error given, norms of no interest. */
    private static List<ActivationRace.Point> step(int n, double relu, double sigmoid, double tanh) {
        return List.of(new ActivationRace.Point(entry("relu"), n, 1, relu, Map.of()),
                new ActivationRace.Point(entry("sigmoid"), n, 2, sigmoid, Map.of()),
                new ActivationRace.Point(entry("tanh"), n, 1, tanh, Map.of()));
    }

    private static ActivationRace.Entry entry(String activation) {
        return new ActivationRace.Entry("mini-plain-" + activation, "mini-plain-" + activation, 0.03);
    }

    @Test
    void theReluPageStatesTheStepsTo25PercentOfTheKeptRaceTheUsersLastOneFirst(@TempDir Path dir) throws Exception {
        String before = System.getProperty("cnnexplorer.lessons");
        System.setProperty("cnnexplorer.lessons", dir.toString());
        try {
            // no race of the user's yet: the shipped one (a finished run of lesson --race) stands in
            RaceRecord shipped = RaceRecord.shipped().orElseThrow();
            assertThat(shipped.steps()).isBetween(1, ReluRace.STEPS);
            Page p = page("alexnet-relu");
            for (String a : List.of("relu", "sigmoid", "tanh")) {
                var n = shipped.stepsToTarget("mini-plain-" + a);
                if (n.isPresent()) {
                    assertThat(p.number("race." + a + ".steps")).isEqualTo(n.getAsInt());
                } else {
                    assertThat(p.numbers()).doesNotContainKey("race." + a + ".steps");
                }
            }
            // a finished race of the user's replaces it: ReLU's error drops after step 4, tanh's after step 29, the
            // sigmoid's never; the mean of the last 50 batches first reaches 10 % at step 53 (one 0.9 left:
            // 0.0964) and step 78
            RaceRecord mine = new RaceRecord();
            for (int n = 1; n <= 100; n++) {
                mine.add(step(n, n < 5 ? 0.9 : 0.08, 0.9, n < 30 ? 0.9 : 0.08), "conv1", "fc6");
            }
            mine.write(ReluRace.keptFile());
            assertThat(RaceRecord.read(ReluRace.keptFile()).orElseThrow().snapshot())
                    .isEqualTo(mine.snapshot());
            Page q = page("alexnet-relu");
            assertThat(q.number("race.relu.steps")).isEqualTo(53);
            assertThat(q.number("race.tanh.steps")).isEqualTo(78);
            assertThat(q.numbers()).doesNotContainKey("race.sigmoid.steps");
            assertThat(PageRenderer.render(q, q.defaults(), "test").getWidth()).isEqualTo(PageRenderer.WIDTH);
        } finally {
            if (before == null) {
                System.clearProperty("cnnexplorer.lessons");
            } else {
                System.setProperty("cnnexplorer.lessons", before);
            }
        }
    }

    @Test
    void everyLinkOpensALayerOrBlockOfACatalogNetworkOrTheDegradationTab() {
        int tabs = 0;
        for (Lesson l : Lessons.ALL) {
            for (Page.Link k : l.page(ctx).links()) {
                if (k.isTab()) {
                    assertThat(k.target()).as(l.id()).isEqualTo(Page.DEGRADATION_TAB);
                    tabs++;
                } else {
                    Network n = Catalog.get(k.networkId()).build();
                    assertThat(n.hasLayer(k.target()) || n.hasGroup(k.target())).as(l.id() + ": " + k).isTrue();
                }
            }
        }
        assertThat(tabs).isEqualTo(1);
    }

    @Test
    void pcaColourFindsTheEigenvectorsOfTheCovariance() {
        double[][] cov = {{4, 1, 0}, {1, 3, 0.5}, {0, 0.5, 1}};
        ColourPicture.Pca pca = ColourPicture.jacobi(cov);
        assertThat(pca.values()[0]).isGreaterThanOrEqualTo(pca.values()[1]);
        assertThat(pca.values()[1]).isGreaterThanOrEqualTo(pca.values()[2]);
        for (int i = 0; i < 3; i++) {
            for (int r = 0; r < 3; r++) {
                double av = 0;
                for (int c = 0; c < 3; c++) {
                    av += cov[r][c] * pca.vectors()[c][i];
                }
                assertThat(av).isCloseTo(pca.values()[i] * pca.vectors()[r][i], Offset.offset(1e-9));
            }
        }
    }

    @Test
    void lessonCommandListsRendersAndWritesTheHandout(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(Cli.run(new PrintWriter(out), new PrintWriter(err), "lesson", "--list")).isZero();
        assertThat(out.toString()).contains("alexnet-lrn").contains("vgg-configs");
        Path png = dir.resolve("lrn.png");
        assertThat(Cli.run(new PrintWriter(out), new PrintWriter(err), "lesson", "alexnet-lrn", "--out", png.toString(),
                "--set", "alpha=0.01")).isZero();
        assertThat(ImageIO.read(png.toFile()).getHeight()).isEqualTo(PageRenderer.HEIGHT);
        Path pdf = dir.resolve("handout.pdf");
        assertThat(Cli.run(new PrintWriter(out), new PrintWriter(err), "lesson", "--all", "--out", pdf.toString()))
                .as(err.toString()).isZero();
        try (var doc = Loader.loadPDF(pdf.toFile())) {
            // a contents sheet, then one or two sheets a lesson
            assertThat(doc.getNumberOfPages()).isBetween(Lessons.ALL.size() + 1, 2 * Lessons.ALL.size() + 1);
        }
        assertThat(Files.readString(pdf, StandardCharsets.ISO_8859_1)).startsWith("%PDF");
        assertThat(Cli.run(new PrintWriter(out), new PrintWriter(err), "lesson", "nope", "--out", png.toString()))
                .isEqualTo(UserError.STATUS);
        assertThat(Cli.run(new PrintWriter(out), new PrintWriter(err), "lesson", "alexnet-lrn", "--out",
                png.toString(), "--set", "gamma=1")).isEqualTo(UserError.STATUS);
    }

    @Test
    void inceptionWithoutReductionsCostsMoreThanTwiceTheMacs() {
        // both are catalog ids, so the Graph and Compare tabs open them as they open any network
        Network naive = Catalog.get("inception3a-naive").build();
        Network reduced = Catalog.get("inception3a").build();
        assertThat(Catalog.get("inception3a-naive").module()).isTrue();
        // 1×1 64, 3×3 128 and 5×5 32 straight on 192 channels at 28×28, the pooled 192 channels passed through
        long weights = 192L * 64 + 9L * 192 * 128 + 25L * 192 * 32;
        assertThat(naive.output().output().channels()).isEqualTo(64 + 128 + 32 + 192).isEqualTo(416);
        assertThat(naive.params()).isEqualTo(weights + 64 + 128 + 32).isEqualTo(387_296);
        assertThat(naive.macs()).isEqualTo(28L * 28 * weights).isEqualTo(303_464_448L);
        assertThat(reduced.output().output().channels()).isEqualTo(256);
        Network full = Catalog.get("googlenet").build();
        assertThat(reduced.macs()).isEqualTo(full.groupMacs(full.group("inception3a"))).isEqualTo(128_049_152L);
        assertThat(reduced.params()).isEqualTo(full.groupParams(full.group("inception3a")));
        assertThat(naive.macs()).isGreaterThan(2 * reduced.macs());
        Page p = page("googlenet-inception");
        assertThat(p.number("naive.out")).isEqualTo(416);
        assertThat(p.number("reduced.out")).isEqualTo(256);
        assertThat(p.number("naive.macs")).isEqualTo(naive.macs());
        assertThat(p.number("reduced.macs")).isEqualTo(reduced.macs());
        assertThat(p.number("naive.params")).isEqualTo(naive.params());
        assertThat(p.formulas()).anyMatch(f -> f.contains("64 + 128 + 32 + 192 = 416"));
    }

    @Test
    void oneByOneReductionCalculatorIsTheCatalogsLayerArithmetic() {
        Page p = page("googlenet-1x1");
        assertThat(p.number("without")).isEqualTo(28L * 28 * 25 * 192 * 32).isEqualTo(120_422_400L);
        assertThat(p.number("reduce")).isEqualTo(28L * 28 * 192 * 16);
        assertThat(p.number("conv")).isEqualTo(28L * 28 * 25 * 16 * 32);
        assertThat(p.number("with")).isEqualTo(p.number("reduce") + p.number("conv")).isEqualTo(12_443_648L);
        Network g = Catalog.get("googlenet").build();
        assertThat(p.number("reduce")).isEqualTo(g.layer("inception3a.branch3.0").macs());
        assertThat(p.number("conv")).isEqualTo(g.layer("inception3a.branch3.1").macs());
    }

    @Test
    void auxiliaryHeadsAreCountedOnlyForTraining() {
        Page p = page("googlenet-aux");
        Network g = Catalog.get("googlenet").build();
        assertThat(p.number("params")).isEqualTo(g.params()).isEqualTo(6_998_552L);
        assertThat(p.number("auxParams")).isEqualTo(g.auxParams()).isEqualTo(6_379_728L);
        assertThat(p.number("auxMacs")).isEqualTo(g.auxMacs());
        assertThat(p.number("trainParams")).isEqualTo(g.params() + g.auxParams());
        assertThat(p.formulas()).anyMatch(f -> f.contains("0.3"));
        // the two heads' top-1 on the current picture, from mini-googlenet's own forward pass
        var acts = ctx.activations("mini-googlenet");
        assertThat(p.number("mini.aux.top1")).isEqualTo(argmax(acts.get("aux1.prob").values()));
        assertThat(p.number("mini.main.top1")).isEqualTo(argmax(acts.get("prob").values()));
        // over the test set: the shipped scores of each head (ShippedModelsTest re-measures them)
        var scores = ShippedModels.heads("mini-googlenet").orElseThrow();
        assertThat(p.number("set.main.accuracy")).isEqualTo(Math.round(1e4 * scores.heads().get(0).accuracy()));
        assertThat(p.number("set.aux.accuracy")).isEqualTo(Math.round(1e4 * scores.heads().get(1).accuracy()));
    }

    private static long argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void globalPoolingLessonCorrectsTheSlidesSum() {
        Page p = page("googlenet-gap");
        assertThat(p.number("perClassFlat")).isEqualTo(7 * 7 * 1024).isEqualTo(50_176);
        assertThat(p.number("perClassPooled")).isEqualTo(1024);
        assertThat(p.number("weightsFlat")).isEqualTo(50_176_000L);
        assertThat(p.number("weightsPooled")).isEqualTo(1_024_000L);
        assertThat(p.number("slide")).isEqualTo(7_168);
        assertThat(p.formulas()).anyMatch(f -> f.contains("7·1024 = 7,168") && f.contains("7·7·1024 = 50,176"));
        Network g = Catalog.get("googlenet").build();
        assertThat(p.number("googlenet.params")).isEqualTo(g.params());
        assertThat(p.number("googlenet.fc")).isEqualTo(g.layer("fc").params()).isEqualTo(1_025_000L);
        assertThat(p.number("vgg16.params")).isEqualTo(Catalog.get("vgg16").build().params());
    }

    @Test
    void bottleneckCalculatorAndDepthTableAreTheCatalogs() {
        Page p = page("resnet-bottleneck");
        assertThat(p.number("basic")).isEqualTo(2L * 3 * 3 * 256 * 256).isEqualTo(1_179_648L);
        assertThat(p.number("bottleneck")).isEqualTo(256L * 64 + 9L * 64 * 64 + 64L * 256).isEqualTo(69_632L);
        for (String id : List.of("resnet18", "resnet34", "resnet50", "resnet101", "resnet152")) {
            Network n = Catalog.get(id).build();
            assertThat(p.number(id + ".params")).as(id).isEqualTo(n.params());
            assertThat(p.number(id + ".macs")).as(id).isEqualTo(n.macs());
            assertThat(p.number(id + ".depth")).as(id).isEqualTo(n.depth());
        }
        assertThat(p.formulas()).anyMatch(f -> f.contains("10-crop"));
    }

    @Test
    void shortcutCostsAreCountedFromTheCatalog() {
        Page p = page("resnet-shortcuts");
        Network r34 = Catalog.get("resnet34").build();
        Network plain = Catalog.get("plain34").build();
        assertThat(p.number("A.params")).isZero();
        // option B's projections are exactly what resnet34 has and plain34 lacks
        assertThat(p.number("B.params")).isEqualTo(r34.params() - plain.params()).isEqualTo(173_824L);
        assertThat(p.number("reshaping")).isEqualTo(3);
        assertThat(p.number("blocks")).isEqualTo(16);
        assertThat(p.number("C.params")).isGreaterThan(p.number("B.params"));
        assertThat(p.number("C.macs")).isGreaterThan(p.number("B.macs"));
    }

    @Test
    void residualLessonShowsMapsOfARealMiniResnetBlock() {
        Page p = page("resnet-residual");
        Network mini = Catalog.get("mini-resnet").build();
        assertThat(p.number("blocks")).isEqualTo(mini.layers().stream().filter(l -> l.type().equals("add")).count());
        assertThat(p.table()).hasSize(1 + (int) p.number("blocks"));
        assertThat(p.table().get(2).get(0)).isEqualTo("layer1.1");
        assertThat(Double.parseDouble(p.table().get(2).get(2))).isPositive();
        Page d = page("resnet-degradation");
        assertThat(d.number("plain56.params")).isEqualTo(d.number("resnet56.params"))
                .isEqualTo(Catalog.get("resnet56").build().params());
        assertThat(d.number("shipped")).isEqualTo(CurveFiles.shipped().size());
    }

    @Test
    void deletingAResidualBlockCostsLessThanDeletingAPlainLayer() throws Exception {
        Model resnet = ctx.model(LesionLesson.RESNET);
        Model vgg = ctx.model(LesionLesson.VGG);
        int n = 500;
        // nothing replaced: the same accuracy as the ordinary prediction path
        int[] labels = new int[n];
        float[] images = LessonContext.testImages(n, labels);
        float[][] p = resnet.probabilities(images, () -> false);
        int correct = 0;
        for (int i = 0; i < n; i++) {
            if (argmax(p[i]) == labels[i]) {
                correct++;
            }
        }
        double intact = LesionLesson.accuracy(resnet, Map.of(), n, () -> false);
        assertThat(intact).isEqualTo((double) correct / n);
        List<LesionLesson.Lesion> blocks = LesionLesson.blocks(Catalog.get(LesionLesson.RESNET).build());
        List<LesionLesson.Lesion> layers = LesionLesson.layers(Catalog.get(LesionLesson.VGG).build());
        assertThat(blocks).hasSize(6);
        assertThat(layers).isNotEmpty();
        double vggIntact = LesionLesson.accuracy(vgg, Map.of(), n, () -> false);
        double resnetDrop = 0;
        for (LesionLesson.Lesion l : blocks) {
            double a = LesionLesson.accuracy(resnet, l.replaced(), n, () -> false);
            System.out.println("lesion " + l.name() + " " + a + " (intact " + intact + ")");
            resnetDrop += (intact - a) / blocks.size();
        }
        double vggDrop = 0;
        for (LesionLesson.Lesion l : layers) {
            double a = LesionLesson.accuracy(vgg, l.replaced(), n, () -> false);
            System.out.println("lesion " + l.name() + " " + a + " (intact " + vggIntact + ")");
            vggDrop += (vggIntact - a) / layers.size();
        }
        assertThat(resnetDrop).as("mean drop, mini-resnet").isLessThan(vggDrop);
        // the page's experiment runs and reports progress
        Page page = page("resnet-lesion");
        int[] steps = {0};
        runAsTheWindowDoes(page.experiment(), () -> steps[0] >= 2, () -> steps[0]++);
        assertThat(steps[0]).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theShippedLesionRunIsWhatTheShippedWeightsMeasure() {
        LesionLesson.Results shipped = LesionLesson.Results.shipped().orElseThrow();
        List<LesionLesson.Lesion> blocks = LesionLesson.blocks(Catalog.get(LesionLesson.RESNET).build());
        List<LesionLesson.Lesion> layers = LesionLesson.layers(Catalog.get(LesionLesson.VGG).build());
        for (LesionLesson.Lesion l : blocks) {
            assertThat(shipped.get(LesionLesson.RESNET, l.name())).as(l.name()).isNotNull();
        }
        for (LesionLesson.Lesion l : layers) {
            assertThat(shipped.get(LesionLesson.VGG, l.name())).as(l.name()).isNotNull();
        }
        Model resnet = ctx.model(LesionLesson.RESNET);
        assertThat(LesionLesson.accuracy(resnet, Map.of(), LesionLesson.IMAGES, () -> false))
                .isEqualTo(shipped.get(LesionLesson.RESNET, ""));
        LesionLesson.Lesion second = blocks.get(3);
        assertThat(LesionLesson.accuracy(resnet, second.replaced(), LesionLesson.IMAGES, () -> false))
                .isEqualTo(shipped.get(LesionLesson.RESNET, second.name()));
        assertThat(page("resnet-lesion").text()).contains(Messages.get("lesson.resnet-lesion.run.shipped"));
    }

    /**
     * Runs a page's experiment on a thread of its own, as the window does: an experiment lowers its thread's priority
     * and OpenMP thread count, which must not stay with the test runner's thread. After that change, training other
     * shapes on the same thread corrupted libnd4j's heap (GraphTrainingTest's GoogLeNet aborted, "double free or
     * corruption").
     */
    private static void runAsTheWindowDoes(Page.Experiment experiment, BooleanSupplier cancelled, Runnable changed)
            throws InterruptedException {
        Throwable[] failed = {null};
        Thread t = new Thread(() -> {
            try {
                experiment.run(cancelled, changed);
            } catch (Exception | AssertionError e) {
                failed[0] = e;
            }
        }, "experiment");
        t.start();
        t.join();
        assertThat(failed[0]).isNull();
    }
}
