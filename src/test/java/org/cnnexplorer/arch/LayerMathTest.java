package org.cnnexplorer.arch;

import org.cnnexplorer.arch.zoo.Catalog;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cnnexplorer.arch.Layers.conv;
import static org.cnnexplorer.arch.Layers.maxPool;

class LayerMathTest {

    @Test
    void alexnetConv1FormulasShowTheNumbersBehindTheCounts() {
        Layer conv1 = Catalog.get("alexnet").build().layer("conv1");
        assertThat(conv1.output()).isEqualTo(Shape.chw(96, 55, 55));
        assertThat(conv1.paramsFormula()).isEqualTo("96·(11·11·3) + 96 = 34,944");
        assertThat(conv1.macsFormula()).isEqualTo("55·55·96·(11·11·3) = 105,415,200");
    }

    @Test
    void groupedConvolutionSeesOnlyHalfTheChannels() {
        Network two = Catalog.get("alexnet").build();
        Network one = Catalog.get("alexnet-single").build();
        Layer grouped = two.layer("conv2");
        assertThat(grouped.params()).isEqualTo(256L * 5 * 5 * 48 + 256);
        assertThat(one.layer("conv2").params() - 256).isEqualTo(2 * (grouped.params() - 256));
        assertThat(grouped.paramsFormula()).startsWith("256·(5·5·48) + 256 = 307,456");
        assertThat(two.towers()).isEqualTo(2);
        assertThat(one.towers()).isEqualTo(1);
        assertThat(two.layer("conv3").spec()).isInstanceOfSatisfying(LayerSpec.Conv.class,
                c -> assertThat(c.groups()).as("conv3 is where the GPUs talk").isEqualTo(1));
    }

    @Test
    void vggFirstFullyConnectedLayerHoldsSevenBySevenBy512TimesFourThousand() {
        Layer fc6 = Catalog.get("vgg16").build().layer("fc6");
        assertThat(fc6.inputShapes()).containsExactly(Shape.flat(7 * 7 * 512));
        assertThat(fc6.params()).isEqualTo(25088L * 4096 + 4096);
        assertThat(fc6.paramsFormula()).isEqualTo("4096·25088 + 4096 = 102,764,544");
    }

    @Test
    void ceilModePoolingFollowsPyTorchsRule() {
        NetworkBuilder b = new NetworkBuilder("t", "t", "", Shape.chw(1, 112, 112), 2);
        String x = b.add("ceil", maxPool(3, 2, 0, true), NetworkBuilder.INPUT);
        String y = b.add("floor", maxPool(3, 2), NetworkBuilder.INPUT);
        assertThat(b.shape(x).height()).isEqualTo(56);
        assertThat(b.shape(y).height()).isEqualTo(55);
        // the last window must start inside the input (n + padding): 5 → ceil((5+2-2)/2)+1 = 4 would start in padding
        NetworkBuilder c = new NetworkBuilder("t", "t", "", Shape.chw(1, 5, 5), 2);
        assertThat(c.shape(c.add("p", maxPool(2, 2, 1, true), NetworkBuilder.INPUT)).height()).isEqualTo(3);
    }

    @Test
    void threeStackedThreeByThreeConvsSeeSevenBySeven() {
        NetworkBuilder b = new NetworkBuilder("t", "t", "", Shape.chw(8, 32, 32), 2);
        String x = NetworkBuilder.INPUT;
        for (int i = 1; i <= 3; i++) {
            x = b.add("conv" + i, conv(8, 3, 1, 1), x);
        }
        Network n = b.build();
        assertThat(n.layers()).extracting(Layer::receptiveField).containsExactly(1, 3, 5, 7);
        // 27C² weights against 49C² for one 7×7 (VGG paper §2.3), biases aside
        long stacked = n.params() - 3 * 8;
        assertThat(stacked).isEqualTo(27L * 8 * 8);
    }

    @Test
    void receptiveFieldAndJumpGrowWithStrides() {
        Network alex = Catalog.get("alexnet").build();
        assertThat(alex.layer("conv1").receptiveField()).isEqualTo(11);
        assertThat(alex.layer("conv1").jump()).isEqualTo(4);
        assertThat(alex.layer("pool1").receptiveField()).isEqualTo(11 + 2 * 4);
        assertThat(alex.layer("pool1").jump()).isEqualTo(8);
        assertThat(alex.layer("conv2").receptiveField()).isEqualTo(19 + 4 * 8);
    }

    @Test
    void inception3aWithReductionsCostsAbout128MillionMacs() {
        Network n = Catalog.get("googlenet").build();
        long macs = n.groupMacs(n.group("inception3a"));
        assertThat(macs).isBetween(127_000_000L, 129_000_000L);
        assertThat(n.group("inception3a").layers()).contains("inception3a.branch2.1", "inception3a.concat");
        assertThat(n.layer("inception3a.concat").inputs()).hasSize(4);
    }

