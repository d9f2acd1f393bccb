package org.cnnexplorer.ui.classify;

import org.cnnexplorer.arch.Layers;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.NetworkBuilder;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.engine.Model;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class LayerMapsTest {

    @Test
    void everyLayerGetsAMosaicAndBlocksAreLaidOutAtHalfWidth() {
        int width = 700;
        try (Model m = Model.untrained("mini-googlenet")) {
            float[] input = new float[28 * 28];
            Arrays.fill(input, 0.5f);
            LayerMaps maps = LayerMaps.of(m, input, width, () -> false);
            assertThat(maps.mosaics().keySet()).containsExactlyInAnyOrderElementsOf(maps.activations().keySet());
            for (Sections.Section s : maps.sections()) {
                int allowed = s.kind() == Sections.Kind.LAYER ? width : width / 2 - 60;
                for (String layer : s.layerIds()) {
                    assertThat(maps.mosaics().get(layer).width()).as(layer).isLessThanOrEqualTo(allowed);
                }
            }
            FeatureMaps.Mosaic branch = maps.mosaics().get("inception3a.branch3.1");
            assertThat(branch).as("16 maps of 14×14 do not fit a half-width row").isNotNull();
            assertThat(branch.columns()).isLessThan(16);
            assertThat(maps.filtersLayer()).isEqualTo(LayerMaps.firstConv(m.network()));
            assertThat(maps.filters()).hasValueSatisfying(f -> assertThat(f.channels()).isEqualTo(32));
        }
    }

    @Test
    void theFiltersShownAreThoseOfTheFirstUngroupedConvolution() {
        assertThat(LayerMaps.firstConv(Catalog.get("mini-alexnet").build())).isEqualTo("conv1");

        NetworkBuilder b = new NetworkBuilder("t", "t", "", Shape.chw(2, 8, 8), 10);
        String x = b.add("grouped", Layers.groupedConv(4, 3, 1, 1, 2), NetworkBuilder.INPUT);
        x = b.add("plain", Layers.conv(4, 3, 1, 1), x);
        b.add("fc", Layers.fc(10), b.add("flatten", Layers.flatten(), x));
        assertThat(LayerMaps.firstConv(b.build())).isEqualTo("plain");

        NetworkBuilder c = new NetworkBuilder("t", "t", "", Shape.chw(1, 4, 4), 10);
        c.add("fc", Layers.fc(10), c.add("flatten", Layers.flatten(), NetworkBuilder.INPUT));
        Network noConv = c.build();
        assertThat(LayerMaps.firstConv(noConv)).isNull();
    }
}
