package org.cnnexplorer.engine.build;

import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.NetworkBuilder;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.engine.layers.ActivationVertexLayer;
import org.cnnexplorer.engine.layers.FastBatchNorm;
import org.cnnexplorer.engine.layers.FastLrn;
import org.cnnexplorer.engine.layers.Dnnl;
import org.cnnexplorer.engine.layers.FastConv;
import org.cnnexplorer.engine.layers.FastMaxPool;
import org.cnnexplorer.engine.layers.OnePassUpdater;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns a catalog {@link Network} into a DL4J {@link ComputationGraph} whose vertex names are the catalog's layer
 * ids, so every activation can be looked up by the id the UI and CLI show. Where one catalog layer needs several
 * DL4J vertices (AlexNet's towers, option-A shortcuts), the helpers get names below the layer's id
 * ({@code conv2.tower0}) and the last vertex keeps the id itself.
 *
 * <p>Each layer is realised with PyTorch's semantics, because the catalog computes shapes as PyTorch does:
 * floor-mode convolutions with explicit padding, ceil-mode pooling mapped to the DL4J mode that gives the same
 * windows (see {@link #poolMode}), LRN with the paper's α·Σx² (DL4J's convention too), BatchNorm with
 * momentum 0.1 (DL4J decay 0.9), dropout p given as DL4J's retain probability 1 − p.
 */
public final class GraphFactory {

    /** Loss weight of GoogLeNet's auxiliary classifiers (Szegedy et al. 2015, §5). */
    public static final double AUX_LOSS_WEIGHT = 0.3;

    /**
     * How the graph trains: the seed fixes the random initial weights; {@code l2} is added to the weights' gradients
     * as {@code l2·w} (PyTorch's SGD weight_decay; biases and batch-norm parameters are left alone).
     *
     * @param zeroResidualGamma start the batch norm that ends each residual branch at γ = 0 (Goyal et al. 2017;
     *                          torchvision's {@code zero_init_residual}), so every residual block begins as the
     *                          identity and a deep residual net starts training as a shallow one; see
     *                          {@link #residualBranchEnds}
     */
    public record Settings(long seed, IUpdater updater, double l2, WorkspaceMode workspaces,
                           boolean zeroResidualGamma) {
        public static Settings defaults() {
            return new Settings(42, new Sgd(0.01), 0, WorkspaceMode.ENABLED, false);
        }

        public Settings withSeed(long s) {
            return new Settings(s, updater, l2, workspaces, zeroResidualGamma);
        }

        public Settings withUpdater(IUpdater u) {
            return new Settings(seed, u, l2, workspaces, zeroResidualGamma);
        }

        public Settings withL2(double coefficient) {
            return new Settings(seed, updater, coefficient, workspaces, zeroResidualGamma);
        }

        public Settings withZeroResidualGamma(boolean zero) {
            return new Settings(seed, updater, l2, workspaces, zero);
        }
    }

    private GraphFactory() {
    }

    /** Builds and initialises the graph with He-initialised random weights. */
    public static ComputationGraph build(Network network) {
        return build(network, Settings.defaults());
    }

    public static ComputationGraph build(Network network, Settings settings) {
        ComputationGraph graph = new ComputationGraph(configuration(network, settings));
        graph.init();
        ActivationVertexLayer.fuseWithBatchNorms(graph);
        OnePassUpdater.install(graph, settings.updater());
        return graph;
    }

    /**
     * Makes activation layers leave their input intact (see {@link ActivationVertexLayer}): on while every
     * layer's activation is collected, off for plain inference.
     */
    public static void keepInputs(ComputationGraph graph, boolean keep) {
        for (org.deeplearning4j.nn.api.Layer l : graph.getLayers()) {
            if (l instanceof ActivationVertexLayer.Impl a) {
                a.setCopyInput(keep);
            }
        }
    }

    /**
     * Which accelerated implementation each layer runs with (a DL4J helper's class name, such as
     * "MKLDNNBatchNormHelper", or "oneDNN" for the convolutions and max pools that call oneDNN themselves), by vertex
     * name; layers without one are left out. Only meaningful after a forward pass: DL4J picks helpers lazily.
     */
    public static Map<String, String> helpers(ComputationGraph graph) {
        Map<String, String> out = new TreeMap<>();
        for (org.deeplearning4j.nn.api.Layer l : graph.getLayers()) {
            LayerHelper h = null;
            if ((l.getConfig() instanceof FastConv || l.getConfig() instanceof FastMaxPool) && Dnnl.available()) {
                out.put(l.getConfig().getLayerName(), "oneDNN");
                continue;
            }
            if (l instanceof org.deeplearning4j.nn.layers.convolution.ConvolutionLayer c) {
                h = c.getHelper();
            } else if (l instanceof org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer p) {
                h = p.getHelper();
            } else if (l instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization b) {
                h = b.getHelper();
            } else if (l instanceof org.deeplearning4j.nn.layers.normalization.LocalResponseNormalization n) {
                h = n.getHelper();
            }
            if (h != null) {
                out.put(l.getConfig().getLayerName(), h.getClass().getSimpleName());
            }
        }
        return out;
    }

    /**
     * The catalog layer of every DL4J vertex that may hold parameters: the layer's own id, and for a grouped
     * convolution the id of the convolution its towers ({@link #tower}) compute. The other helper vertices (slices,
     * zero padding) hold none.
     */
    public static Map<String, String> catalogLayers(Network network) {
        Map<String, String> out = new HashMap<>();
        for (Layer l : network.layers()) {
            out.put(l.id(), l.id());
            if (l.spec() instanceof LayerSpec.Conv c) {
                for (int t = 0; t < c.groups() && c.groups() > 1; t++) {
                    out.put(tower(l.id(), t), l.id());
                }
            }
        }
        return out;
    }

    /** The vertex of tower {@code t} of grouped convolution {@code id}. */
    private static String tower(String id, int t) {
        return id + ".tower" + t;
    }

    /** DL4J's parameter count for {@code network}: the catalog's plus auxiliary heads plus 2 per BN channel. */
    public static long expectedParams(Network network) {
        long bnStats = network.layers().stream().filter(l -> l.spec() instanceof LayerSpec.BatchNorm)
                .mapToLong(l -> 2L * l.output().channels()).sum();
        return network.params() + network.auxParams() + bnStats;
    }

    public static ComputationGraphConfiguration configuration(Network network, Settings settings) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(settings.seed())
                .dataType(DataType.FLOAT)
                .updater(settings.updater())
                .l2(settings.l2())
                // He et al. 2015 initialisation: with DL4J's default (Xavier) deep ReLU nets collapse or give NaN.
                .weightInit(WeightInit.RELU)
                .biasInit(0)
                .convolutionMode(ConvolutionMode.Truncate)
                .trainingWorkspaceMode(settings.workspaces())
                .inferenceWorkspaceMode(settings.workspaces())
                .cacheMode(CacheMode.DEVICE)
                .graphBuilder();
        Shape in = network.input();
        g.addInputs(NetworkBuilder.INPUT);
        g.setInputTypes(InputType.convolutional(in.height(), in.width(), in.channels()));
        List<String> outputs = network.heads();
        Set<String> zeroGamma = settings.zeroResidualGamma() ? residualBranchEnds(network) : Set.of();
        for (Layer layer : network.layers()) {
            if (layer.spec() instanceof LayerSpec.Input) {
                continue;
            }
            add(g, network, layer, outputs.contains(layer.id()), zeroGamma.contains(layer.id()));
        }
        g.setOutputs(outputs.toArray(String[]::new));
        return g.build();
    }

    /**
     * The batch norms that end a residual branch: those feeding a residual add from the block's main path (a
     * projection shortcut's batch norm feeds the add too, but is not the branch).
     */
    public static Set<String> residualBranchEnds(Network network) {
        Set<String> ends = new TreeSet<>();
        for (Layer add : network.layers()) {
            if (add.spec() instanceof LayerSpec.Add) {
                for (String in : add.inputs()) {
                    Layer l = network.layer(in);
                    if (l.spec() instanceof LayerSpec.BatchNorm && l.role() != Layer.Role.SHORTCUT) {
                        ends.add(in);
                    }
                }
            }
        }
        return ends;
    }

    private static void add(ComputationGraphConfiguration.GraphBuilder g, Network network, Layer layer,
                            boolean output, boolean zeroGamma) {
        String id = layer.id();
        String[] inputs = layer.inputs().toArray(String[]::new);
        Shape inShape = layer.inputShapes().get(0);
        Shape out = layer.output();
        LayerSpec spec = layer.spec();
        if (spec instanceof LayerSpec.Conv c) {
            conv(g, id, inputs[0], inShape, c);
        } else if (spec instanceof LayerSpec.Linear f) {
            g.addLayer(id, new DenseLayer.Builder().nIn(inShape.channels()).nOut(f.out()).hasBias(f.bias())
                    .activation(Activation.IDENTITY).build(), inputs);
        } else if (spec instanceof LayerSpec.Pool p) {
            pool(g, id, inputs[0], inShape, out, p);
        } else if (spec instanceof LayerSpec.AdaptiveAvgPool) {
            adaptive(g, id, inputs[0], inShape, out);
        } else if (spec instanceof LayerSpec.GlobalAvgPool) {
            // Keep C×1×1 as the catalog does; the catalog's own flatten layer follows.
            g.addLayer(id, new GlobalPoolingLayer.Builder(PoolingType.AVG).collapseDimensions(false).build(), inputs);
        } else if (spec instanceof LayerSpec.Lrn n) {
            // DL4J's LRN formula, not oneDNN's: on CPU M2.1 never attaches its oneDNN LRN helper, and forcing it on
            // gives other numbers (the helper passes n where libnd4j expects n/2, and still differs with that
            // fixed), which the known-answer test catches. FastLrn computes DL4J's formula faster.
            g.addLayer(id, FastLrn.of(new LocalResponseNormalization.Builder(n.k(), n.size(), n.alpha(), n.beta())
                    .build()), inputs);
        } else if (spec instanceof LayerSpec.BatchNorm b) {
            g.addLayer(id, FastBatchNorm.of(new BatchNormalization.Builder().nIn(inShape.channels())
                    .nOut(inShape.channels()).eps(b.eps()).decay(0.9).useLogStd(false).gamma(zeroGamma ? 0 : 1)
                    .build()), inputs);
        } else if (spec instanceof LayerSpec.Relu) {
            g.addLayer(id, new ActivationVertexLayer(Activation.RELU), inputs);
        } else if (spec instanceof LayerSpec.Sigmoid) {
            g.addLayer(id, new ActivationVertexLayer(Activation.SIGMOID), inputs);
        } else if (spec instanceof LayerSpec.Tanh) {
            g.addLayer(id, new ActivationVertexLayer(Activation.TANH), inputs);
        } else if (spec instanceof LayerSpec.Dropout d) {
            g.addLayer(id, new DropoutLayer.Builder(1 - d.p()).build(), inputs);
        } else if (spec instanceof LayerSpec.Concat) {
            g.addVertex(id, new MergeVertex(), inputs);
        } else if (spec instanceof LayerSpec.Add) {
            g.addVertex(id, inputs.length == 2 ? new ResidualAdd() : new ElementWiseVertex(ElementWiseVertex.Op.Add),
                    inputs);
        } else if (spec instanceof LayerSpec.Flatten) {
            if (inShape.flat()) {
                g.addLayer(id, new ActivationVertexLayer(Activation.IDENTITY), inputs);
            } else {
                g.addVertex(id, new PreprocessorVertex(new CnnToFeedForwardPreProcessor(inShape.height(),
                        inShape.width(), inShape.channels())), inputs);
            }
        } else if (spec instanceof LayerSpec.ZeroPad z) {
            zeroPad(g, id, inputs[0], inShape, z);
        } else if (spec instanceof LayerSpec.Softmax) {
            if (output) {
                // The loss layer applies the softmax itself, so "prob" holds probabilities and the fc before it
                // keeps the logits under its own id.
                LossMCXENT loss = layer.aux()
                        ? new LossMCXENT(Nd4j.valueArrayOf(new long[] {1, out.channels()}, AUX_LOSS_WEIGHT,
                        DataType.FLOAT))
                        : new LossMCXENT();
                g.addLayer(id, new LossLayer.Builder(loss).activation(Activation.SOFTMAX).build(), inputs);
            } else {
                g.addLayer(id, new ActivationVertexLayer(Activation.SOFTMAX), inputs);
            }
        } else {
            throw new UnsupportedOperationException(network.id() + ": layer '" + id + "' of type " + spec.type()
                    + " has no DL4J realisation");
        }
    }

    /**
     * A convolution; with groups > 1, one real convolution per tower on its slice of the channels, then a merge. A
     * tower's input gradient is computed even where the slice reads the network's input: DL4J's slice vertex fails
     * its backward pass without one.
     */
    private static void conv(ComputationGraphConfiguration.GraphBuilder g, String id, String input, Shape in,
                             LayerSpec.Conv c) {
        if (c.groups() == 1) {
            g.addLayer(id, convLayer(in.channels(), c.out(), c, !input.equals(NetworkBuilder.INPUT)), input);
            return;
        }
        int cin = in.channels() / c.groups();
        String[] towers = new String[c.groups()];
        for (int t = 0; t < c.groups(); t++) {
            towers[t] = tower(id, t);
            String slice = towers[t] + ".input";
            g.addVertex(slice, new ChannelSlice(t * cin, (t + 1) * cin - 1), input);
            g.addLayer(towers[t], convLayer(cin, c.out() / c.groups(), c, true), slice);
        }
        g.addVertex(id, new MergeVertex(), towers);
    }

    private static ConvolutionLayer convLayer(int nIn, int nOut, LayerSpec.Conv c, boolean inputGradient) {
        return new FastConv(new ConvolutionLayer.Builder(c.kernel(), c.kernel()).stride(c.stride(), c.stride())
                .padding(c.padding(), c.padding()).nIn(nIn).nOut(nOut).hasBias(c.bias())
                .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY), inputGradient);
    }

    /**
     * The DL4J convolution mode that reproduces PyTorch's windows for one axis, or null if none does.
     * Truncate is PyTorch's floor mode with symmetric padding. When ceil mode adds a window, DL4J's Same mode
     * (output ceil(n/s), padding split with the smaller half on top) gives the same windows exactly when the
     * sizes agree and its top padding equals PyTorch's; Same mode's extra padding is skipped by max pooling,
     * like PyTorch's overhang. (Same is not ceil mode in general: for odd n with 3×3/2 it would pad on top.)
     */
    static ConvolutionMode poolMode(int n, int kernel, int stride, int padding, int ceilOut) {
        int floorOut = (n + 2 * padding - kernel) / stride + 1;
        if (floorOut == ceilOut) {
            return ConvolutionMode.Truncate;
        }
        int sameOut = -Math.floorDiv(-n, stride);
        int total = Math.max(0, (sameOut - 1) * stride + kernel - n);
        return sameOut == ceilOut && total / 2 == padding ? ConvolutionMode.Same : null;
    }

    private static void pool(ComputationGraphConfiguration.GraphBuilder g, String id, String input, Shape in, Shape out,
                             LayerSpec.Pool p) {
        ConvolutionMode h = poolMode(in.height(), p.kernel(), p.stride(), p.padding(), out.height());
        ConvolutionMode w = poolMode(in.width(), p.kernel(), p.stride(), p.padding(), out.width());
        boolean avg = p.kind() == LayerSpec.PoolKind.AVG;
        boolean direct = h != null && h == w;
        if (avg && (p.padding() > 0 || h != ConvolutionMode.Truncate || w != ConvolutionMode.Truncate)) {
            // Padding and ceil overhang change an average (PyTorch counts padding in the divisor but not the
            // overhang): the separable form computes each window's divisor as PyTorch does.
            g.addLayer(id, SeparableAvgPool.window(in.channels(), in.height(), in.width(), out.height(), out.width(),
                    p.kernel(), p.stride(), p.padding()), input);
            return;
        }
        if (!direct) {
            throw new UnsupportedOperationException("layer '" + id + "': max pooling " + p.hyper() + " on " + in
                    + " has no exact DL4J equivalent (ceil-mode windows differ from DL4J's Same mode)");
        }
        int pad = h == ConvolutionMode.Same ? 0 : p.padding();
        SubsamplingLayer.Builder pooling = new SubsamplingLayer.Builder(avg ? PoolingType.AVG : PoolingType.MAX)
                .kernelSize(p.kernel(), p.kernel()).stride(p.stride(), p.stride()).padding(pad, pad)
                .convolutionMode(h);
        g.addLayer(id, avg ? pooling.build() : new FastMaxPool(pooling), input);
    }

    private static void adaptive(ComputationGraphConfiguration.GraphBuilder g, String id, String input, Shape in,
                                 Shape out) {
        if (in.height() == out.height() && in.width() == out.width()) {
            g.addLayer(id, new ActivationVertexLayer(Activation.IDENTITY), input);
        } else if (in.height() % out.height() == 0 && in.width() % out.width() == 0) {
            int kh = in.height() / out.height();
            int kw = in.width() / out.width();
            g.addLayer(id, new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(kh, kw).stride(kh, kw)
                    .convolutionMode(ConvolutionMode.Truncate).build(), input);
        } else {
            g.addLayer(id, SeparableAvgPool.adaptive(in.channels(), in.height(), in.width(), out.height(), out.width()),
                    input);
        }
    }

    /**
     * Option-A shortcut (He et al. 2016, §4.2): every s-th pixel (a 1×1 max pool with stride s picks x[::s, ::s]),
     * then zero channels before and after. The zeros are a slice of the input scaled by 0, so the block has no
     * parameters and gradients never flow into the padding.
     */
    private static void zeroPad(ComputationGraphConfiguration.GraphBuilder g, String id, String input, Shape in,
                                LayerSpec.ZeroPad z) {
        String x = input;
        if (z.subsample() > 1) {
            x = id + ".subsample";
            g.addLayer(x, new FastMaxPool(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(1, 1)
                    .stride(z.subsample(), z.subsample()).convolutionMode(ConvolutionMode.Truncate)), input);
        }
        List<String> parts = new ArrayList<>();
        zeros(g, id + ".before", x, in.channels(), z.channelsBefore(), parts);
        parts.add(x);
        zeros(g, id + ".after", x, in.channels(), z.channelsAfter(), parts);
        if (parts.size() == 1) {
            g.addLayer(id, new ActivationVertexLayer(Activation.IDENTITY), x);
        } else {
            g.addVertex(id, new MergeVertex(), parts.toArray(String[]::new));
        }
    }

    private static void zeros(ComputationGraphConfiguration.GraphBuilder g, String name, String x, int available,
                              int count, List<String> parts) {
        for (int done = 0, i = 0; done < count; i++) {
            int n = Math.min(available, count - done);
            String slice = name + i + ".slice";
            g.addVertex(slice, new ChannelSlice(0, n - 1), x);
            g.addVertex(name + i, new ScaleVertex(0), slice);
            parts.add(name + i);
            done += n;
        }
    }
}