    @Test
    void residualBlocksAddAndPlainBlocksDoNot() {
        Network res = Catalog.get("resnet34").build();
        Network plain = Catalog.get("plain34").build();
        assertThat(res.layers().stream().filter(l -> l.type().equals("add"))).hasSize(16);
        assertThat(plain.layers().stream().filter(l -> l.type().equals("add"))).isEmpty();
        assertThat(res.layer("layer2.0.downsample.0").spec()).isEqualTo(new LayerSpec.Conv(128, 1, 2, 0, 1, false));
        Network cifar = Catalog.get("resnet20").build();
        Layer shortcut = cifar.layer("layer2.0.shortcut");
        assertThat(shortcut.type()).isEqualTo("pad");
        assertThat(shortcut.params()).isZero();
        assertThat(shortcut.output()).isEqualTo(Shape.chw(32, 16, 16));
    }

    @Test
    void bottleneckStridesWhereEachVersionSays() {
        Network v15 = Catalog.get("resnet50").build();
        Network v1 = Catalog.get("resnet50-v1").build();
        assertThat(((LayerSpec.Conv) v15.layer("layer2.0.conv2").spec()).stride()).isEqualTo(2);
        assertThat(((LayerSpec.Conv) v1.layer("layer2.0.conv1").spec()).stride()).isEqualTo(2);
        assertThat(v1.layer("layer2.0.conv1").output()).isEqualTo(Shape.chw(128, 28, 28));
    }

    @Test
    void networksAcceptOtherInputsAndClassCounts() {
        Network n = Catalog.get("resnet20").build(Shape.chw(1, 28, 28), 10);
        assertThat(n.hasGroup("layer3")).isTrue();
        assertThat(n.output().output()).isEqualTo(Shape.flat(10));
        assertThat(n.layer("layer3.2.relu2").output()).isEqualTo(Shape.chw(64, 7, 7));
        assertThat(n.layer("conv1").params()).isEqualTo(16 * 9);
        Network vgg = Catalog.get("vgg16").build(Shape.chw(3, 64, 64), 5);
        assertThat(vgg.layer("fc6").inputShapes()).containsExactly(Shape.flat(512 * 2 * 2));
        assertThat(vgg.layer("fc8").output()).isEqualTo(Shape.flat(5));
    }

    @Test
    void impossibleInputsAreRefusedNamingTheLayer() {
        assertThatThrownBy(() -> Catalog.get("alexnet").build(Shape.chw(3, 32, 32), 10))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("alexnet")
                .hasMessageContaining("pool2");
        assertThatThrownBy(() -> Catalog.get("vgg16").build(Shape.chw(3, 16, 16), 10))
                .isInstanceOf(ShapeException.class).hasMessageContaining("block5.pool");
        assertThatThrownBy(() -> Catalog.get("resnet18").build(Shape.chw(3, 224, 224), 0))
                .isInstanceOf(ShapeException.class).hasMessageContaining("classes");
        assertThatThrownBy(() -> Shape.parse("3x224")).isInstanceOf(ShapeException.class);
        assertThatThrownBy(() -> Shape.parse("3x0x4")).isInstanceOf(ShapeException.class);
    }

    @Test
    void everyNetworkIsATopologicallyOrderedGraphWithUniqueIds() {
        for (var e : Catalog.entries()) {
            Network n = e.build();
            Set<String> seen = new HashSet<>();
            for (Layer l : n.layers()) {
                assertThat(seen).as("%s: inputs of %s precede it", e.id(), l.id()).containsAll(l.inputs());
                assertThat(seen.add(l.id())).as("%s: unique id %s", e.id(), l.id()).isTrue();
            }
            if (e.module()) {
                assertThat(n.output().type()).as("%s: a module ends in its block's output", e.id()).isEqualTo("concat");
            } else {
                assertThat(n.output().type()).isEqualTo("softmax");
                assertThat(n.output().output()).isEqualTo(Shape.flat(e.classes()));
            }
            for (Group g : n.groups()) {
                assertThat(seen).containsAll(g.layers());
                assertThat(g.parent() == null || n.hasGroup(g.parent())).isTrue();
            }
        }
    }

    @Test
    void depthCountsWeightedLayersAsPapersDo() {
        assertThat(List.of("alexnet", "vgg16", "vgg19", "googlenet", "resnet34", "resnet152", "resnet110"))
                .extracting(id -> Catalog.get(id).build().depth())
                .containsExactly(8, 16, 19, 22, 34, 152, 110);
        assertThat(Catalog.get("resnet34").build().weightedLayers()).isEqualTo(34 + 3);
    }
}
