package org.cnnexplorer.engine;

import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.engine.build.GraphFactory;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * A catalog network instantiated in DL4J with weights, behind an API of plain arrays: nothing from ND4J goes in or
 * out. Inputs are already preprocessed images, C×H×W row-major floats. One forward pass at a time.
 */
public final class Model implements AutoCloseable {
    private final Network network;
    private final ModelInfo info;
    private final ComputationGraph graph;
    private boolean closed;

    public Model(Network network, ModelInfo info, ComputationGraph graph) {
        this.network = network;
        this.info = info;
        this.graph = graph;
    }

    /**
     * Wraps a graph built by {@link GraphFactory#build} for {@code network} (e.g. one the training code has trained),
     * checking that it has the network's parameter count.
     */
    public static Model of(Network network, ModelInfo info, ComputationGraph graph) {
        if (graph.numParams() != GraphFactory.expectedParams(network)) {
            throw new IllegalArgumentException("graph has " + graph.numParams() + " parameters, " + network.id()
                    + " needs " + GraphFactory.expectedParams(network));
        }
        return new Model(network, info, graph);
    }

    /** The same weights described by {@code newInfo} (e.g. marked trained, with class labels and provenance). */
    public Model withInfo(ModelInfo newInfo) {
        return new Model(network, newInfo, graph);
    }

    /** The catalog network {@code id} at {@code input}/{@code classes} with random He-initialised weights. */
    public static Model untrained(String id, Shape input, int classes, long seed) {
        Network net = Catalog.get(id).build(input, classes);
        ComputationGraph g = GraphFactory.build(net, GraphFactory.Settings.defaults().withSeed(seed));
        return new Model(net, ModelInfo.untrained(id, input, classes), g);
    }

    /** A fresh model of {@code network} built with training {@code settings} (seed, updater). */
    public static Model untrained(Network network, GraphFactory.Settings settings) {
        return new Model(network, ModelInfo.untrained(network.id(), network.input(), network.classes()),
                GraphFactory.build(network, settings));
    }

    public static Model untrained(String id) {
        Catalog.Entry e = Catalog.get(id);
        return untrained(id, e.input(), e.classes(), 42);
    }

    public Network network() {
        return network;
    }

    public ModelInfo info() {
        return info;
    }

    public boolean trained() {
        return info.trained();
    }

    public long numParams() {
        return graph.numParams();
    }

    /** The DL4J graph, for the training code in the engine; never hand it to the UI. */
    public ComputationGraph graph() {
        return graph;
    }

    /** Small-batch inference path, made on first use. */
    private GraphWalk walk;

    /** Class probabilities for each image of a batch: {@code images} holds n consecutive C×H×W images. */
    public synchronized float[][] probabilities(float[] images, BooleanSupplier cancelled) {
        checkOpen();
        int n = batchSize(images);
        check(cancelled);
        // Only the prediction: auxiliary heads are training-only and not computed here.
        INDArray x = toArray(images, n);
        INDArray out;
        if (n <= GraphWalk.MAX_BATCH) {
            if (walk == null) {
                walk = new GraphWalk(graph, network.output().id());
            }
            out = walk.run(x);
        } else {
            out = graph.output(List.of(network.output().id()), false, new INDArray[] {x}, null)[0];
        }
        check(cancelled);
        float[][] result = new float[n][];
        for (int i = 0; i < n; i++) {
            result[i] = out.getRow(i).dup().toFloatVector();
        }
        return result;
    }

    /**
     * Class probabilities of each named output for each image of a batch: the prediction or a training-only
     * auxiliary head (mini-googlenet's {@code aux1.prob}), all from one forward pass in inference mode.
     */
    public synchronized Map<String, float[][]> headProbabilities(List<String> outputs, float[] images,
                                                               BooleanSupplier cancelled) {
        checkOpen();
        for (String o : outputs) {
            network.layer(o);
        }
        int n = batchSize(images);
        check(cancelled);
        INDArray[] out = graph.output(outputs, false, new INDArray[] {toArray(images, n)}, null);
        check(cancelled);
        Map<String, float[][]> result = new LinkedHashMap<>();
        for (int k = 0; k < outputs.size(); k++) {
            float[][] rows = new float[n][];
            for (int i = 0; i < n; i++) {
                rows[i] = out[k].getRow(i).dup().castTo(DataType.FLOAT).toFloatVector();
            }
            result.put(outputs.get(k), rows);
        }
        return result;
    }

    /** The {@code k} most probable classes of one image, best first. */
    public List<Prediction> topK(float[] image, int k, BooleanSupplier cancelled) {
        return topK(probabilities(image, cancelled)[0], k);
    }

