package org.cnnexplorer.peer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.Network;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A catalog network as a DJL block running on PyTorch, built layer by layer from the same {@link Network} the DL4J
 * engine uses, so both sides compute the same thing: same layers, same shapes, same parameter count (checked by
 * the peer bench). The forward pass walks the catalog's layers in order and frees each intermediate result as
 * soon as its last reader has run, as PyTorch's reference counting would.
 */
final class TorchNet extends AbstractBlock {
    private final Network net;
    private final Map<String, Block> blocks = new LinkedHashMap<>();
    private final Map<String, Integer> readers = new HashMap<>();
    /** When set, each layer's forward call adds its nanoseconds here (the peer's per-layer profile). */
    private Map<String, Long> timings;

    TorchNet(Network net) {
        this.net = net;
        for (Layer l : net.layers()) {
            Block b = block(l);
            if (b != null) {
                blocks.put(l.id(), addChildBlock(l.id().replace('.', '_'), b));
            }
            for (String in : l.inputs()) {
                readers.merge(in, 1, Integer::sum);
            }
        }
    }

    long parameterCount() {
        long n = 0;
        for (Pair<String, Parameter> p : getParameters()) {
            n += p.getValue().getArray().size();
        }
        return n;
    }

    private static Shape square(int n) {
        return new Shape(n, n);
    }

    private static Block block(Layer l) {
        LayerSpec spec = l.spec();
        if (spec instanceof LayerSpec.Input) {
            return null;
        } else if (spec instanceof LayerSpec.Conv c) {
            return Conv2d.builder().setKernelShape(square(c.kernel())).optStride(square(c.stride()))
                    .optPadding(square(c.padding())).setFilters(c.out()).optGroups(c.groups()).optBias(c.bias()).build();
        } else if (spec instanceof LayerSpec.Linear f) {
            return Linear.builder().setUnits(f.out()).optBias(f.bias()).build();
        } else if (spec instanceof LayerSpec.Pool p) {
            return p.kind() == LayerSpec.PoolKind.MAX
                    ? Pool.maxPool2dBlock(square(p.kernel()), square(p.stride()), square(p.padding()), p.ceil())
                    : Pool.avgPool2dBlock(square(p.kernel()), square(p.stride()), square(p.padding()), p.ceil(), true);
        } else if (spec instanceof LayerSpec.AdaptiveAvgPool a) {
            int in = l.inputShapes().get(0).height();
            if (in % a.size() != 0 || l.inputShapes().get(0).width() % a.size() != 0) {
                throw new UnsupportedOperationException(l.id() + ": uneven adaptive pooling is not in the peer");
            }
            return Pool.avgPool2dBlock(square(in / a.size()), square(in / a.size()), square(0), false, true);
        } else if (spec instanceof LayerSpec.GlobalAvgPool) {
            return new LambdaBlock(x -> new NDList(Pool.globalAvgPool2d(x.head()).expandDims(2).expandDims(3)));
        } else if (spec instanceof LayerSpec.Lrn n) {
            return new LambdaBlock(x -> new NDList(lrn(x.head(), n)));
        } else if (spec instanceof LayerSpec.BatchNorm b) {
            return BatchNorm.builder().optEpsilon((float) b.eps()).optMomentum(0.9f).build();
        } else if (spec instanceof LayerSpec.Relu) {
            return Activation.reluBlock();
        } else if (spec instanceof LayerSpec.Sigmoid) {
            return Activation.sigmoidBlock();
        } else if (spec instanceof LayerSpec.Dropout d) {
            return Dropout.builder().optRate((float) d.p()).build();
        } else if (spec instanceof LayerSpec.Concat) {
            return new LambdaBlock(x -> new NDList(NDArrays.concat(x, 1)));
        } else if (spec instanceof LayerSpec.Add) {
            return new LambdaBlock(x -> {
                NDArray sum = x.get(0).add(x.get(1));
                for (int i = 2; i < x.size(); i++) {
                    sum.addi(x.get(i));
                }
                return new NDList(sum);
            });
        } else if (spec instanceof LayerSpec.Flatten) {
            return new LambdaBlock(x -> new NDList(x.head().reshape(x.head().getShape().get(0), -1)));
        } else if (spec instanceof LayerSpec.ZeroPad z) {
            return new LambdaBlock(x -> {
                NDArray in = x.head();
                NDArray sub = z.subsample() > 1 ? in.get(":, :, ::" + z.subsample() + ", ::" + z.subsample()) : in;
                Shape s = sub.getShape();
                NDManager m = sub.getManager();
                return new NDList(NDArrays.concat(new NDList(
                        m.zeros(new Shape(s.get(0), z.channelsBefore(), s.get(2), s.get(3))), sub,
                        m.zeros(new Shape(s.get(0), z.channelsAfter(), s.get(2), s.get(3)))), 1));
            });
        } else if (spec instanceof LayerSpec.Softmax) {
            return new LambdaBlock(x -> new NDList(x.head().softmax(1)));
        }
        throw new UnsupportedOperationException(l.id() + ": " + spec.type());
    }

