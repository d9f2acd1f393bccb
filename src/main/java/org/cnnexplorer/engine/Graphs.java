package org.cnnexplorer.engine;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.MemoryWorkspaceManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/** Native-memory housekeeping for graphs the engine builds, and walks over their vertices. */
public final class Graphs {
    private Graphs() {
    }

    /**
     * What {@link ComputationGraph#close()} frees (parameters, gradients, optimiser state, this thread's
     * workspaces), without the two {@code System.gc()} calls it ends with: each is a stop-the-world full collection
     * of about 100 ms, long enough to freeze the window when a run ends or the Classify view switches networks.
     * Arrays that own their memory are freed at once; a parameter vector that is a view of another array (as
     * GraphFactory's graphs have) is freed by the collector once the graph is unreachable, as with close().
     */
    public static void release(ComputationGraph g) {
        close(g.params());
        close(g.getGradientsViewArray());
        Updater u = g.getUpdater(false);
        if (u != null) {
            close(u.getStateViewArray());
        }
        // the manager's own destroyAllWorkspacesForCurrentThread also ends with System.gc()
        MemoryWorkspaceManager manager = Nd4j.getWorkspaceManager();
        for (MemoryWorkspace ws : List.copyOf(manager.getAllWorkspacesForCurrentThread())) {
            manager.destroyWorkspace(ws);
        }
    }

    private static void close(INDArray a) {
        if (a != null && a.closeable()) {
            a.close();
        }
    }

    /** The vertices {@code from} depends on, itself included. */
    static boolean[] ancestors(GraphVertex[] vertices, int from) {
        return reachable(vertices, from, GraphVertex::getInputVertices);
    }

    /** The vertices that depend on {@code from}, itself included. */
    static boolean[] descendants(GraphVertex[] vertices, int from) {
        return reachable(vertices, from, GraphVertex::getOutputVertices);
    }

    /** The vertices reachable from {@code from} (itself included) by following {@code next}. */
    private static boolean[] reachable(GraphVertex[] vertices, int from,
                                       Function<GraphVertex, VertexIndices[]> next) {
        boolean[] seen = new boolean[vertices.length];
        Deque<Integer> todo = new ArrayDeque<>();
        todo.push(from);
        while (!todo.isEmpty()) {
            int i = todo.pop();
            if (!seen[i]) {
                seen[i] = true;
                VertexIndices[] adjacent = next.apply(vertices[i]);
                if (adjacent != null) {
                    for (VertexIndices vi : adjacent) {
                        todo.push(vi.getVertexIndex());
                    }
                }
            }
        }
        return seen;
    }
}
