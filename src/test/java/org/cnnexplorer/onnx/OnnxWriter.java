package org.cnnexplorer.onnx;

import com.google.protobuf.ByteString;
import onnx.Onnx;
import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.NetworkBuilder;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.engine.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a catalog network with a model's weights as an ONNX file, every layer as the ONNX operator that defines it
 * (Conv with group, LRN with α·n, MaxPool and AveragePool with ceil_mode, Gemm with transB, BatchNormalization,
 * GlobalAveragePool, Concat, Add, Flatten, Softmax), so ONNX Runtime can compute what the network should.
 * With {@code foldBatchNorm} it writes what torch.onnx.export writes in eval mode: each batch norm that follows a
 * convolution is folded into that convolution's kernel and bias.
 */
public final class OnnxWriter {
    static final int OPSET = 13;

    private final Network net;
    private final ComputationGraph graph;
    private final boolean fold;
    private final Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("cnn-explorer");

    private OnnxWriter(Network net, ComputationGraph graph, boolean fold) {
        this.net = net;
        this.graph = graph;
        this.fold = fold;
    }

    /** The logits layer (the fc before the softmax) is a second output, so tests can compare it directly. */
    public static void write(Model model, boolean foldBatchNorm, Path file) throws IOException {
        Onnx.ModelProto m = build(model, foldBatchNorm);
        try (OutputStream out = Files.newOutputStream(file)) {
            m.writeTo(out);
        }
    }

    static Onnx.ModelProto build(Model model, boolean foldBatchNorm) {
        OnnxWriter w = new OnnxWriter(model.network(), model.graph(), foldBatchNorm);
        w.graph();
        return Onnx.ModelProto.newBuilder().setIrVersion(7).setProducerName("cnn-explorer-test")
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(w.g).build();
    }

    public static String logits(Network net) {
        return net.output().inputs().get(0);
    }

    private void graph() {
        Shape in = net.input();
        g.addInput(value(NetworkBuilder.INPUT, 1, in.channels(), in.height(), in.width()));
        for (Layer l : net.layers()) {
            if (l.aux() || l.spec() instanceof LayerSpec.Input) {
                continue;
            }
            layer(l);
        }
        g.addOutput(value(net.output().id(), 1, net.classes()));
        g.addOutput(value(logits(net), 1, net.classes()));
    }

    private void layer(Layer l) {
        String id = l.id();
        List<String> in = l.inputs();
        LayerSpec s = l.spec();
        if (s instanceof LayerSpec.Conv c) {
            conv(l, c);
        } else if (s instanceof LayerSpec.BatchNorm b) {
            if (foldedInto(l) != null) {
                return;
            }
            node("BatchNormalization", id, List.of(in.get(0), weight(id + ".gamma", param(id, "gamma")),
                    weight(id + ".beta", param(id, "beta")), weight(id + ".mean", param(id, "mean")),
                    weight(id + ".var", param(id, "var"))), floatAttr("epsilon", (float) b.eps()));
        } else if (s instanceof LayerSpec.Linear f) {
            INDArray w = graph.getLayer(id).getParam("W"); // in×out
            List<String> inputs = new ArrayList<>(List.of(input(in.get(0)),
                    weight(id + ".weight", values(w.transpose()), f.out(),
                            l.inputShapes().get(0).channels())));
            if (f.bias()) {
                inputs.add(weight(id + ".bias", param(id, "b")));
            }
            node("Gemm", id, inputs, intAttr("transB", 1));
        } else if (s instanceof LayerSpec.Pool p) {
            List<Onnx.AttributeProto> attrs = new ArrayList<>(List.of(ints("kernel_shape", p.kernel(), p.kernel()),
                    ints("strides", p.stride(), p.stride()), ints("pads", p.padding(), p.padding(), p.padding(),
                            p.padding()), intAttr("ceil_mode", p.ceil() ? 1 : 0)));
            if (p.kind() == LayerSpec.PoolKind.AVG) {
                attrs.add(intAttr("count_include_pad", 1)); // PyTorch's default, as the catalog computes it
            }
            node(p.kind() == LayerSpec.PoolKind.MAX ? "MaxPool" : "AveragePool", id, List.of(input(in.get(0))),
                    attrs.toArray(Onnx.AttributeProto[]::new));
        } else if (s instanceof LayerSpec.AdaptiveAvgPool a) {
            Shape i = l.inputShapes().get(0);
            if (i.height() == a.size() && i.width() == a.size()) {
                node("Identity", id, List.of(input(in.get(0))));
            } else if (i.height() % a.size() == 0 && i.width() % a.size() == 0) {
                int k = i.height() / a.size();
                node("AveragePool", id, List.of(input(in.get(0))), ints("kernel_shape", k, k), ints("strides", k, k));
            } else {
                throw new UnsupportedOperationException(id + ": adaptive pooling " + i + " → " + a.size());
            }
        } else if (s instanceof LayerSpec.GlobalAvgPool) {
            node("GlobalAveragePool", id, List.of(input(in.get(0))));
        } else if (s instanceof LayerSpec.Lrn n) {
            // ONNX divides α by the window: the catalog's α·Σx² is ONNX's alpha = α·n
            node("LRN", id, List.of(input(in.get(0))), intAttr("size", n.size()),
                    floatAttr("alpha", (float) (n.alpha() * n.size())), floatAttr("beta", (float) n.beta()),
                    floatAttr("bias", (float) n.k()));
        } else if (s instanceof LayerSpec.Relu) {
            node("Relu", id, List.of(input(in.get(0))));
        } else if (s instanceof LayerSpec.Sigmoid) {
            node("Sigmoid", id, List.of(input(in.get(0))));
        } else if (s instanceof LayerSpec.Tanh) {
            node("Tanh", id, List.of(input(in.get(0))));
        } else if (s instanceof LayerSpec.Dropout) {
            node("Identity", id, List.of(input(in.get(0))));
        } else if (s instanceof LayerSpec.Concat) {
            node("Concat", id, in.stream().map(this::input).toList(), intAttr("axis", 1));
        } else if (s instanceof LayerSpec.Add) {
            String sum = input(in.get(0));
            for (int i = 1; i < in.size(); i++) {
                String out = i == in.size() - 1 ? id : id + ".partial" + i;
                node("Add", out, List.of(sum, input(in.get(i))));
                sum = out;
            }
        } else if (s instanceof LayerSpec.Flatten) {
            node("Flatten", id, List.of(input(in.get(0))), intAttr("axis", 1));
        } else if (s instanceof LayerSpec.Softmax) {
            node("Softmax", id, List.of(input(in.get(0))), intAttr("axis", 1));
        } else {
            throw new UnsupportedOperationException(id + ": no ONNX form for " + s.type());
        }
    }

