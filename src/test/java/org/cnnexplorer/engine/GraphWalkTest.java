package org.cnnexplorer.engine;

import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.engine.build.GraphFactory;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The small-batch inference walk computes exactly what DL4J's own output() computes. */
class GraphWalkTest {

    @Test
    void walkEqualsDl4jOutputOnEveryKindOfGraph() {
        // towers and LRN; Inception with an auxiliary head (not on the walk); BN; option-A shortcuts
        for (String id : List.of("mini-alexnet", "mini-googlenet", "mini-resnet", "resnet20")) {
            Catalog.Entry e = Catalog.get(id);
            Network net = id.equals("resnet20") ? e.build(Shape.chw(3, 32, 32), 10) : e.build();
            ComputationGraph g = GraphFactory.build(net);
            try {
                GraphWalk walk = new GraphWalk(g, net.output().id());
                for (int batch = 1; batch <= 2; batch++) {
                    Nd4j.getRandom().setSeed(batch);
                    INDArray x = Nd4j.rand(DataType.FLOAT, batch, net.input().channels(), net.input().height(),
                            net.input().width());
                    INDArray want = g.output(List.of(net.output().id()), false, new INDArray[] {x}, null)[0];
                    for (int run = 0; run < 2; run++) { // the second run reuses the sized workspace
                        INDArray got = walk.run(x);
                        assertThat(got.shape()).as(id).containsExactly(want.shape());
                        assertThat(got.isAttached()).isFalse();
                        assertThat(got.sub(want).amaxNumber().doubleValue()).as(id + " batch " + batch)
                                .isLessThan(1e-6);
                    }
                }
            } finally {
                Graphs.release(g);
            }
        }
    }
}
