package org.cnnexplorer.dl4j;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Caps the threads ND4J computes with. By default its thread pool, OpenMP (oneDNN) and OpenBLAS each use every
 * core; on a two-core laptop a training run then starves the JavaFX thread, and under contention one thread was
 * measured 10× faster than two (oversubscribed spinning threads). The window therefore trains with one core fewer
 * than the machine has. The OpenMP limit is per calling thread, so call this on the thread that will compute.
 */
public final class NativeThreads {
    private NativeThreads() {
    }

    /** One thread fewer than the cores (at least one); returns the limit set. */
    public static int leaveOneCoreFree() {
        return limit(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
    }

    public static int limit(int threads) {
        NativeSetup.configure();
        int n = Math.max(1, threads);
        Nd4j.getEnvironment().setMaxThreads(n);
        Nd4j.getEnvironment().setMaxMasterThreads(n);
        Nd4j.factory().blas().setMaxThreads(n);
        org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
        return n;
    }
}
