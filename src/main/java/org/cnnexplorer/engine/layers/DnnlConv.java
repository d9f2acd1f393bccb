package org.cnnexplorer.engine.layers;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

import java.util.ArrayList;
import java.util.List;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.algorithm;
import static org.bytedeco.dnnl.global.dnnl.prop_kind;

/**
 * Convolutions through oneDNN itself (JavaCPP's dnnl preset), for {@link FastConv}. libnd4j's oneDNN path builds
 * every primitive again on each call, reorders the weights and computes the input's gradient even where nothing reads
 * it; with the primitives built once per geometry and kept, mini-resnet's convolutions at batch 64 took 0.43-0.96
 * of libnd4j's time per call, and its first (one input channel) 0.16. Values cross in the plain NCHW/OIHW layouts
 * DL4J holds; each primitive works in the layout oneDNN picks for it, reordered into scratch memory per call.
 */
final class DnnlConv {
    private static final Dnnl.Plans<Geometry, Plan> PLANS = new Dnnl.Plans<>(Plan::new);
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private DnnlConv() {
    }

    /** One convolution's sizes: batch, channels in and out, input size, kernel, stride, symmetric padding. */
    record Geometry(int batch, int in, int out, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw,
                    boolean bias) {
        int outH() {
            return (h + 2 * ph - kh) / sh + 1;
        }

        int outW() {
            return (w + 2 * pw - kw) / sw + 1;
        }
    }

    static Plan plan(Geometry g) {
        return PLANS.get(g);
    }

    /**
     * A geometry's primitives and the memory objects that point them at the caller's arrays. The backward
     * primitives are built on first use (inference never needs them). Runs one call at a time: the memory objects
     * are re-pointed on each.
     */
    static final class Plan {
        private final Geometry g;
        private final Step forward;
        private final convolution_forward.primitive_desc forwardDesc;
        private final memory bias;
        private Step backwardData;
        private Step backwardWeights;
        private memory biasGradient;

        private Plan(Geometry g) {
            this.g = g;
            memory.desc src = any(g.batch(), g.in(), g.h(), g.w());
            memory.desc weights = any(g.out(), g.in(), g.kh(), g.kw());
            memory.desc dst = any(g.batch(), g.out(), g.outH(), g.outW());
            convolution_forward.desc d = g.bias()
                    ? new convolution_forward.desc(prop_kind.forward_training, algorithm.convolution_direct, src,
                            weights, vector(g.out()), dst, strides(g), padding(g), padding(g))
                    : new convolution_forward.desc(prop_kind.forward_training, algorithm.convolution_direct, src,
                            weights, dst, strides(g), padding(g), padding(g));
            forwardDesc = new convolution_forward.primitive_desc(d, Dnnl.cpu());
            forward = new Step(new convolution_forward(forwardDesc));
            forward.in(DNNL_ARG_SRC, nchw(g.batch(), g.in(), g.h(), g.w()), forwardDesc.src_desc(), 0);
            forward.in(DNNL_ARG_WEIGHTS, nchw(g.out(), g.in(), g.kh(), g.kw()), forwardDesc.weights_desc(), 1);
            forward.out(DNNL_ARG_DST, nchw(g.batch(), g.out(), g.outH(), g.outW()), forwardDesc.dst_desc(), 2);
            bias = g.bias() ? user(vector(g.out())) : null;
            if (bias != null) {
                forward.args.put(DNNL_ARG_BIAS, bias);
            }
        }

        /** y = conv(x, w) + b, all addresses of plain float arrays; b is 0 without a bias. */
        synchronized void forward(long x, long w, long b, long y) {
            if (bias != null) {
                bias.set_data_handle(Dnnl.at(b));
            }
            forward.run(x, w, y);
        }

        /**
         * The gradients from dy: the weights' into dw, the bias's into db (0 without a bias), the input's into dx
         * unless dx is 0 (a layer that reads the network's input: nothing uses it).
         */
        synchronized void backward(long x, long w, long dy, long dx, long dw, long db) {
            if (backwardWeights == null) {
                buildBackward();
            }
            if (biasGradient != null) {
                biasGradient.set_data_handle(Dnnl.at(db));
            }
            backwardWeights.run(x, dy, dw);
            if (dx != 0) {
                backwardData.run(dy, w, dx);
            }
        }

        private void buildBackward() {
            memory.desc src = any(g.batch(), g.in(), g.h(), g.w());
            memory.desc weights = any(g.out(), g.in(), g.kh(), g.kw());
            memory.desc dst = any(g.batch(), g.out(), g.outH(), g.outW());
            convolution_backward_weights.desc wd = g.bias()
                    ? new convolution_backward_weights.desc(algorithm.convolution_direct, src, weights,
                            vector(g.out()), dst, strides(g), padding(g), padding(g))
                    : new convolution_backward_weights.desc(algorithm.convolution_direct, src, weights, dst,
                            strides(g), padding(g), padding(g));
            convolution_backward_weights.primitive_desc wpd =
                    new convolution_backward_weights.primitive_desc(wd, Dnnl.cpu(), forwardDesc);
            Step weightsStep = new Step(new convolution_backward_weights(wpd));
            weightsStep.in(DNNL_ARG_SRC, nchw(g.batch(), g.in(), g.h(), g.w()), wpd.src_desc(), 0);
            weightsStep.in(DNNL_ARG_DIFF_DST, nchw(g.batch(), g.out(), g.outH(), g.outW()), wpd.diff_dst_desc(), 1);
            weightsStep.out(DNNL_ARG_DIFF_WEIGHTS, nchw(g.out(), g.in(), g.kh(), g.kw()), wpd.diff_weights_desc(), 2);
            if (g.bias()) {
                biasGradient = user(vector(g.out()));
                weightsStep.args.put(DNNL_ARG_DIFF_BIAS, biasGradient);
            }
            convolution_backward_data.primitive_desc dpd = new convolution_backward_data.primitive_desc(
                    new convolution_backward_data.desc(algorithm.convolution_direct, src, weights, dst, strides(g),
                            padding(g), padding(g)), Dnnl.cpu(), forwardDesc);
            Step dataStep = new Step(new convolution_backward_data(dpd));
            dataStep.in(DNNL_ARG_DIFF_DST, nchw(g.batch(), g.out(), g.outH(), g.outW()), dpd.diff_dst_desc(), 3);
            dataStep.in(DNNL_ARG_WEIGHTS, nchw(g.out(), g.in(), g.kh(), g.kw()), dpd.weights_desc(), 4);
            dataStep.out(DNNL_ARG_DIFF_SRC, nchw(g.batch(), g.in(), g.h(), g.w()), dpd.diff_src_desc(), 5);
            backwardData = dataStep;
            backwardWeights = weightsStep;
        }
    }