    /** A folded BN's output is the convolution's: inputs naming the BN read the conv. */
    private String input(String layerId) {
        Layer l = net.layer(layerId);
        return l.spec() instanceof LayerSpec.BatchNorm && foldedInto(l) != null ? l.inputs().get(0) : layerId;
    }

    /** The convolution a BN is folded into, or null. */
    private Layer foldedInto(Layer bn) {
        if (!fold) {
            return null;
        }
        Layer before = net.layer(bn.inputs().get(0));
        return before.spec() instanceof LayerSpec.Conv c && !c.bias() && net.consumers(before.id()).size() == 1
                ? before : null;
    }

    private Layer foldedBn(Layer conv) {
        if (!fold) {
            return null;
        }
        List<Layer> after = net.consumers(conv.id());
        return after.size() == 1 && after.get(0).spec() instanceof LayerSpec.BatchNorm
                && foldedInto(after.get(0)) != null ? after.get(0) : null;
    }

    private void conv(Layer l, LayerSpec.Conv c) {
        String id = l.id();
        int cin = l.inputShapes().get(0).channels() / c.groups();
        float[] w = new float[c.out() * cin * c.kernel() * c.kernel()];
        float[] b = c.bias() ? new float[c.out()] : null;
        for (int t = 0, at = 0, bt = 0; t < c.groups(); t++) {
            String v = c.groups() == 1 ? id : id + ".tower" + t;
            float[] tw = values(graph.getLayer(v).getParam("W"));
            System.arraycopy(tw, 0, w, at, tw.length);
            at += tw.length;
            if (b != null) {
                float[] tb = values(graph.getLayer(v).getParam("b"));
                System.arraycopy(tb, 0, b, bt, tb.length);
                bt += tb.length;
            }
        }
        Layer bn = foldedBn(l);
        String out = id;
        if (bn != null) {
            // y = γ·(conv(x) − mean)/√(var + ε) + β = conv'(x) + b'
            float[] gamma = param(bn.id(), "gamma");
            float[] beta = param(bn.id(), "beta");
            float[] mean = param(bn.id(), "mean");
            float[] var = param(bn.id(), "var");
            double eps = ((LayerSpec.BatchNorm) bn.spec()).eps();
            b = new float[c.out()];
            int per = w.length / c.out();
            for (int o = 0; o < c.out(); o++) {
                double scale = gamma[o] / Math.sqrt(var[o] + eps);
                for (int i = 0; i < per; i++) {
                    w[o * per + i] = (float) (w[o * per + i] * scale);
                }
                b[o] = (float) (beta[o] - mean[o] * scale);
            }
        }
        List<String> inputs = new ArrayList<>(List.of(input(l.inputs().get(0)),
                weight(id + ".weight", w, c.out(), cin, c.kernel(), c.kernel())));
        if (b != null) {
            inputs.add(weight(id + ".bias", b, c.out()));
        }
        node("Conv", out, inputs, ints("kernel_shape", c.kernel(), c.kernel()), ints("strides", c.stride(), c.stride()),
                ints("pads", c.padding(), c.padding(), c.padding(), c.padding()), intAttr("group", c.groups()));
    }

    private float[] param(String vertex, String name) {
        return values(graph.getLayer(vertex).getParam(name));
    }

    /** An array's values in row-major order. */
    private static float[] values(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    private String weight(String name, float[] values) {
        return weight(name, values, values.length);
    }

    private String weight(String name, float[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(raw.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        g.addInitializer(t);
        return name;
    }

    private void node(String op, String output, List<String> inputs, Onnx.AttributeProto... attrs) {
        Onnx.NodeProto.Builder n = Onnx.NodeProto.newBuilder().setOpType(op).setName(output).addOutput(output);
        inputs.forEach(n::addInput);
        for (Onnx.AttributeProto a : attrs) {
            n.addAttribute(a);
        }
        g.addNode(n);
    }

    private static Onnx.ValueInfoProto value(String name, long... dims) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder().setTensorType(
                Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE)
                        .setShape(shape))).build();
    }

    private static Onnx.AttributeProto intAttr(String name, long v) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INT).setI(v)
                .build();
    }

    private static Onnx.AttributeProto floatAttr(String name, float v) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.FLOAT)
                .setF(v).build();
    }

    private static Onnx.AttributeProto ints(String name, long... v) {
        Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name)
                .setType(Onnx.AttributeProto.AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        return a.build();
    }
}
