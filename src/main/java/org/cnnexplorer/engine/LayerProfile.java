package org.cnnexplorer.engine;

import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.engine.build.GraphFactory;
import org.cnnexplorer.engine.natives.NativeSetup;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a forward pass spends its time, layer by layer: the {@link GraphWalk} that small-batch inference uses,
 * with each vertex's forward call timed alone (CPU ops are synchronous, so the clock brackets the work). The
 * whole-pass time of {@link Benchmark} stays the figure to compare; its difference from the sum of layers is what
 * the pass costs beyond its layers.
 */
public final class LayerProfile {

    /** One catalog layer: median milliseconds per forward call, its MACs for the whole batch, and its kind. */
    public record Entry(String id, String type, double medianMs, long macs) {
        public double gflops() {
            return medianMs > 0 ? 2.0 * macs / (medianMs * 1e6) : 0;
        }
    }

    private LayerProfile() {
    }

    /** Per-layer medians of {@code runs} walks after {@code warmup}, in the network's layer order. */
    public static List<Entry> forward(Network net, int batch, int warmup, int runs) {
        NativeSetup.configure();
        ComputationGraph g = GraphFactory.build(net);
        try {
            INDArray x = Benchmark.randomInput(net.input(), batch, 1);
            Map<String, Layer> layers = new HashMap<>();
            for (Layer l : net.layers()) {
                layers.put(l.id(), l);
            }
            GraphWalk walk = new GraphWalk(g, net.output().id());
            Map<String, double[]> times = new HashMap<>();
            for (int r = 0; r < warmup + runs; r++) {
                Map<String, Long> once = new HashMap<>();
                walk.run(x, (v, nanos) -> {
                    Layer owner = owner(v.getVertexName(), layers);
                    if (owner != null) {
                        once.merge(owner.id(), nanos, Long::sum);
                    }
                });
                if (r >= warmup) {
                    for (Map.Entry<String, Long> e : once.entrySet()) {
                        times.computeIfAbsent(e.getKey(), k -> new double[runs])[r - warmup] += e.getValue() / 1e6;
                    }
                }
            }
            List<Entry> out = new ArrayList<>();
            for (Layer l : net.layers()) {
                double[] t = times.get(l.id());
                if (t != null) {
                    out.add(new Entry(l.id(), l.spec().type(), Benchmark.median(t), l.macs() * batch));
                }
            }
            return out;
        } finally {
            Graphs.release(g);
        }
    }

    /**
     * The catalog layer a vertex realises: its own name, or for the helper vertices GraphFactory adds (AlexNet's
     * tower slices, option-A padding parts) the catalog id their name extends.
     */
    static Layer owner(String vertex, Map<String, Layer> layers) {
        for (String name = vertex; ; name = name.substring(0, name.lastIndexOf('.'))) {
            Layer l = layers.get(name);
            if (l != null || name.lastIndexOf('.') < 0) {
                return l;
            }
        }
    }

}
