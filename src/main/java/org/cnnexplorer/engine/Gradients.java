package org.cnnexplorer.engine;

import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.engine.build.GraphFactory;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;

/** Gradients of a freshly initialised network, as plain numbers: how strongly each layer would learn at step one. */
public final class Gradients {
    private Gradients() {
    }

    /**
     * The L2 norm of the loss gradient with respect to each weighted layer's parameters (weights and bias), for one
     * batch of {@code labels.length} images (C×H×W each, consecutive) at the initial weights of {@code seed}. Keyed by
     * catalog layer id, in network order.
     */
    public static Map<String, Double> layerNorms(Network network, long seed, float[] images, int[] labels) {
        ComputationGraph g = GraphFactory.build(network, GraphFactory.Settings.defaults().withSeed(seed));
        try {
            int n = labels.length;
            Shape s = network.input();
            INDArray x = Nd4j.create(images, new long[] {n, s.channels(), s.height(), s.width()}, 'c');
            INDArray y = Nd4j.zeros(DataType.FLOAT, n, network.classes());
            for (int i = 0; i < n; i++) {
                y.putScalar(i, labels[i], 1f);
            }
            g.setInputs(x);
            g.setLabels(y);
            g.computeGradientAndScore();
            Map<String, Double> squares = new LinkedHashMap<>();
            for (Map.Entry<String, INDArray> e : g.gradient().gradientForVariable().entrySet()) {
                String vertex = e.getKey().substring(0, Math.max(0, e.getKey().lastIndexOf('_')));
                double v = e.getValue().norm2Number().doubleValue();
                squares.merge(vertex, v * v, Double::sum);
            }
            Map<String, Double> out = new LinkedHashMap<>();
            network.layers().forEach(l -> {
                Double sq = squares.get(l.id());
                if (sq != null && l.weighted()) {
                    out.put(l.id(), Math.sqrt(sq));
                }
            });
            return out;
        } finally {
            g.clear();
            Graphs.release(g);
        }
    }
}
