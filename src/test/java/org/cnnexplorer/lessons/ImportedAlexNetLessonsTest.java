package org.cnnexplorer.lessons;

import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.data.ImageNetClasses;
import org.cnnexplorer.data.Preprocessing;
import org.cnnexplorer.engine.LayerActivation;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.build.GraphFactory;
import org.cnnexplorer.i18n.TestLocale;
import org.cnnexplorer.weights.ImportedWeights;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * With ImageNet AlexNet weights imported, the conv1 and LRN pages work on AlexNet's own first layer and a colour
 * photograph. The weights here are random ones saved as an import (no ImageNet weights can be fetched where the tests
 * run): what is checked is that the pages take the imported network, its filters and the photo.
 */
class ImportedAlexNetLessonsTest {
    private static final String PROPERTY = "cnnexplorer.weights";
    /** Smaller than 227 to keep the test light; the pages take whatever input the imported weights have. */
    private static final Shape INPUT = Shape.chw(3, 127, 127);

    @RegisterExtension
    static final TestLocale LOCALE = TestLocale.english();

    private static Path dir;
    private static String before;
    private static LessonContext ctx;

    @BeforeAll
    static void importRandomAlexNet() throws IOException {
        dir = Files.createTempDirectory("imported-alexnet");
        before = System.getProperty(PROPERTY);
        System.setProperty(PROPERTY, dir.toString());
        // Caffe's AlexNet as the model zoo has it: k = 1 and α/n in its LRN layers
        LayerSpec.Lrn caffe = new LayerSpec.Lrn(1, 5, 1e-4 / 5, 0.75);
        Network net = Catalog.get("alexnet").build(INPUT, 1000, Map.of("norm1", caffe, "norm2", caffe));
        try (Model m = Model.untrained(net, GraphFactory.Settings.defaults().withSeed(3))) {
            new ImportedWeights(dir).save(m.withInfo(m.info().withTraining(ImageNetClasses.names(),
                    Map.of(Preprocessing.KEY, Preprocessing.CAFFE.id(), "source", "bvlcalexnet-12.onnx"))));
        }
        ctx = LessonContext.standalone();
    }

    @AfterAll
    static void restore() {
        ctx.close();
        if (before == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, before);
        }
    }

    @Test
    void conv1PageShowsTheImportedFiltersOnTheColourPhoto() {
        AlexNetLessons.Conv1 seen = AlexNetLessons.conv1(ctx, Catalog.get("alexnet").build());
        assertThat(seen.own()).isTrue();
        assertThat(seen.filters().out()).isEqualTo(96);
        assertThat(seen.filters().kernel()).isEqualTo(11);
        assertThat(seen.bgr()).isTrue();
        assertThat(seen.input().getWidth()).isEqualTo(INPUT.width());
        assertThat(colourful(seen.input())).isTrue();
        assertThat(seen.maps().shape().channels()).isEqualTo(96);
        Page p = Lessons.find("alexnet-input").orElseThrow().page(ctx);
        assertThat(String.join(" ", p.text())).contains(LessonContext.SHIPPED_PHOTO)
                .contains("ImageNet weights you imported");
    }

    @Test
    void lrnPageNormalisesImportedActivationsOfThePhotoWithThePapersConstants() {
        Text t = new Text("alexnet-lrn");
        LrnLesson.Source src = LrnLesson.source(ctx, t);
        assertThat(src.imagenet()).isTrue();
        LayerActivation relu1 = src.relu1();
        assertThat(relu1.values()).isEqualTo(ctx.onPhoto(AlexNetLessons.IMAGENET).activations().get("relu1").values());
        assertThat(relu1.shape().channels()).isEqualTo(96);
        assertThat(colourful(src.picture())).isTrue();
        assertThat(src.note()).contains("k=1");
        Page p = Lessons.find("alexnet-lrn").orElseThrow().page(ctx);
        assertThat(p.text()).anyMatch(s -> s.contains("ImageNet AlexNet you imported") && s.contains("chelsea"));
        LayerSpec.Lrn paper = (LayerSpec.Lrn) Catalog.get("alexnet").build().layer("norm1").spec();
        assertThat(p.knobs()).filteredOn(k -> k.id().equals("alpha")).singleElement()
                .satisfies(k -> assertThat(k.initial()).isEqualTo(paper.alpha()));
    }

    @Test
    void theVisibleAlphaIsWhereTheStrongestWindowIsDividedTenPercentMore() {
        LayerActivation relu1 = LrnLesson.source(ctx, new Text("alexnet-lrn")).relu1();
        int channels = relu1.shape().channels();
        int hw = relu1.shape().height() * relu1.shape().width();
        double k = 2;
        int n = 5;
        double beta = 0.75;
        double sum = LrnLesson.largestWindowSum(relu1.values(), channels, hw, n);
        double alpha = LrnLesson.visibleAlpha(sum, k, beta);
        float[] factor = new float[relu1.values().length];
        LrnLesson.apply(relu1.values(), channels, hw, k, n, alpha, beta, factor);
        float largest = 0;
        for (float f : factor) {
            largest = Math.max(largest, f);
        }
        assertThat(largest / Math.pow(k, beta)).isCloseTo(1 + LrnLesson.VISIBLE, within(1e-5));
        assertThat(LrnLesson.inhibition(sum, k, alpha, beta)).isCloseTo(1 + LrnLesson.VISIBLE, within(1e-9));
        assertThat(LrnLesson.visibleAlpha(0, k, beta)).isInfinite();
    }

    private static boolean colourful(BufferedImage img) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                if (Math.abs(((rgb >> 16) & 0xFF) - (rgb & 0xFF)) > 30) {
                    return true;
                }
            }
        }
        return false;
    }
}
