package org.cnnexplorer.engine.layers;

import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.engine.build.GraphFactory;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-pass updater computes the updates and optimiser state DL4J's own updater computes, step after step, on a
 * network with every kind of parameter the catalog trains (convolutions without bias, batch norm's scale, shift and
 * running statistics, a biased fully connected layer), with weight decay and a learning rate that changes every
 * step, for both optimisers the application trains with.
 */
class OnePassUpdaterTest {
    private static final int BATCH = 16;

    private static final ISchedule RATE = new StepSchedule(ScheduleType.ITERATION, 0.05, 0.5, 1);

    private static ComputationGraph graph(Network net, IUpdater optimiser) {
        return GraphFactory.build(net, GraphFactory.Settings.defaults().withSeed(5).withUpdater(optimiser)
                .withL2(1e-2));
    }

    static List<IUpdater> optimisers() {
        return List.of(new Nesterovs(RATE, 0.9), new Adam(RATE));
    }

    @ParameterizedTest
    @MethodSource("optimisers")
    void updatesAndStateAreDl4jsStepAfterStep(IUpdater optimiser) {
        Network net = Catalog.get("mini-resnet").build();
        ComputationGraph ours = graph(net, optimiser);
        ComputationGraph dl4j = graph(net, optimiser);
        dl4j.setUpdater(new ComputationGraphUpdater(dl4j));
        try {
            assertThat(ours.getUpdater()).isInstanceOf(OnePassUpdater.class);
            assertThat(((OnePassUpdater) ours.getUpdater()).onePass()).isTrue();
            assertThat(dl4j.getUpdater().getUpdaterBlocks()).as("batch norm statistics split DL4J's blocks")
                    .hasSizeGreaterThan(2);
            assertThat(ours.params()).isEqualTo(dl4j.params());
            // The same gradients into both, so that only the updaters differ (a training step's own arithmetic
            // is not bit-for-bit repeatable across two graphs).
            for (int step = 0; step < 4; step++) {
                Nd4j.getRandom().setSeed(step);
                INDArray g = Nd4j.randn(DataType.FLOAT, ours.numParams()).muli(BATCH);
                for (ComputationGraph graph : List.of(ours, dl4j)) {
                    INDArray flat = graph.getFlattenedGradients();
                    flat.assign(g.reshape(flat.shape()));
                    graph.getUpdater().update(new DefaultGradient(flat), step, 0, BATCH,
                            LayerWorkspaceMgr.noWorkspaces());
                    graph.params().subi(flat.reshape(graph.params().shape()));
                }
                assertClose("update of step " + step, ours.getFlattenedGradients(), dl4j.getFlattenedGradients());
                assertClose("optimiser state after step " + step, ours.getUpdater().getStateViewArray(),
                        dl4j.getUpdater().getStateViewArray());
            }
            assertClose("weights", ours.params(), dl4j.params());
            assertThat(ours.params().sub(graph(net, optimiser).params()).amaxNumber().doubleValue())
                    .as("the weights moved").isGreaterThan(1e-3);
        } finally {
            ours.close();
            dl4j.close();
        }
    }

    @Test
    void trainingStepsTakeTheOnePass() {
        Network net = Catalog.get("mini-resnet").build();
        ComputationGraph ours = graph(net, optimisers().get(0));
        try {
            Map<String, double[]> passes = JavaPassTimes.during(() -> {
                for (int step = 0; step < 3; step++) {
                    ours.fit(batch(net, step));
                }
            });
            assertThat(passes).as("the one pass ran instead of DL4J's ops").containsKey("updater (one pass)");
            assertThat(passes.get("updater (one pass)")[1]).isEqualTo(3.0);
        } finally {
            ours.close();
        }
    }

    @Test
    void otherOptimisersKeepDl4jsUpdater() {
        ComputationGraph rms = GraphFactory.build(Catalog.get("mini-resnet").build(),
                GraphFactory.Settings.defaults().withUpdater(new RmsProp(1e-3)));
        try {
            assertThat(rms.getUpdater()).isNotInstanceOf(OnePassUpdater.class);
        } finally {
            rms.close();
        }
    }

    private static MultiDataSet batch(Network net, int seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, net.input().channels(), net.input().height(),
                net.input().width());
        INDArray y = Nd4j.zeros(DataType.FLOAT, BATCH, net.classes());
        for (int i = 0; i < BATCH; i++) {
            y.putScalar(i, (i * 7 + seed) % net.classes(), 1f);
        }
        return new MultiDataSet(new INDArray[] {x}, new INDArray[] {y});
    }

    private static void assertClose(String what, INDArray actual, INDArray expected) {
        double scale = expected.amaxNumber().doubleValue();
        double diff = actual.sub(expected).amaxNumber().doubleValue();
        assertThat(diff / scale).as(what + ": max |one pass − DL4J| over max |DL4J|").isLessThan(1e-6);
    }
}