    /**
     * One primitive with its three arrays (two read, one written), each either the caller's memory itself, where
     * oneDNN chose the plain layout, or scratch memory in oneDNN's layout with a reorder to or from the caller's.
     */
    private static final class Step {
        private final primitive op;
        private final IntMemoryMap args = new IntMemoryMap();
        private final memory[] user = new memory[3];
        private final memory[] inner = new memory[3];
        private final reorder[] reorders = new reorder[3];
        private final int[] slots = new int[3];
        /** Bytes of each scratch array, asked of oneDNN once rather than on every call. */
        private final long[] bytes = new long[3];
        private int count;

        Step(primitive op) {
            this.op = op;
        }

        void in(int arg, memory.desc plain, memory.desc chosen, int slot) {
            add(arg, plain, chosen, slot, true);
        }

        void out(int arg, memory.desc plain, memory.desc chosen, int slot) {
            add(arg, plain, chosen, slot, false);
        }

        private void add(int arg, memory.desc plain, memory.desc chosen, int slot, boolean read) {
            int i = count++;
            user[i] = user(plain);
            if (chosen.equals(plain)) {
                args.put(arg, user[i]);
                return;
            }
            inner[i] = user(chosen);
            slots[i] = slot;
            bytes[i] = chosen.get_size();
            reorders[i] = read ? new reorder(user[i], inner[i]) : new reorder(inner[i], user[i]);
            args.put(arg, inner[i]);
        }

        /** The primitive on two input arrays and one output array, by address. */
        void run(long a, long b, long out) {
            stream s = Dnnl.stream();
            Scratch scratch = SCRATCH.get();
            long[] addresses = {a, b, out};
            try {
                for (int i = 0; i < 3; i++) {
                    user[i].set_data_handle(Dnnl.at(addresses[i]));
                    if (inner[i] != null) {
                        inner[i].set_data_handle(scratch.slot(slots[i], bytes[i]));
                    }
                }
                for (int i = 0; i < 2; i++) {
                    if (reorders[i] != null) {
                        reorders[i].execute(s, user[i], inner[i]);
                    }
                }
                op.execute(s, args);
                if (reorders[2] != null) {
                    reorders[2].execute(s, inner[2], user[2]);
                }
                s._wait();
            } finally {
                scratch.release();
            }
        }
    }

    /**
     * Per thread: the scratch memory the reordered arrays live in, one slot per array a step reorders, each grown to
     * the largest request and kept, so a training step allocates nothing. A slot keeps at most {@link #KEEP} bytes:
     * larger arrays (VGG-16's first layers at batch 16 come to 200 MB) are allocated for the call and freed after it,
     * as libnd4j does, so that a kept thread does not hold them for the rest of the session. 64-byte aligned, as
     * oneDNN allocates its own.
     */
    private static final class Scratch {
        private static final int ALIGN = 64;
        private static final long KEEP = 64L << 20;
        private final BytePointer[] slots = new BytePointer[6];
        private final List<BytePointer> once = new ArrayList<>();

        Pointer slot(int i, long bytes) {
            BytePointer p;
            if (bytes + ALIGN > KEEP) {
                p = new BytePointer(bytes + ALIGN);
                once.add(p);
            } else {
                if (slots[i] == null || slots[i].capacity() < bytes + ALIGN) {
                    if (slots[i] != null) {
                        slots[i].close();
                    }
                    slots[i] = new BytePointer(bytes + ALIGN);
                }
                p = slots[i];
            }
            return p.getPointer((ALIGN - p.address() % ALIGN) % ALIGN);
        }

        /** Frees what {@link #slot} allocated for one call. */
        void release() {
            once.forEach(BytePointer::close);
            once.clear();
        }
    }

    private static memory user(memory.desc d) {
        return Dnnl.user(d);
    }

    private static memory.desc any(long... dims) {
        return new memory.desc(dims, memory.data_type.f32, memory.format_tag.any);
    }

    private static memory.desc nchw(long... dims) {
        return new memory.desc(dims, memory.data_type.f32, memory.format_tag.nchw);
    }

    private static memory.desc vector(long n) {
        return Dnnl.vector(n);
    }

    private static long[] strides(Geometry g) {
        return new long[] {g.sh(), g.sw()};
    }

    private static long[] padding(Geometry g) {
        return new long[] {g.ph(), g.pw()};
    }
}
