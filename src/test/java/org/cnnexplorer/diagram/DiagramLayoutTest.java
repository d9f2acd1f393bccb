package org.cnnexplorer.diagram;

import org.cnnexplorer.arch.Group;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.zoo.Catalog;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiagramLayoutTest {

    private static Diagram layout(String id) {
        Network n = Catalog.get(id).build();
        return DiagramLayout.layout(n, Folding.defaults(n));
    }

    private static long skipsIntoAdds(Diagram d) {
        return d.edges().stream().filter(e -> e.kind() == Diagram.EdgeKind.SKIP && e.to().endsWith(".add")).count();
    }

    @Test
    void alexnetConv2LandsInTwoLanesWithGpu1LeftOfGpu2() {
        Diagram d = layout("alexnet");
        Map<String, Diagram.Node> nodes = d.nodesById();
        Diagram.Node left = nodes.get("conv2#1");
        Diagram.Node right = nodes.get("conv2#2");
        assertThat(left.lane()).isEqualTo(1);
        assertThat(right.lane()).isEqualTo(2);
        assertThat(left.cx()).isLessThan(right.cx());
        assertThat(left.shape()).isEqualTo("128×27×27");
        assertThat(d.lanes()).extracting(Diagram.Lane::label).containsExactly("GPU 1", "GPU 2");
        assertThat(nodes).doesNotContainKey("conv2");
    }

    @Test
    void alexnetGpusExchangeDataOnlyAtConv3AndTheFullyConnectedLayers() {
        Diagram d = layout("alexnet");
        Map<String, Diagram.Node> nodes = d.nodesById();
        List<String> crossTargets = d.edges().stream()
                .filter(e -> nodes.get(e.from()).lane() != 0 && nodes.get(e.to()).lane() != 0
                        && nodes.get(e.from()).lane() != nodes.get(e.to()).lane())
                .map(e -> nodes.get(e.to()).target()).distinct().toList();
        assertThat(crossTargets).containsExactly("conv3");
        // Both lanes feed the single flatten → fc6 path.
        assertThat(d.edges().stream().filter(e -> e.to().equals("flatten")).map(Diagram.Edge::from))
                .containsExactlyInAnyOrder("pool5#1", "pool5#2");
    }

    @Test
    void oneTowerAlexNetHasNoLanes() {
        assertThat(layout("alexnet-single").lanes()).isEmpty();
        assertThat(layout("alexnet-tv").nodesById()).containsKey("conv2");
    }

    @Test
    void resnet34HasSixteenSkipArcsAndPlain34None() {
        assertThat(skipsIntoAdds(layout("resnet34"))).isEqualTo(16);
        Diagram plain = layout("plain34");
        assertThat(plain.skipEdges()).isZero();
        assertThat(plain.nodes()).noneMatch(n -> n.id().endsWith(".add"));
    }

    @Test
    void onlyTheEdgesIntoProjectionConvolutionsAreMarkedAsProjections() {
        // resnet18's stages 2–4 open with a projection shortcut (1×1 conv + BN); stage 1 keeps the identity
        Diagram d = DiagramLayout.layout(Catalog.get("resnet18").build(), Set.of());
        assertThat(d.edges()).filteredOn(Diagram.Edge::projection).extracting(Diagram.Edge::to)
                .containsExactlyInAnyOrder("layer2.0.downsample.0", "layer3.0.downsample.0", "layer4.0.downsample.0");
        assertThat(d.edges()).filteredOn(Diagram.Edge::projection)
                .allMatch(e -> e.kind() == Diagram.EdgeKind.SKIP);
        // resnet20's zero-padding shortcut is a skip arc, but no projection
        Diagram cifar = DiagramLayout.layout(Catalog.get("resnet20").build(), Set.of());
        assertThat(cifar.edges()).anyMatch(e -> e.kind() == Diagram.EdgeKind.SKIP && e.to().equals("layer2.0.shortcut"))
                .noneMatch(Diagram.Edge::projection);
    }

    @Test
    void skipArcRunsBesideTheMainPathNotThroughIt() {
        Diagram d = layout("resnet18");
        Diagram.Edge skip = d.edges().stream()
                .filter(e -> e.kind() == Diagram.EdgeKind.SKIP && e.to().equals("layer1.0.add"))
                .findFirst().orElseThrow();
        Diagram.Node conv = d.nodesById().get("layer1.0.conv1");
        // Some point of the arc lies outside the main column's nodes (it bends around them).
        assertThat(skip.points()).anyMatch(p -> p.x() > conv.x() + conv.w() || p.x() < conv.x());
    }

    @Test
    void resnet152OpensWithStagesFoldedAndLabelled() {
        Network n = Catalog.get("resnet152").build();
        Diagram d = DiagramLayout.layout(n, Folding.defaults(n));
        Diagram.Node layer3 = d.nodesById().get("layer3");
        assertThat(layer3.folded()).isTrue();
        assertThat(layer3.title()).isEqualTo("layer3: Bottleneck ×36");
        assertThat(layer3.params()).isEqualTo(n.groupParams(n.group("layer3")));
        assertThat(d.nodes()).hasSizeLessThan(20);
        assertThat(Folding.defaults(Catalog.get("resnet34").build())).isEmpty();
        assertThat(Folding.defaults(Catalog.get("resnet1202").build())).contains("layer1", "layer2", "layer3");
    }

    @Test
    void foldedStageNodesSumTheirLayersAndKeepTheTotal() {
        Network n = Catalog.get("resnet50").build();
        Diagram d = DiagramLayout.layout(n, Folding.collapseAll(n));
        long params = d.nodes().stream().mapToLong(Diagram.Node::params).sum();
        long macs = d.nodes().stream().mapToLong(Diagram.Node::macs).sum();
        assertThat(params).isEqualTo(n.params());
        assertThat(macs).isEqualTo(n.macs());
    }

    @Test
    void inceptionModuleIsABoxHoldingFourBranchColumnsAndAuxHeadsAreSideBranches() {
        Diagram d = layout("googlenet");
        Diagram.Box module = d.boxes().stream().filter(b -> b.groupId().equals("inception4a"))
                .findFirst().orElseThrow();
        List<Diagram.Box> branches = d.boxes().stream()
                .filter(b -> b.kind() == Group.Kind.BRANCH && b.groupId().startsWith("inception4a.")).toList();
        assertThat(branches).hasSize(4);
        for (Diagram.Box b : branches) {
            assertThat(b.x()).isGreaterThanOrEqualTo(module.x());
            assertThat(b.x() + b.w()).isLessThanOrEqualTo(module.x() + module.w());
        }
        // Side by side: the four columns do not overlap horizontally.
        List<Diagram.Box> byX = branches.stream().sorted((a, b) -> Double.compare(a.x(), b.x())).toList();
        for (int i = 1; i < 4; i++) {
            assertThat(byX.get(i).x()).isGreaterThan(byX.get(i - 1).x() + byX.get(i - 1).w());
        }
        assertThat(d.boxes()).anyMatch(b -> b.kind() == Group.Kind.AUX_HEAD && b.groupId().equals("aux1"));
        assertThat(d.edges()).anyMatch(e -> e.kind() == Diagram.EdgeKind.AUX && e.from().equals("inception4a.concat"));
    }

    @Test
    void edgesCarryTheTensorShape() {
        Diagram d = layout("vgg16");
        assertThat(d.edges()).anyMatch(e -> e.to().equals("fc6") && e.label().equals("25088"));
    }

    @Test
    void layoutStopsWhenCancelled() {
        Network n = Catalog.get("resnet50").build();
        assertThatThrownBy(() -> DiagramLayout.layout(n, Set.of(), () -> true))
                .isInstanceOf(CancellationException.class);
    }

    @Test
    void resolutionBandsFollowTheNetworkDownwards() {
        Network n = Catalog.get("resnet34").build();
        Diagram d = DiagramLayout.layout(n, Set.of());
        Map<Integer, ResolutionBands.Band> bands = ResolutionBands.of(n, d);
        assertThat(bands.keySet()).containsExactly(112, 56, 28, 14, 7, 1, 0);
        assertThat(bands.get(56).y1()).isLessThanOrEqualTo(bands.get(28).y0() + 1);
        assertThat(bands.get(14).y0()).isGreaterThan(bands.get(28).y0());
    }
}
