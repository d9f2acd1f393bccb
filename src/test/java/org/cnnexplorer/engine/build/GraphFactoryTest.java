package org.cnnexplorer.engine.build;

import org.assertj.core.data.Offset;
import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.arch.ShapeException;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.engine.natives.NativeSetup;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every catalog network becomes a DL4J graph with the catalog's parameters and, on a real forward pass, the
 * catalog's shape at every layer id. ImageNet networks run at the smallest input they accept (the shapes change,
 * the structure does not), so the whole catalog fits in a CI run.
 */
class GraphFactoryTest {

    @BeforeAll
    static void natives() {
        NativeSetup.configure();
    }

    static Stream<String> ids() {
        return Catalog.ids().stream();
    }

    /**
     * The smallest square input the network accepts: every layer's shape rule is exercised, the arithmetic is small.
     */
    static Network smallest(Catalog.Entry e) {
        Shape in = e.input();
        for (int side = 1; side <= in.height(); side++) {
            try {
                return e.build(Shape.chw(in.channels(), side, side), e.classes());
            } catch (ShapeException tooSmall) {
                // next size
            }
        }
        throw new AssertionError(e.id() + " accepts no input up to " + in);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ids")
    void everyCatalogNetworkHasTheCatalogsParametersAndShapes(String id) {
        checkParamsAndShapes(smallest(Catalog.get(id)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"alexnet", "googlenet", "googlenet-tv", "resnet50", "resnet20"})
    void familiesMatchAtTheirPaperInputSize(String id) {
        checkParamsAndShapes(Catalog.get(id).build());
    }

    private static void checkParamsAndShapes(Network net) {
        ComputationGraph graph = GraphFactory.build(net);
        try {
            assertThat(graph.numParams()).as(net.id() + " at " + net.input() + ": DL4J params")
                    .isEqualTo(GraphFactory.expectedParams(net));
            Shape in = net.input();
            INDArray x = Nd4j.rand(DataType.FLOAT, 2, in.channels(), in.height(), in.width());
            Map<String, INDArray> acts = graph.feedForward(x, false);
            for (Layer l : net.layers()) {
                assertThat(acts).as(net.id() + ": activation of " + l.id()).containsKey(l.id());
                INDArray a = acts.get(l.id());
                long[] expected = l.output().flat() ? new long[] {2, l.output().channels()}
                        : new long[] {2, l.output().channels(), l.output().height(), l.output().width()};
                assertThat(a.shape()).as(net.id() + ": shape of " + l.id()).containsExactly(expected);
                assertThat(a.isNaN().any() || a.isInfinite().any()).as(net.id() + ": finite " + l.id()).isFalse();
            }
            if (net.output().type().equals("softmax")) { // the catalog's modules (inception3a) end in a concat
                INDArray prob = acts.get(net.output().id());
                assertThat(prob.sum(1).toFloatVector()).as("softmax rows sum to 1")
                        .containsExactly(new float[] {1f, 1f}, Offset.offset(1e-3f));
            }
            assertThat(graph.getConfiguration().getNetworkOutputs()).isEqualTo(net.heads());
        } finally {
            graph.close();
        }
    }

    @Test
    void residualBranchesEndInTheirLastBatchNormNotInAProjection() {
        assertThat(GraphFactory.residualBranchEnds(Catalog.get("resnet20").build())).hasSize(9)
                .allMatch(id -> id.endsWith(".bn2"));
        assertThat(GraphFactory.residualBranchEnds(Catalog.get("resnet50").build())).hasSize(16)
                .allMatch(id -> id.endsWith(".bn3"));
        assertThat(GraphFactory.residualBranchEnds(Catalog.get("plain20").build())).isEmpty();
    }

    /** With γ = 0 at the end of every branch, each residual add passes its shortcut through unchanged. */
    @Test
    void zeroResidualGammaStartsEveryResidualBlockAsItsShortcut() {
        Network net = Catalog.get("resnet20").build(Shape.chw(1, 28, 28), 10);
        Set<String> ends = GraphFactory.residualBranchEnds(net);
        ComputationGraph graph = GraphFactory.build(net, GraphFactory.Settings.defaults().withZeroResidualGamma(true));
        ComputationGraph plainInit = GraphFactory.build(net);
        try {
            for (Layer l : net.layers()) {
                if (l.spec() instanceof LayerSpec.BatchNorm) {
                    float expected = ends.contains(l.id()) ? 0f : 1f;
                    assertThat(graph.getLayer(l.id()).getParam("gamma").toFloatVector()).as(l.id())
                            .containsOnly(expected);
                    assertThat(plainInit.getLayer(l.id()).getParam("gamma").toFloatVector()).as(l.id())
                            .containsOnly(1f);
                }
            }
            INDArray x = Nd4j.rand(DataType.FLOAT, 4, 1, 28, 28);
            Map<String, INDArray> acts = graph.feedForward(x, true);
            int adds = 0;
            for (Layer l : net.layers()) {
                if (l.spec() instanceof LayerSpec.Add) {
                    String shortcut = l.inputs().stream().filter(in -> !ends.contains(in)).findFirst().orElseThrow();
                    assertThat(acts.get(l.id()).equalsWithEps(acts.get(shortcut), 1e-6)).as(l.id()).isTrue();
                    assertThat(acts.get(shortcut).amaxNumber().doubleValue()).as(shortcut).isGreaterThan(0);
                    adds++;
                }
            }
            assertThat(adds).isEqualTo(9);
        } finally {
            graph.close();
            plainInit.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"googlenet", "googlenet-tv"})
    void auxiliaryHeadsAreExtraOutputs(String id) {
        Network net = smallest(Catalog.get(id));
        assertThat(net.heads()).containsExactly("prob", "aux1.prob", "aux2.prob");
        assertThat(List.of(net.auxParams())).allMatch(p -> p > 0);
    }
}
