package org.cnnexplorer.engine;

import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.engine.build.GraphFactory;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.layers.DropoutLayer;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Where the network looks: Grad-CAM (Selvaraju et al. 2017) for one class. The gradient of the class's score (its
 * logit, before the softmax) with respect to the last convolutional stage's output is averaged over space to give
 * one weight per channel; the map is ReLU(Σ_c w_c·A_c), upsampled bilinearly to the input's size and scaled to
 * 0..1 (1 where the evidence for the class is strongest). Computed at inference (batch norm on its running
 * statistics, dropout off) on the inference graph; the parameters are only read.
 *
 * @param layerId    the catalog layer whose output the map was taken from
 * @param classIndex the class whose score was followed back
 * @param values     the map, input height × input width, in [0, 1]
 */
public record ClassActivationMap(String layerId, int classIndex, float[][] values) {

    /**
     * The layer Grad-CAM reads in {@code network}: the last one whose output still has a spatial layout. The head
     * starts at the first flatten, global average pool or fully connected layer of the inference graph; the map is
     * taken at the head's input, stepping back over pooling and dropout (they only shrink or pass on the map, so the
     * layer before them has the same evidence at a finer grid). That is the last ReLU of AlexNet and VGG (before
     * pool5), the last Inception concatenation of GoogLeNet, the last residual block's output of ResNet.
     *
     * @throws IllegalArgumentException for a network without a classifier head (a lone module)
     */
    public static String layerFor(Network network) {
        Network inference = network.inference();
        for (Layer l : inference.layers()) {
            LayerSpec s = l.spec();
            if (s instanceof LayerSpec.Flatten || s instanceof LayerSpec.GlobalAvgPool
                    || s instanceof LayerSpec.Linear) {
                Layer x = inference.layer(l.inputs().get(0));
                while (x.inputs().size() == 1 && (x.spec() instanceof LayerSpec.Pool
                        || x.spec() instanceof LayerSpec.AdaptiveAvgPool || x.spec() instanceof LayerSpec.GlobalAvgPool
                        || x.spec() instanceof LayerSpec.Dropout)) {
                    x = inference.layer(x.inputs().get(0));
                }
                if (x.output().flat() || x.spec() instanceof LayerSpec.Input) {
                    throw new IllegalArgumentException(network.id() + ": no convolutional stage before the head");
                }
                return x.id();
            }
        }
        throw new IllegalArgumentException(network.id() + " has no classifier head");
    }

    /**
     * The map for class {@code classIndex} of one preprocessed image (C×H×W, as {@link Model} takes it). Holds the
     * model's lock like its own passes, so it may be called from any thread; {@code cancelled} is checked between
     * vertices.
     */
    public static ClassActivationMap of(Model model, float[] image, int classIndex, BooleanSupplier cancelled) {
        Network network = model.network();
        Shape in = model.info().input();
        if (image.length != in.size()) {
            throw new IllegalArgumentException(network.id() + " takes one " + in + " image, got " + image.length
                    + " values");
        }
        if (classIndex < 0 || classIndex >= network.classes()) {
            throw new IllegalArgumentException("class " + classIndex + " of " + network.classes());
        }
        String layer = layerFor(network);
        Layer out = network.output();
        // the logits when the network ends in a softmax: its probabilities saturate, the logits do not
        String score = out.spec() instanceof LayerSpec.Softmax ? out.inputs().get(0) : out.id();
        float[] coarse;
        Shape at = network.layer(layer).output();
        synchronized (model) {
            model.checkOpen();
            INDArray x = Nd4j.create(image, new long[] {1, in.channels(), in.height(), in.width()}, 'c');
            coarse = gradCam(model.graph(), layer, score, x, classIndex, network.classes(), cancelled);
        }
        return new ClassActivationMap(layer, classIndex,
                rows(normalise(resize(coarse, at.height(), at.width(), in.height(), in.width())), in.height(),
                in.width()));
    }

    /** The map's height and width. */
    public int height() {
        return values.length;
    }

    public int width() {
        return values[0].length;
    }

    /** The position of the map's maximum as {row, column}. */
    public int[] peak() {
        int[] best = {0, 0};
        for (int y = 0; y < height(); y++) {
            for (int x = 0; x < width(); x++) {
                if (values[y][x] > values[best[0]][best[1]]) {
                    best = new int[] {y, x};
                }
            }
        }
        return best;
    }

