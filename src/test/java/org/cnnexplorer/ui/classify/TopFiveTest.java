package org.cnnexplorer.ui.classify;

import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.data.FashionMnist;
import org.cnnexplorer.data.ImageLoader;
import org.cnnexplorer.data.LoadedImage;
import org.cnnexplorer.data.Preprocessor;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.ui.Models;
import org.cnnexplorer.weights.NetworkWeights;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class TopFiveTest {
    private static final LoadedImage SAMPLE = new ImageLoader().load(Path.of("sample-images", "bag_0018.png"));
    private static Models models;
    private static Locale before;

    @BeforeAll
    static void load() {
        before = Messages.locale();
        Messages.setLocale(Locale.KOREAN);
        models = new Models();
    }

    @AfterAll
    static void release() {
        models.close();
        Messages.setLocale(before);
    }

    @Test
    void fashionClassesAreNamedInTheUsersLanguageBestFirst() {
        Model m = models.get("mini-vgg");
        float[] input = Preprocessor.apply(SAMPLE, NetworkWeights.inputSpec(m.info())).input();
        List<TopFive.Bar> top = TopFive.of(m, input, () -> false);
        assertThat(top).hasSize(5);
        assertThat(top.get(0).probability()).isGreaterThanOrEqualTo(top.get(1).probability());
        assertThat(top).allSatisfy(b -> assertThat(b.label())
                .isEqualTo(FashionMnist.Label.of(b.classIndex()).displayName(Locale.KOREAN))
                .isNotEqualTo(FashionMnist.Label.of(b.classIndex()).displayName(Locale.ENGLISH)));
    }

    @Test
    void otherNetworksKeepTheirOwnLabels() {
        try (Model m = Model.untrained("resnet18", Shape.chw(3, 32, 32), 1000, 3)) {
            List<TopFive.Bar> top = TopFive.of(m, new float[3 * 32 * 32], () -> false);
            assertThat(top).hasSize(5)
                    .allSatisfy(b -> assertThat(b.label()).isEqualTo(m.info().labels().get(b.classIndex())));
        }
    }

    @Test
    void allFourAsksEachMiniNetInTurn() {
        List<TopFive.Verdict> verdicts = TopFive.allFour(models, SAMPLE, () -> false);
        assertThat(verdicts).extracting(TopFive.Verdict::modelId).containsExactlyElementsOf(Models.MINI);
        assertThat(verdicts).allSatisfy(v -> {
            assertThat(v.trained()).isTrue();
            assertThat(v.top()).hasSize(5);
        });
    }
}