    public List<Prediction> topK(float[] probabilities, int k) {
        return IntStream.range(0, probabilities.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> probabilities[i]).reversed())
                .limit(k)
                .map(i -> new Prediction(i, info.labels().get(i), probabilities[i]))
                .toList();
    }

    /**
     * Every catalog layer's output for one image, in the network's order. Runs the graph vertex by vertex
     * (checking {@code cancelled} between vertices) without workspaces, so each activation is its own array.
     * Training-only auxiliary heads are included: the UI may show them.
     */
    public synchronized Map<String, LayerActivation> activations(float[] image, BooleanSupplier cancelled) {
        checkOpen();
        if (batchSize(image) != 1) {
            throw new IllegalArgumentException("activations are computed for one image at a time");
        }
        Map<String, INDArray> byName = walk(toArray(image, 1), Map.of(), cancelled);
        Map<String, LayerActivation> out = new LinkedHashMap<>();
        for (Layer l : network.layers()) {
            INDArray a = byName.get(l.id());
            float[] values = a.castTo(DataType.FLOAT).dup('c').data().asFloat();
            out.put(l.id(), new LayerActivation(l.id(), l.output(), values));
        }
        return out;
    }

    /**
     * Class probabilities with some layers short-circuited (a lesion, Veit et al. 2016): each key of
     * {@code replaced} (a catalog layer id) outputs what the layer named by its value output instead of computing
     * anything; the value must come earlier in the network (a residual block's sum replaced by its shortcut, a
     * layer's output by its input). Runs vertex by vertex as {@link #activations}; {@code images} holds n
     * consecutive C×H×W images.
     */
    public synchronized float[][] probabilitiesWith(Map<String, String> replaced, float[] images,
                                                    BooleanSupplier cancelled) {
        checkOpen();
        for (Map.Entry<String, String> e : replaced.entrySet()) {
            network.layer(e.getKey());
            network.layer(e.getValue());
        }
        int n = batchSize(images);
        INDArray out = walk(toArray(images, n), replaced, cancelled).get(network.output().id());
        float[][] result = new float[n][];
        for (int i = 0; i < n; i++) {
            result[i] = out.getRow(i).dup().castTo(DataType.FLOAT).toFloatVector();
        }
        return result;
    }

    /**
     * Runs the graph on {@code x} vertex by vertex (checking {@code cancelled} between vertices) without workspaces,
     * so each output is its own array; a vertex named as a key of {@code replaced} passes on the output of the vertex
     * its value names instead of computing. Returns every vertex's output by name.
     */
    private Map<String, INDArray> walk(INDArray x, Map<String, String> replaced, BooleanSupplier cancelled) {
        GraphVertex[] vertices = graph.getVertices();
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < vertices.length; i++) {
            index.put(vertices[i].getVertexName(), i);
        }
        INDArray[] acts = new INDArray[vertices.length];
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        GraphFactory.keepInputs(graph, true);
        graph.setInputs(x); // some vertices (flatten) read the batch size from the graph's input
        try {
            for (int idx : graph.topologicalSortOrder()) {
                check(cancelled);
                GraphVertex v = vertices[idx];
                if (v.isInputVertex()) {
                    acts[idx] = x;
                    continue;
                }
                String source = replaced.get(v.getVertexName());
                if (source != null) {
                    INDArray a = acts[index.get(source)];
                    if (a == null) {
                        throw new IllegalArgumentException(source + " comes after " + v.getVertexName());
                    }
                    acts[idx] = a;
                    continue;
                }
                VertexIndices[] in = v.getInputVertices();
                for (int i = 0; i < in.length; i++) {
                    v.setInput(i, acts[in[i].getVertexIndex()], mgr);
                }
                acts[idx] = v.doForward(false, mgr);
                v.clear();
            }
        } finally {
            GraphFactory.keepInputs(graph, false);
            graph.clear();
        }
        Map<String, INDArray> byName = new LinkedHashMap<>();
        index.forEach((name, i) -> byName.put(name, acts[i]));
        return byName;
    }

    /**
     * The kernels of convolution {@code layerId} (for showing the learned first-layer filters). Grouped
     * convolutions are split into towers in DL4J and are refused here.
     */
    public synchronized ConvFilters filters(String layerId) {
        checkOpen();
        Layer l = network.layer(layerId);
        if (!(l.spec() instanceof LayerSpec.Conv c) || c.groups() != 1) {
            throw new IllegalArgumentException(layerId + " is not an ungrouped convolution");
        }
        INDArray w = graph.getLayer(layerId).getParam("W");
        long[] s = w.shape();
        return new ConvFilters(layerId, (int) s[0], (int) s[1], (int) s[2],
                w.castTo(DataType.FLOAT).dup('c').data().asFloat());
    }

    private int batchSize(float[] images) {
        long per = info.input().size();
        if (images.length == 0 || images.length % per != 0) {
            throw new IllegalArgumentException(info.catalogId() + " takes " + info.input() + " images ("
                    + per + " values each), got " + images.length + " values");
        }
        return (int) (images.length / per);
    }

    private INDArray toArray(float[] images, int n) {
        Shape s = info.input();
        return Nd4j.create(images, new long[] {n, s.channels(), s.height(), s.width()}, 'c');
    }

    private static void check(BooleanSupplier cancelled) {
        if (cancelled != null && cancelled.getAsBoolean()) {
            throw new CancellationException("cancelled");
        }
    }

    /** Throws if {@link #close()} has freed the native arrays: reading them then would read freed memory. */
    public void checkOpen() {
        if (closed) {
            throw new IllegalStateException(info.catalogId() + " has been released");
        }
    }

    /** Frees the parameters and workspaces held in native memory. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Graphs.release(graph);
        }
    }

    /** Names of graph vertices that are not catalog layers (towers, shortcut helpers): for diagnostics. */
    List<String> helperVertices() {
        List<String> out = new ArrayList<>();
        for (GraphVertex v : graph.getVertices()) {
            if (!network.hasLayer(v.getVertexName())) {
                out.add(v.getVertexName());
            }
        }
        return out;
    }
}