    /**
     * Local response normalisation with the paper's α·Σx² (torch.nn.LocalResponseNorm divides α by n, so this is
     * torch's formula with α·n): the channel sum is an average pool over a (n × 1) window of x², times n.
     */
    private static NDArray lrn(NDArray x, LayerSpec.Lrn n) {
        Shape s = x.getShape();
        NDArray sq = x.square().reshape(s.get(0), 1, s.get(1), s.get(2) * s.get(3));
        NDArray mean = Pool.avgPool2d(sq, new Shape(n.size(), 1), new Shape(1, 1), new Shape(n.size() / 2, 0), false, true);
        NDArray div = mean.mul(n.alpha() * n.size()).add(n.k()).pow(n.beta()).reshape(s);
        return x.div(div);
    }

    private static Shape shape(org.cnnexplorer.arch.Shape s, long batch) {
        return s.flat() ? new Shape(batch, s.channels()) : new Shape(batch, s.channels(), s.height(), s.width());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        for (Layer l : net.layers()) {
            Block b = blocks.get(l.id());
            if (b != null) {
                b.initialize(manager, dataType, l.inputShapes().stream().map(s -> shape(s, batch)).toArray(Shape[]::new));
            }
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {shape(net.output().output(), inputShapes[0].get(0))};
    }

    /** In training the output is the logits (DJL's softmax cross-entropy applies the softmax itself). */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        Map<String, NDArray> acts = new HashMap<>();
        Map<String, Integer> left = new HashMap<>(readers);
        String out = net.output().id();
        for (Layer l : net.layers()) {
            if (l.aux()) {
                continue; // auxiliary heads: not part of inference nor of the benchmarked training steps
            }
            if (l.spec() instanceof LayerSpec.Input) {
                acts.put(l.id(), inputs.head());
                continue;
            }
            if (training && l.id().equals(out)) {
                return new NDList(acts.get(l.inputs().get(0)));
            }
            NDList in = new NDList();
            for (String id : l.inputs()) {
                in.add(acts.get(id));
            }
            long t0 = System.nanoTime();
            acts.put(l.id(), blocks.get(l.id()).forward(ps, in, training, params).head());
            if (timings != null) {
                timings.merge(l.id(), System.nanoTime() - t0, Long::sum);
            }
            if (!training) {
                for (String id : l.inputs()) {
                    if (left.merge(id, -1, Integer::sum) == 0 && !id.equals("input")) {
                        acts.remove(id).close();
                    }
                }
            }
        }
        return new NDList(acts.get(out));
    }

    void timeLayersInto(Map<String, Long> sink) {
        this.timings = sink;
    }

    List<String> layerIds() {
        return List.copyOf(blocks.keySet());
    }
}
