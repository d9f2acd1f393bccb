package org.cnnexplorer.ui.classify;

import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.engine.ConvFilters;
import org.cnnexplorer.engine.LayerActivation;
import org.cnnexplorer.i18n.Messages;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FeatureMapsTest {

    @Test
    void mosaicHasOneTilePerChannelAndMapsClicksBackToTheChannel() {
        float[] v = new float[3 * 4 * 4];
        for (int c = 0; c < 3; c++) {
            v[c * 16 + 5] = c + 1; // one bright pixel per channel, brighter in later channels
        }
        FeatureMaps.Mosaic m = FeatureMaps.mosaic(new LayerActivation("x", Shape.chw(3, 4, 4), v), 1000);
        assertThat(m.columns()).isEqualTo(3);
        assertThat(m.tile()).isEqualTo(48); // 4 pixels × 12
        assertThat(m.width()).isEqualTo(3 * 48 + 2 * FeatureMaps.GAP);
        assertThat(m.channelAt(10, 10)).isZero();
        assertThat(m.channelAt(48 + FeatureMaps.GAP + 1, 47)).isEqualTo(1);
        assertThat(m.channelAt(48, 10)).isEqualTo(-1); // on the gap
        // pixel (1,1) of channel 2 is the layer's maximum: white on the grey ramp
        int x = 2 * (48 + FeatureMaps.GAP) + 12 + 3;
        assertThat(m.argb()[(12 + 3) * m.width() + x]).isEqualTo(0xFFFFFFFF);
        assertThat(m.argb()[0]).isEqualTo(0xFF000000);
    }

    @Test
    void narrowLayoutWrapsIntoRows() {
        FeatureMaps.Mosaic m = FeatureMaps.mosaic(new LayerActivation("x", Shape.chw(10, 28, 28),
                new float[10 * 28 * 28]), 200);
        assertThat(m.columns()).isEqualTo(3); // 56-pixel tiles
        assertThat(m.height()).isEqualTo(4 * 56 + 3 * FeatureMaps.GAP);
        assertThat(m.channelAt(1, 3 * (56 + FeatureMaps.GAP) + 1)).isEqualTo(9);
        assertThat(m.channelAt(60, 3 * (56 + FeatureMaps.GAP) + 1)).isEqualTo(-1); // past the last channel
    }

    @Test
    void signedLayersUseADivergingScaleWithZeroWhite() {
        assertThat(FeatureMaps.colour(0, -1, 1)).isEqualTo(0xFFFFFFFF);
        int red = FeatureMaps.colour(1, -1, 1);
        int blue = FeatureMaps.colour(-1, -1, 1);
        assertThat(red >> 16 & 0xFF).isGreaterThan(red & 0xFF);
        assertThat(blue & 0xFF).isGreaterThan(blue >> 16 & 0xFF);
    }

    @Test
    void filtersAreOneTilePerOutputOnASymmetricScale() {
        float[] w = new float[4 * 1 * 3 * 3];
        w[0] = -2;
        w[9 + 4] = 2;
        FeatureMaps.Mosaic m = FeatureMaps.filters(new ConvFilters("conv1", 4, 1, 3, w), 1000);
        assertThat(m.channels()).isEqualTo(4);
        assertThat(m.min()).isEqualTo(-2);
        assertThat(m.max()).isEqualTo(2);
    }

    @Test
    void flatVectorsBecomeCells() {
        FeatureMaps.Mosaic m = FeatureMaps.mosaic(new LayerActivation("fc", Shape.flat(10), new float[10]), 500);
        assertThat(m.channels()).isEqualTo(10);
        assertThat(m.channelAt(12 * 3 + 1, 1)).isEqualTo(3);
    }

    @Test
    void sectionsShowInceptionBranchesAndResidualParts() {
        List<Sections.Section> g = Sections.of(Catalog.get("mini-googlenet").build());
        Sections.Section inc = g.stream().filter(s -> s.id().equals("inception3a")).findFirst().orElseThrow();
        assertThat(inc.kind()).isEqualTo(Sections.Kind.INCEPTION);
        assertThat(inc.rows()).hasSize(5); // four branches, then the concatenation
        assertThat(inc.rows().get(1).items()).extracting(Sections.Item::layerId)
                .startsWith("inception3a.branch2.0").contains("inception3a.branch2.1");
        assertThat(inc.rows().get(4).items()).extracting(Sections.Item::layerId).containsExactly("inception3a.concat");

        List<Sections.Section> r = Sections.of(Catalog.get("mini-resnet").build());
        Sections.Section block = r.stream().filter(s -> s.id().equals("layer2.0")).findFirst().orElseThrow();
        assertThat(block.kind()).isEqualTo(Sections.Kind.RESIDUAL);
        assertThat(block.rows()).extracting(Sections.Row::label).containsExactly("x", "F(x)",
                Messages.get("classify.residual.shortcut"), "F(x) + x");
        assertThat(block.rows().get(0).items().get(0).layerId()).isEqualTo("layer1.1.relu2");
        assertThat(block.rows().get(1).items()).extracting(Sections.Item::layerId).endsWith("layer2.0.bn2");
        assertThat(block.rows().get(2).items()).extracting(Sections.Item::layerId)
                .containsExactly("layer2.0.downsample.0", "layer2.0.downsample.1");
        assertThat(block.rows().get(3).items()).extracting(Sections.Item::layerId)
                .containsExactly("layer2.0.add", "layer2.0.relu2");
        // a zero-padding shortcut (option A) is on the shortcut row, not the last step of F(x)
        Sections.Section padded = Sections.of(Catalog.get("resnet20").build()).stream()
                .filter(s -> s.id().equals("layer2.0")).findFirst().orElseThrow();
        assertThat(padded.rows().get(1).items()).extracting(Sections.Item::layerId).endsWith("layer2.0.bn2")
                .doesNotContain("layer2.0.shortcut");
        assertThat(padded.rows().get(2).items()).containsExactly(new Sections.Item("layer2.0.shortcut",
                Messages.get("classify.residual.padded", "shortcut")));
        // every layer of the network appears in some section
        assertThat(r.stream().flatMap(s -> s.layerIds().stream()).distinct().count())
                .isEqualTo(Catalog.get("mini-resnet").build().layers().size());
    }
}
