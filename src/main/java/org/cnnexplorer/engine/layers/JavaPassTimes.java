package org.cnnexplorer.engine.layers;

import java.util.Map;
import java.util.TreeMap;

/**
 * Wall time of the passes this package computes in Java (batch norm forward, FastLrn, the one-pass updater) or hands
 * to oneDNN itself (FastConv, FastMaxPool, ReLU, batch norm backward), which ND4J's op profiler cannot see:
 * without them, a training step's time outside ND4J ops would mix these passes with DL4J's own bookkeeping. Off
 * unless {@link #during} runs; then each pass costs two clock reads.
 */
public final class JavaPassTimes {
    private static volatile Map<String, double[]> sink;

    private JavaPassTimes() {
    }

    /**
     * Runs {@code work} with the clock on and returns pass name → {milliseconds, calls} over it. One caller at a
     * time: the peer benchmark's profile.
     */
    public static synchronized Map<String, double[]> during(Runnable work) {
        Map<String, double[]> times = new TreeMap<>();
        sink = times;
        try {
            work.run();
        } finally {
            sink = null;
        }
        return times;
    }

    /** The start of a pass: 0 when nobody is timing. */
    static long start() {
        return sink == null ? 0 : System.nanoTime();
    }

    /** The end of the pass {@code start} began. */
    static void stop(String pass, long start) {
        Map<String, double[]> times = sink;
        if (times != null && start != 0) {
            double ms = (System.nanoTime() - start) / 1e6;
            synchronized (times) {
                double[] v = times.computeIfAbsent(pass, k -> new double[2]);
                v[0] += ms;
                v[1]++;
            }
        }
    }
}
