package org.cnnexplorer.dl4j;

import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.Network;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a forward pass spends its time, layer by layer: the graph is walked in DL4J's own topological order and
 * each vertex's forward call is timed alone (CPU ops are synchronous, so the clock brackets the work). Like
 * DL4J's own inference, every array of a pass lives in one workspace that is sized on the first pass and reused
 * after it, so allocation costs what it costs there; the whole-pass time of {@link Benchmark} stays the figure to
 * compare, and its difference from the sum of layers is the graph's own overhead.
 */
public final class LayerProfile {

    /** One catalog layer: median milliseconds per forward call, its MACs for the whole batch, and its kind. */
    public record Entry(String id, String type, double medianMs, long macs) {
        public double gflops() {
            return medianMs > 0 ? 2.0 * macs / (medianMs * 1e6) : 0;
        }
    }

    private static final WorkspaceConfiguration CONFIG = WorkspaceConfiguration.builder().initialSize(0)
            .overallocationLimit(0.05).policyLearning(LearningPolicy.FIRST_LOOP).policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE).policyAllocation(AllocationPolicy.OVERALLOCATE).build();
    private static final LayerWorkspaceMgr WORKSPACE = LayerWorkspaceMgr.builder()
            .defaultWorkspace("cnn-explorer-profile", CONFIG).build();

    private LayerProfile() {
    }

    /** Per-layer medians of {@code runs} walks after {@code warmup}, in the network's layer order. */
    public static List<Entry> forward(Network net, int batch, int warmup, int runs) {
        NativeSetup.configure();
        ComputationGraph g = GraphFactory.build(net);
        try {
            Nd4j.getRandom().setSeed(1);
            INDArray x = Nd4j.rand(DataType.FLOAT, batch, net.input().channels(), net.input().height(),
                    net.input().width());
            Map<String, Layer> layers = new HashMap<>();
            for (Layer l : net.layers()) {
                layers.put(l.id(), l);
            }
            Map<String, double[]> times = new HashMap<>();
            for (int r = 0; r < warmup + runs; r++) {
                Map<String, Long> once = walk(g, x, layers);
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

    /**
     * One inference pass, vertex by vertex, skipping the auxiliary heads as {@code output()} does; nanoseconds
     * per catalog layer (input vertices excluded).
     */
    private static Map<String, Long> walk(ComputationGraph g, INDArray x, Map<String, Layer> layers) {
        GraphVertex[] vertices = g.getVertices();
        Map<String, Long> nanos = new LinkedHashMap<>();
        g.setInput(0, x); // some vertices read the batch size from the graph's inputs
        try (MemoryWorkspace ws = WORKSPACE.notifyScopeEntered(ArrayType.ACTIVATIONS)) {
            LayerWorkspaceMgr mgr = WORKSPACE;
            for (int idx : g.topologicalSortOrder()) {
                GraphVertex v = vertices[idx];
                INDArray out;
                if (v.isInputVertex()) {
                    out = x;
                } else {
                    Layer owner = owner(v.getVertexName(), layers);
                    if (owner == null || owner.aux() || !v.canDoForward()) {
                        continue;
                    }
                    long t0 = System.nanoTime();
                    out = v.doForward(false, mgr);
                    nanos.merge(owner.id(), System.nanoTime() - t0, Long::sum);
                }
                VertexIndices[] next = v.getOutputVertices();
                if (next != null) {
                    for (VertexIndices n : next) {
                        vertices[n.getVertexIndex()].setInput(n.getVertexEdgeNumber(), out, mgr);
                    }
                }
            }
        } finally {
            g.clear();
        }
        return nanos;
    }
}
