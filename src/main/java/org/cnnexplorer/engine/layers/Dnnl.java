package org.cnnexplorer.engine.layers;

import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What the layers that call oneDNN itself share (FastConv, FastMaxPool, ReLU, FastBatchNorm's backward pass): its
 * CPU engine, a stream per thread, and memory objects over arrays ND4J owns. oneDNN runs on ND4J's OpenMP runtime,
 * so the thread limits engine.natives sets hold for it too.
 */
public final class Dnnl {
    private static final Logger LOG = LoggerFactory.getLogger(Dnnl.class);
    /** oneDNN's streams are not for concurrent use. */
    private static final ThreadLocal<stream> STREAMS = ThreadLocal.withInitial(() -> new stream(Dnnl.cpu()));
    private static volatile engine cpu;
    private static volatile boolean failed;

    private Dnnl() {
    }

    /** Whether oneDNN's natives load here; where they do not, these layers are DL4J's own. */
    public static boolean available() {
        if (cpu == null && !failed) {
            synchronized (Dnnl.class) {
                if (cpu == null && !failed) {
                    try {
                        cpu = new engine(engine.kind.cpu, 0);
                    } catch (Throwable t) {
                        failed = true;
                        LOG.warn("oneDNN's natives did not load: convolutions and batch norms run through DL4J", t);
                    }
                }
            }
        }
        return cpu != null;
    }

    static engine cpu() {
        return cpu;
    }

    static stream stream() {
        return STREAMS.get();
    }

    /** A memory object of layout {@code d} with no data yet: {@code set_data_handle} points it at an array. */
    static memory user(memory.desc d) {
        return new memory(d, cpu, (Pointer) null);
    }

    static memory.desc vector(long n) {
        return new memory.desc(new long[] {n}, memory.data_type.f32, memory.format_tag.x);
    }

    /**
     * Float values in one C-order run from the array's offset. Checked stride by stride: ND4J's default-stride test
     * rejected a network input of one channel, [n, 1, h, w] with strides [h·w, h·w, w, 1].
     */
    static boolean dense(INDArray a) {
        if (a == null || a.dataType() != DataType.FLOAT) {
            return false;
        }
        long step = 1;
        for (int d = a.rank() - 1; d >= 0; d--) {
            if (a.size(d) != 1 && a.stride(d) != step) {
                return false;
            }
            step *= a.size(d);
        }
        return true;
    }

    /** The native address of a dense float array's first value (a view's buffer starts at the view's offset). */
    static long address(INDArray a) {
        return a.data().addressPointer().address();
    }

    /**
     * Primitives by the shape they were built for, each built on first use and kept: building one costs far more
     * than running it on these networks' arrays. A network has a few dozen shapes per batch size; past
     * {@link #MAX_PLANS} a cache starts over rather than grow without end.
     */
    static final class Plans<K, P> {
        private static final int MAX_PLANS = 512;
        private final Map<K, P> plans = new ConcurrentHashMap<>();
        private final Function<K, P> build;

        Plans(Function<K, P> build) {
            this.build = build;
        }

        P get(K key) {
            P p = plans.get(key);
            if (p != null) {
                return p;
            }
            if (plans.size() >= MAX_PLANS) {
                plans.clear();
            }
            return plans.computeIfAbsent(key, build);
        }
    }

    static Pointer at(long address) {
        return new Address(address);
    }

    /** A pointer to memory ND4J owns, by its address. */
    private static final class Address extends Pointer {
        Address(long value) {
            address = value;
        }
    }
}
