package org.cnnexplorer.weights;

import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.engine.Graphs;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.ModelInfo;
import org.cnnexplorer.engine.build.GraphFactory;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Sets a catalog network's parameters from weights laid out as ONNX and PyTorch keep them (convolution kernels
 * out×in×kh×kw, fully connected out×in, row-major), layer by layer and in bounded chunks, so a 400 MB fc6 is never
 * copied whole. It knows DL4J's side: AlexNet's grouped convolutions are separate tower layers, dense weights are
 * in×out stored column-major (which is out×in row-major, so they copy straight), batch norm keeps mean and variance
 * as parameters.
 */
public final class ParamWriter {
    private static final int CHUNK = 1 << 20; // floats per copy

    private final Network network;
    private final ComputationGraph graph;

    /** Fills a fresh graph's parameters. */
    @FunctionalInterface
    public interface Fill {
        void accept(ParamWriter writer) throws IOException;
    }

    private ParamWriter(Network network, ComputationGraph graph) {
        this.network = network;
        this.graph = graph;
    }

    /** Builds {@code network} in DL4J and lets {@code fill} set its weights; the graph is freed if that fails. */
    public static Model build(Network network, ModelInfo info, Fill fill) throws IOException {
        ComputationGraph g = GraphFactory.build(network);
        try {
            fill.accept(new ParamWriter(network, g));
            return Model.of(network, info, g);
        } catch (IOException | RuntimeException e) {
            Graphs.release(g);
            throw e;
        }
    }

    /** A convolution's kernels, out×(in/groups)×k×k; with groups, each tower takes its block of output channels. */
    public void convWeights(String id, FloatBuffer w) {
        int groups = conv(id).groups();
        if (groups == 1) {
            copy(param(id, "W"), w);
            return;
        }
        for (int t = 0; t < groups; t++) {
            INDArray tower = param(id + ".tower" + t, "W");
            copy(tower, slice(w, t * tower.length(), tower.length()));
        }
    }

    /** A convolution's bias; null sets zeros. */
    public void convBias(String id, FloatBuffer b) {
        int groups = conv(id).groups();
        if (groups == 1) {
            set(param(id, "b"), b);
            return;
        }
        for (int t = 0; t < groups; t++) {
            INDArray tower = param(id + ".tower" + t, "b");
            set(tower, b == null ? null : slice(b, t * tower.length(), tower.length()));
        }
    }

    /** Fully connected weights, out×in row-major when {@code outByIn}, else in×out row-major (ONNX MatMul). */
    public void denseWeights(String id, FloatBuffer w, boolean outByIn) {
        INDArray dst = param(id, "W"); // nIn×nOut
        if (outByIn && dst.ordering() == 'f') {
            copy(dst, w);
        } else {
            float[] all = new float[w.remaining()];
            w.duplicate().get(all);
            long[] s = dst.shape();
            INDArray src = outByIn ? Nd4j.create(all, new long[] {s[1], s[0]}, 'c').transpose()
                    : Nd4j.create(all, s, 'c');
            dst.assign(src);
        }
    }

    /** A fully connected layer's bias; null sets zeros. */
    public void denseBias(String id, FloatBuffer b) {
        set(param(id, "b"), b);
    }

    /**
     * Batch norm from a file's statistics. {@code varShift} (file ε − catalog ε) keeps var + ε, and so the output,
     * as the file computes it; {@code precedingBias}, when not null, is the bias of the convolution before it, which
     * the catalog's convolution does not have: BN(x + b) uses mean − b.
     */
    public void batchNorm(String id, FloatBuffer gamma, FloatBuffer beta, FloatBuffer mean, FloatBuffer var,
                          double varShift, FloatBuffer precedingBias) {
        set(param(id, "gamma"), gamma);
        set(param(id, "beta"), beta);
        float[] m = floats(mean);
        if (precedingBias != null) {
            float[] b = floats(precedingBias);
            for (int i = 0; i < m.length; i++) {
                m[i] -= b[i];
            }
        }
        float[] v = floats(var);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] + varShift);
            if (!(v[i] > 0)) {
                throw new IllegalArgumentException(id + ": variance " + v[i] + " is not positive");
            }
        }
        param(id, "mean").assign(row(m));
        param(id, "var").assign(row(v));
    }

    /**
     * A batch norm that only adds {@code bias} (or nothing): where an export folded the BN into the convolution
     * before it, the convolution holds the scaled kernel and the bias moves here. γ = 1, mean 0 and variance 1 − ε
     * make the division by √(var + ε) one.
     */
    public void identityBatchNorm(String id, double eps, FloatBuffer bias) {
        param(id, "gamma").assign(1);
        set(param(id, "beta"), bias);
        param(id, "mean").assign(0);
        param(id, "var").assign(1 - eps);
    }

    private LayerSpec.Conv conv(String id) {
        if (!(network.layer(id).spec() instanceof LayerSpec.Conv c)) {
            throw new IllegalArgumentException(id + " is not a convolution");
        }
        return c;
    }

    private INDArray param(String vertex, String name) {
        INDArray p = graph.getLayer(vertex).getParam(name);
        if (p == null) {
            throw new IllegalArgumentException(vertex + " has no parameter " + name);
        }
        return p;
    }

    private static void set(INDArray dst, FloatBuffer src) {
        if (src == null) {
            dst.assign(0);
        } else {
            copy(dst, src);
        }
    }

    /** Copies {@code src} into {@code dst} in dst's own element order, a chunk at a time. */
    private static void copy(INDArray dst, FloatBuffer src) {
        long n = dst.length();
        if (src.remaining() != n) {
            throw new IllegalArgumentException("expected " + n + " values, got " + src.remaining());
        }
        INDArray flat = dst.reshape(dst.ordering(), new long[] {n});
        FloatBuffer in = src.duplicate();
        float[] chunk = new float[(int) Math.min(CHUNK, n)];
        for (long at = 0; at < n; at += CHUNK) {
            int len = (int) Math.min(CHUNK, n - at);
            float[] c = len == chunk.length ? chunk : Arrays.copyOf(chunk, len);
            in.get(c, 0, len);
            flat.get(NDArrayIndex.interval(at, at + len)).assign(Nd4j.createFromArray(c));
        }
        // the last element in storage order is the last index in either order: it shows whether flat was a view
        long[] last = dst.shape().clone();
        for (int i = 0; i < last.length; i++) {
            last[i]--;
        }
        // Float.compare, not !=: a NaN that was copied is not equal to itself
        if (Float.compare(dst.getFloat(last), src.get(src.position() + (int) n - 1)) != 0) {
            throw new IllegalStateException("parameter array is not contiguous: the copy did not reach it");
        }
    }

    private static FloatBuffer slice(FloatBuffer b, long from, long length) {
        FloatBuffer d = b.duplicate();
        d.position(d.position() + (int) from);
        d.limit(d.position() + (int) length);
        return d.slice();
    }

    private static float[] floats(FloatBuffer b) {
        float[] out = new float[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static INDArray row(float[] v) {
        return Nd4j.createFromArray(v).reshape(1, v.length);
    }
}
