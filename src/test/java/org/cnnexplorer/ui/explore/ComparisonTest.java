package org.cnnexplorer.ui.explore;

import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.i18n.Messages;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComparisonTest {

    @Test
    void theNaiveAndTheReducedInception3aCompareSideBySide() {
        Network naive = Catalog.get("inception3a-naive").build();
        Network reduced = Catalog.get("inception3a").build();
        Comparison c = Comparison.of(List.of(naive, reduced));
        assertThat(c.rows()).extracting(Comparison.Row::params).containsExactly(naive.params(), reduced.params());
        assertThat(c.rows()).extracting(Comparison.Row::macs).containsExactly(303_464_448L, 128_049_152L);
        // both lined up by resolution: every layer of both modules works at 28×28
        assertThat(c.resolutions()).containsExactly(28);
    }

    @Test
    void resnet34AndPlain34AlignOnTheSameResolutionsAndDifferOnlyInShortcuts() {
        Network plain = Catalog.get("plain34").build();
        Network res = Catalog.get("resnet34").build();
        Comparison c = Comparison.of(List.of(plain, res));
        assertThat(c.resolutions()).containsExactly(112, 56, 28, 14, 7, 1, 0);
        Breakdown.Resolution p28 = c.cell(plain, 28).orElseThrow();
        Breakdown.Resolution r28 = c.cell(res, 28).orElseThrow();
        // Same convs; ResNet adds the projection shortcut (1×1 conv + BN) at 28×28.
        assertThat(r28.weighted() - p28.weighted()).isEqualTo(1);
        // single models, 10-crop: plain-34 (Tables 2 and 3) against the option-B ResNet-34 of Table 3
        assertThat(c.rows()).extracting(Comparison.Row::top1).containsExactly(28.54, 24.52);
    }

    @Test
    void needsTwoToFourNetworks() {
        assertThatThrownBy(() -> Comparison.of(List.of(Catalog.get("vgg11").build())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stagesSumToTheNetworkTotals() {
        Network n = Catalog.get("googlenet").build();
        assertThat(Breakdown.perStage(n).stream().mapToLong(Breakdown.Bar::params).sum()).isEqualTo(n.params());
        assertThat(Breakdown.perLayer(n).stream().mapToLong(Breakdown.Bar::macs).sum()).isEqualTo(n.macs());
        assertThat(Breakdown.perStage(n)).extracting(Breakdown.Bar::label).contains("inception4a")
                .doesNotContain("aux1");
    }

    @Test
    void paperResultsComeWithTheirTestSetting() {
        assertThat(PaperResults.of("resnet110")).singleElement()
                .satisfies(r -> assertThat(r.settingEn()).contains("CIFAR-10"));
        assertThat(PaperResults.headline("alexnet").orElseThrow().top5()).isEqualTo(18.2);
    }

    /** Krizhevsky et al. 2012 Table 2, He et al. 2016 Table 3 (VGG-16 and GoogLeNet as quoted there). */
    @Test
    void theFourFamiliesHeadlineOneTestSetting() {
        for (String id : List.of("alexnet", "vgg16", "googlenet", "resnet50")) {
            PaperResults.Result r = PaperResults.headline(id).orElseThrow();
            assertThat(r.ensemble()).as(id).isFalse();
            assertThat(r.settingEn()).as(id).startsWith("single model, 10-crop, ImageNet val");
        }
        assertThat(PaperResults.headline("alexnet").orElseThrow().top1()).isEqualTo(40.7);
        assertThat(PaperResults.headline("vgg16").orElseThrow().top5()).isEqualTo(9.33);
        assertThat(PaperResults.headline("vgg16").orElseThrow().settingEn()).contains("He et al. 2016, Table 3");
        assertThat(PaperResults.headline("googlenet").orElseThrow().settingEn())
                .contains("Szegedy et al. 2015, Table 3").doesNotContain("Table 5");
        assertThat(PaperResults.of("vgg16")).extracting(PaperResults.Result::top5).containsExactly(9.33, 7.5);
    }

    @Test
    void theResNetPresetComparesSingleModelsOfEveryDepthInOneTestSetting() {
        Comparison c = Comparison.of(Comparison.RESNET_PRESET.stream().map(id -> Catalog.get(id).build()).toList());
        assertThat(c.rows()).extracting(Comparison.Row::top1).containsExactly(27.88, 24.52, 22.85, 21.43);
        assertThat(c.rows()).extracting(Comparison.Row::top5).containsExactly(null, 7.46, 6.71, 5.71);
        assertThat(c.rows()).allSatisfy(r -> {
            assertThat(r.ensemble()).isFalse();
            assertThat(r.setting()).startsWith("single model, 10-crop, ImageNet val");
        });
    }

    @Test
    void everyImageNetResNetDepthHasASingleModelHeadline() {
        for (String id : List.of("resnet18", "resnet34", "resnet50", "resnet101", "resnet152", "resnet50-v1",
                "resnet101-v1", "resnet152-v1", "plain18", "plain34")) {
            PaperResults.Result r = PaperResults.headline(id).orElseThrow();
            assertThat(r.ensemble()).as(id).isFalse();
            assertThat(r.top1()).as(id).isNotNull();
            assertThat(r.settingEn()).as(id).startsWith("single model, 10-crop, ImageNet val");
        }
        assertThat(PaperResults.headline("resnet101").orElseThrow().top5()).isEqualTo(6.05);
        assertThat(PaperResults.of("resnet152")).filteredOn(PaperResults.Result::ensemble).singleElement()
                .satisfies(r -> assertThat(r.top5()).isEqualTo(3.57));
    }

    @Test
    void anEnsembleIsMarkedAsOneInTheDataAndWhereverItIsShown() {
        for (PaperResults.Result r : PaperResults.all()) {
            assertThat(r.settingEn().contains("ensemble")).as(r.settingEn()).isEqualTo(r.ensemble());
            assertThat(r.settingKo().contains("앙상블")).as(r.settingKo()).isEqualTo(r.ensemble());
        }
        for (String id : Catalog.ids()) {
            List<PaperResults.Result> rs = PaperResults.of(id);
            if (rs.stream().anyMatch(r -> !r.ensemble())) {
                assertThat(PaperResults.headline(id).orElseThrow().ensemble()).as(id).isFalse();
            }
        }
        Comparison.Row ensemble = new Comparison.Row("googlenet", 1, 1, 22, null, 6.67, true, "");
        assertThat(ensemble.errorLabel()).isEqualTo(Messages.get("compare.ensembleOf", "googlenet"))
                .isNotEqualTo("googlenet");
    }
}
