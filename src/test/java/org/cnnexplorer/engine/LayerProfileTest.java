package org.cnnexplorer.engine;

import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.arch.zoo.Catalog;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LayerProfileTest {

    /** Layers inference computes: everything but the input and the auxiliary heads. */
    private static List<String> inferenceLayers(Network net) {
        return net.layers().stream().filter(l -> !l.aux() && !(l.spec() instanceof LayerSpec.Input))
                .map(Layer::id).toList();
    }

    @Test
    void everyInferenceLayerIsTimedOnceWithItsMacsAndAuxiliaryHeadsAreLeftOut() {
        Network net = Catalog.get("mini-googlenet").build();
        assertThat(net.layers()).anyMatch(Layer::aux);
        List<LayerProfile.Entry> p = LayerProfile.forward(net, 3, 1, 3);
        assertThat(p).extracting(LayerProfile.Entry::id).containsExactlyElementsOf(inferenceLayers(net));
        assertThat(p).allSatisfy(e -> assertThat(e.medianMs()).isPositive());
        for (LayerProfile.Entry e : p) {
            assertThat(e.macs()).isEqualTo(3 * net.layer(e.id()).macs());
        }
    }

    @Test
    void helperVerticesAreChargedToTheLayerTheyRealise() {
        // AlexNet's towers are slices and per-tower convs; option-A shortcuts are slices and zero blocks
        for (String id : List.of("mini-alexnet", "resnet20")) {
            Catalog.Entry entry = Catalog.get(id);
            Network net = id.equals("resnet20") ? entry.build(Shape.chw(3, 32, 32), 10) : entry.build();
            List<LayerProfile.Entry> p = LayerProfile.forward(net, 1, 0, 1);
            assertThat(p).extracting(LayerProfile.Entry::id).containsExactlyElementsOf(inferenceLayers(net));
        }
    }
}
