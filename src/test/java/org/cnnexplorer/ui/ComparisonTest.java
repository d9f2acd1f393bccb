package org.cnnexplorer.ui;

import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.zoo.Catalog;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComparisonTest {

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
        assertThat(c.rows()).extracting(Comparison.Row::top1).containsExactly(28.54, 25.03);
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
        assertThat(PaperResults.headline("alexnet").orElseThrow().top5()).isEqualTo(17.0);
    }
}