    /**
     * {@code picture} enlarged by the largest whole factor that keeps it within {@code side} pixels (each pixel a
     * hard-edged square, as the app shows small inputs; never shrunk) with the map laid over it in a blue-to-red
     * heat scale, more opaque where the map is high so the picture stays readable where the network did not look.
     * The map is resampled bilinearly to the enlarged size, so the
     * overlay is smooth while the picture's pixels stay visible.
     */
    public BufferedImage overlay(BufferedImage picture, int side) {
        int scale = Math.max(1, side / Math.max(picture.getWidth(), picture.getHeight()));
        int w = picture.getWidth() * scale;
        int h = picture.getHeight() * scale;
        float[] v = resize(flat(), height(), width(), h, w);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float t = Math.max(0f, Math.min(1f, v[y * w + x]));
                int heat = heat(t);
                float a = 0.25f + 0.45f * t;
                int p = picture.getRGB(x / scale, y / scale);
                int r = blend((p >> 16) & 0xFF, (heat >> 16) & 0xFF, a);
                int g = blend((p >> 8) & 0xFF, (heat >> 8) & 0xFF, a);
                int b = blend(p & 0xFF, heat & 0xFF, a);
                out.setRGB(x, y, 0xFF000000 | r << 16 | g << 8 | b);
            }
        }
        return out;
    }

    /** Jet-like scale: dark blue, blue, cyan, yellow, red, dark red as {@code t} goes from 0 to 1. */
    static int heat(float t) {
        float r = clamp(1.5f - Math.abs(4 * t - 3));
        float g = clamp(1.5f - Math.abs(4 * t - 2));
        float b = clamp(1.5f - Math.abs(4 * t - 1));
        return Math.round(r * 255) << 16 | Math.round(g * 255) << 8 | Math.round(b * 255);
    }

    private static float clamp(float v) {
        return Math.max(0f, Math.min(1f, v));
    }

    private static int blend(int under, int over, float alpha) {
        return Math.round(under * (1 - alpha) + over * alpha);
    }

    /**
     * Grad-CAM at vertex {@code layer} for logit {@code classIndex} of vertex {@code score}: a forward pass over the
     * vertices the score needs, then a backward pass over those between the layer and the score only, vertex by
     * vertex without workspaces (DL4J's own backprop would also compute every parameter's gradient, which needs a
     * gradient buffer as large as the network). Returns the H×W map (row-major) before upsampling.
     */
    private static float[] gradCam(ComputationGraph graph, String layer, String score, INDArray x, int classIndex,
                                   int classes, BooleanSupplier cancelled) {
        GraphVertex[] vertices = graph.getVertices();
        int target = index(vertices, layer);
        int logits = index(vertices, score);
        boolean[] needed = Graphs.ancestors(vertices, logits);
        boolean[] between = Graphs.descendants(vertices, target);
        for (int i = 0; i < vertices.length; i++) {
            between[i] &= needed[i] && i != target;
        }
        int[] order = graph.topologicalSortOrder();
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        GraphFactory.keepInputs(graph, true); // the backward pass of a ReLU needs its input as it was
        graph.setInputs(x);
        try {
            INDArray activation = null;
            for (int idx : order) {
                if (!needed[idx]) {
                    continue;
                }
                check(cancelled);
                GraphVertex v = vertices[idx];
                INDArray a = v.isInputVertex() ? x : v.doForward(false, mgr);
                if (idx == target) {
                    activation = a;
                }
                if (idx == logits) {
                    break;
                }
                for (VertexIndices n : v.getOutputVertices()) {
                    if (needed[n.getVertexIndex()]) {
                        vertices[n.getVertexIndex()].setInput(n.getVertexEdgeNumber(), a, mgr);
                    }
                }
                if (!between[idx]) {
                    v.clear(); // nothing runs backward through it: let its inputs go
                }
            }
            INDArray[] eps = new INDArray[vertices.length];
            eps[logits] = Nd4j.zeros(DataType.FLOAT, 1, classes);
            eps[logits].putScalar(0, classIndex, 1f);
            for (int k = order.length - 1; k >= 0; k--) {
                int idx = order[k];
                if (!between[idx] || eps[idx] == null) {
                    continue;
                }
                check(cancelled);
                INDArray[] back = backward(vertices[idx], eps[idx], mgr);
                VertexIndices[] ins = vertices[idx].getInputVertices();
                for (int i = 0; i < ins.length; i++) {
                    int j = ins[i].getVertexIndex();
                    if (between[j] || j == target) {
                        eps[j] = eps[j] == null ? back[i] : eps[j].add(back[i]);
                    }
                }
            }
            INDArray a = activation.castTo(DataType.FLOAT).reshape(activation.size(1), -1);
            INDArray weights = eps[target].castTo(DataType.FLOAT).mean(2, 3); // 1×C
            INDArray cam = weights.mmul(a); // 1×HW
            return Transforms.relu(cam).dup('c').data().asFloat();
        } finally {
            GraphFactory.keepInputs(graph, false);
            graph.clear();
        }
    }

    /**
     * The gradient with respect to the vertex's inputs. A fully connected layer's is δ·Wᵀ, computed here because its
     * DL4J backward pass would also fill its weight gradient; dropout at inference passed its input on unchanged,
     * so it passes the gradient on unchanged. Everything else between the last stage and the logits (pooling,
     * flatten, activations) has no parameters and runs DL4J's own backward pass.
     */
    private static INDArray[] backward(GraphVertex v, INDArray epsilon, LayerWorkspaceMgr mgr) {
        if (v instanceof LayerVertex lv && lv.getLayer() instanceof DenseLayer dense) {
            INDArray back = epsilon.mmul(dense.getParam("W").transpose());
            if (lv.getLayerPreProcessor() != null) {
                back = lv.getLayerPreProcessor().backprop(back, 1, mgr);
            }
            return new INDArray[] {back};
        }
        if (v instanceof LayerVertex lv && lv.getLayer() instanceof DropoutLayer) {
            return new INDArray[] {epsilon};
        }
        if (v.hasLayer() && v.getLayer().numParams() > 0) {
            throw new IllegalStateException(v.getVertexName() + " has weights other than a fully connected layer's;"
                    + " the map is taken where only the classifier head follows");
        }
        v.setEpsilon(epsilon);
        return v.doBackward(false, mgr).getSecond();
    }

    private static int index(GraphVertex[] vertices, String name) {
        for (GraphVertex v : vertices) {
            if (v.getVertexName().equals(name)) {
                return v.getVertexIndex();
            }
        }
        throw new IllegalArgumentException("no vertex " + name);
    }

    /**
     * Bilinear resampling of an h×w map (row-major) to outH×outW with pixel centres aligned, as PyTorch's
     * {@code interpolate(..., align_corners=False)} and OpenCV's resize do: each output pixel centre maps to
     * {@code (i + 0.5)·in/out − 0.5} in the input, clamped at the border.
     */
    static float[] resize(float[] map, int h, int w, int outH, int outW) {
        float[] out = new float[outH * outW];
        for (int y = 0; y < outH; y++) {
            float sy = Math.max(0f, Math.min(h - 1f, (y + 0.5f) * h / outH - 0.5f));
            int y0 = (int) sy;
            int y1 = Math.min(h - 1, y0 + 1);
            float fy = sy - y0;
            for (int x = 0; x < outW; x++) {
                float sx = Math.max(0f, Math.min(w - 1f, (x + 0.5f) * w / outW - 0.5f));
                int x0 = (int) sx;
                int x1 = Math.min(w - 1, x0 + 1);
                float fx = sx - x0;
                float top = map[y0 * w + x0] * (1 - fx) + map[y0 * w + x1] * fx;
                float bottom = map[y1 * w + x0] * (1 - fx) + map[y1 * w + x1] * fx;
                out[y * outW + x] = top * (1 - fy) + bottom * fy;
            }
        }
        return out;
    }

    /** (v − min) / (max − min) in place; a map without positive evidence (all zero after the ReLU) stays zero. */
    static float[] normalise(float[] map) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : map) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float range = max - min;
        for (int i = 0; i < map.length; i++) {
            map[i] = range > 0 ? (map[i] - min) / range : max > 0 ? 1f : 0f;
        }
        return map;
    }

    private static float[][] rows(float[] map, int h, int w) {
        float[][] out = new float[h][];
        for (int y = 0; y < h; y++) {
            out[y] = Arrays.copyOfRange(map, y * w, (y + 1) * w);
        }
        return out;
    }

    private float[] flat() {
        float[] out = new float[height() * width()];
        for (int y = 0; y < height(); y++) {
            System.arraycopy(values[y], 0, out, y * width(), width());
        }
        return out;
    }

    private static void check(BooleanSupplier cancelled) {
        if (cancelled != null && cancelled.getAsBoolean()) {
            throw new CancellationException("cancelled");
        }
    }
}
