package org.cnnexplorer.engine;

import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.engine.build.GraphFactory;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The graphs train: gradients flow through every custom piece (AlexNet-style towers, option-A shortcuts,
 * separable average pooling, auxiliary outputs), so a network can fit one small fixed batch.
 */
class GraphTrainingTest {

    private static double fitOneBatch(Network net, int steps) {
        ComputationGraph g = GraphFactory.build(net, GraphFactory.Settings.defaults().withUpdater(new Adam(3e-3)));
        try {
            Shape in = net.input();
            Nd4j.getRandom().setSeed(5);
            INDArray x = Nd4j.rand(DataType.FLOAT, 8, in.channels(), in.height(), in.width());
            INDArray[] labels = new INDArray[net.heads().size()];
            for (int o = 0; o < labels.length; o++) {
                labels[o] = Nd4j.zeros(DataType.FLOAT, 8, net.classes());
                for (int n = 0; n < 8; n++) {
                    labels[o].putScalar(n, n % net.classes(), 1f);
                }
            }
            MultiDataSet data = new MultiDataSet(new INDArray[] {x}, labels);
            // Training-mode losses of the fit calls themselves: inference-mode scores would use BN running
            // statistics that a few steps have not settled yet.
            g.fit(data);
            double first = g.score();
            for (int i = 1; i < steps; i++) {
                g.fit(data);
            }
            double last = g.score();
            assertThat(Double.isFinite(last)).isTrue();
            return last / first;
        } finally {
            g.close();
        }
    }

    @Test
    void tinyNetworkWithEveryCustomPieceFitsABatch() {
        assertThat(fitOneBatch(KnownAnswerForwardTest.tiny(), 30)).isLessThan(0.9);
    }

    @Test
    void optionAResNetFitsABatch() {
        Catalog.Entry e = Catalog.get("resnet20");
        assertThat(fitOneBatch(e.build(Shape.chw(3, 8, 8), 4), 30)).isLessThan(0.5);
    }

    @Test
    void googLeNetWithAuxiliaryHeadsFitsABatch() {
        // At 32×32 the heads' adaptive pooling upsamples 2×2 to 4×4: the SameDiff pooling layer trains too.
        Catalog.Entry e = Catalog.get("googlenet-tv");
        assertThat(fitOneBatch(e.build(Shape.chw(3, 32, 32), 4), 12)).isLessThan(0.8);
    }

    /**
     * Keeping each convolution's pre-activation from the forward pass for its backward pass (instead of computing
     * the convolution again) changes the time of a step, never its result: same weights after the same steps.
     * Networks without dropout, whose masks would differ between any two graphs.
     */
    @Test
    void cachedForwardPassesTrainExactlyAsRecomputedOnes() {
        for (String id : new String[] {"resnet20", "plain20"}) {
            Network net = Catalog.get(id).build(Shape.chw(1, 12, 12), 10);
            ComputationGraph cached = GraphFactory.build(net, GraphFactory.Settings.defaults()
                    .withUpdater(new Nesterovs(0.05, 0.9)).withL2(1e-4));
            ComputationGraph recomputed = GraphFactory.build(net, GraphFactory.Settings.defaults()
                    .withUpdater(new Nesterovs(0.05, 0.9)).withL2(1e-4));
            recomputed.setCacheMode(CacheMode.NONE);
            try {
                assertThat(cached.getConfiguration().getCacheMode()).isNotEqualTo(CacheMode.NONE);
                assertThat(cached.params()).isEqualTo(recomputed.params());
                Shape in = net.input();
                Nd4j.getRandom().setSeed(9);
                INDArray x = Nd4j.rand(DataType.FLOAT, 6, in.channels(), in.height(), in.width());
                INDArray[] labels = new INDArray[net.heads().size()];
                for (int o = 0; o < labels.length; o++) {
                    labels[o] = Nd4j.zeros(DataType.FLOAT, 6, net.classes());
                    for (int n = 0; n < 6; n++) {
                        labels[o].putScalar(n, (n * 7) % net.classes(), 1f);
                    }
                }
                MultiDataSet data = new MultiDataSet(new INDArray[] {x}, labels);
                INDArray before = cached.params().dup();
                for (int step = 0; step < 3; step++) {
                    cached.fit(data);
                    recomputed.fit(data);
                }
                assertThat(cached.params().equalsWithEps(before, 1e-6)).as("%s trained", net.id()).isFalse();
                assertThat(cached.params().equalsWithEps(recomputed.params(), 1e-6)).as(net.id()).isTrue();
            } finally {
                cached.close();
                recomputed.close();
            }
        }
    }
}
