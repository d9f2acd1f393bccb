package org.cnnexplorer.arch;

import org.cnnexplorer.arch.zoo.Catalog;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkBlockTest {

    @Test
    void aBlockAloneKeepsItsLayersCountsAndBranchesAndIsFedByItsInputShape() {
        Network full = Catalog.get("googlenet").build();
        Group module = full.group("inception4a");
        Network block = full.block("inception4a");
        assertThat(block.input()).isEqualTo(full.layer("maxpool3").output());
        assertThat(block.layers().get(0).id()).isEqualTo(NetworkBuilder.INPUT);
        assertThat(block.layers().subList(1, block.layers().size())).extracting(Layer::id)
                .containsExactlyElementsOf(module.layers());
        assertThat(block.params()).isEqualTo(full.groupParams(module));
        assertThat(block.macs()).isEqualTo(full.groupMacs(module));
        assertThat(block.output().id()).isEqualTo("inception4a.concat");
        assertThat(block.groups()).extracting(Group::id).containsExactly("inception4a", "inception4a.branch1",
                "inception4a.branch2", "inception4a.branch3", "inception4a.branch4");
        assertThat(block.group("inception4a").parent()).isNull();
        assertThat(block.consumers(NetworkBuilder.INPUT)).hasSize(4);
    }

    @Test
    void aResidualBlockReadsItsInputTwiceThroughTheOneInputLayer() {
        Network full = Catalog.get("resnet50").build();
        Network block = full.block("layer3.0");
        assertThat(block.input()).isEqualTo(full.layer("layer2.3.relu3").output());
        assertThat(block.consumers(NetworkBuilder.INPUT)).extracting(Layer::id)
                .containsExactly("layer3.0.conv1", "layer3.0.downsample.0");
        assertThat(block.output().output()).isEqualTo(full.layer("layer3.0.relu3").output());
    }

    @Test
    void aGroupReadingTwoTensorsFromOutsideIsRefusedWithBoth() {
        NetworkBuilder b = new NetworkBuilder("t", "t", "t", Shape.chw(4, 8, 8), 10);
        String a = b.add("a", Layers.conv(4, 3, 1, 1), NetworkBuilder.INPUT);
        b.group("g", Group.Kind.STAGE, "g", () -> b.add("sum", Layers.add(), a, NetworkBuilder.INPUT));
        Network n = b.build();
        assertThatThrownBy(() -> n.block("g")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[a, input]");
    }
}
