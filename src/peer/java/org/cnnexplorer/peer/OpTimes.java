package org.cnnexplorer.peer;

import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.data.StringAggregator;

import java.util.HashMap;
import java.util.Map;

/**
 * ND4J's time per operation, summed by op name: installed as the op profiler's per-op aggregator, because that
 * aggregator keeps its sums to itself (only a printed dashboard comes out) and keys each op by its hash too.
 */
final class OpTimes extends StringAggregator {

    private final Map<String, double[]> byOp = new HashMap<>();

    /** Runs {@code call} {@code times} times with ND4J's profiler on; returns the wall milliseconds. */
    double record(int times, Runnable call) {
        OpProfiler profiler = OpProfiler.getInstance();
        profiler.reset();
        StringAggregator previous = profiler.getLongAggergator();
        profiler.setLongAggergator(this);
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.OPERATIONS);
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < times; i++) {
                call.run();
            }
            return (System.nanoTime() - t0) / 1e6;
        } finally {
            Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
            profiler.setLongAggergator(previous);
        }
    }

    /** Op name → {milliseconds, calls}. */
    Map<String, double[]> byOp() {
        return byOp;
    }

    @Override
    public void putTime(String key, Op op, long nanos) {
        putTime(key, nanos);
    }

    @Override
    public void putTime(String key, CustomOp op, long nanos) {
        putTime(key, nanos);
    }

    /** Keys are "class name hash": the hash tells apart calls of one op with different shapes, which we sum. */
    @Override
    public synchronized void putTime(String key, long nanos) {
        int cut = key.lastIndexOf(' ');
        String name = cut > 0 ? key.substring(0, cut) : key;
        double[] v = byOp.computeIfAbsent(name, k -> new double[2]);
        v[0] += nanos / 1e6;
        v[1]++;
    }
}
