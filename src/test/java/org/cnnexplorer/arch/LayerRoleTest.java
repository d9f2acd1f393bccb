package org.cnnexplorer.arch;

import org.cnnexplorer.arch.zoo.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayerRoleTest {

    @ParameterizedTest
    @CsvSource({
            "resnet50,layer1.0.downsample.0,SHORTCUT", "resnet50,layer1.0.downsample.1,SHORTCUT",
            "resnet50,layer1.0.conv1,MAIN", "resnet50,layer1.0.add,MERGE", "resnet50,fc,MAIN",
            "resnet20,layer2.0.shortcut,SHORTCUT", "resnet20,layer2.0.add,MERGE", "plain20,layer2.0.conv1,MAIN",
            "googlenet,inception3a.branch2.1,BRANCH", "googlenet,inception3a.concat,MERGE", "googlenet,conv1,MAIN",
            "alexnet,input,MAIN", "alexnet,conv2,TOWER", "alexnet,pool5,TOWER", "alexnet,fc6,MAIN",
            "alexnet-single,conv2,MAIN", "mini-alexnet,conv2,TOWER"})
    void theCatalogBuilderRecordsEachLayersRole(String network, String layer, Layer.Role role) {
        assertThat(Catalog.get(network).build().layer(layer).role()).isEqualTo(role);
    }

    @Test
    void everyProjectionShortcutLayerAndNothingElseIsAShortcut() {
        for (String id : new String[] {"resnet18", "resnet152", "resnet56"}) {
            Network n = Catalog.get(id).build();
            assertThat(n.layers()).filteredOn(l -> l.id().contains(".downsample.") || l.id().endsWith(".shortcut"))
                    .isNotEmpty()
                    .allMatch(l -> l.role() == Layer.Role.SHORTCUT);
            assertThat(n.layers()).filteredOn(l -> l.role() == Layer.Role.SHORTCUT)
                    .allMatch(l -> l.id().contains(".downsample.") || l.id().endsWith(".shortcut"));
        }
    }

    @Test
    void towersAreDeclaredBeforeTheFirstLayer() {
        NetworkBuilder b = new NetworkBuilder("t", "t", "t", Shape.chw(3, 8, 8), 10);
        b.add("conv", Layers.conv(4, 3, 1, 1), NetworkBuilder.INPUT);
        assertThatThrownBy(() -> b.towers(2)).isInstanceOf(IllegalStateException.class).hasMessageContaining("towers");
    }
}
