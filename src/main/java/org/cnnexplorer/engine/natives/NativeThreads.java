package org.cnnexplorer.engine.natives;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

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
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
        return n;
    }

    /** The niceness a background computation runs at on Linux: a busy UI thread gets ~90% of a shared core. */
    public static final int BACKGROUND_NICENESS = 10;

    /**
     * Makes the calling thread, and the native threads it starts later (OpenMP and BLAS workers), give way to the
     * UI. Java's thread priorities do that on Windows, but HotSpot ignores them on Linux, where a training thread at
     * normal priority took its full share of a core from the JavaFX and render threads. There the thread's own nice
     * value is raised through setpriority(2), which Linux applies per thread; lowering one's priority needs no
     * privilege. Returns the thread's nice value afterwards, or empty where it is not a Linux thread nice value.
     */
    public static OptionalInt runInBackground() {
        Thread.currentThread().setPriority(Thread.MIN_PRIORITY);
        OptionalInt tid = linuxThreadId();
        if (tid.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            Libc.load().setpriority(Libc.PRIO_PROCESS, tid.getAsInt(), BACKGROUND_NICENESS);
            return niceness(tid.getAsInt());
        } catch (LinkageError e) {
            return OptionalInt.empty();
        }
    }

    /** The calling thread's kernel id ({@code /proc/thread-self} links to {@code PID/task/TID}). */
    static OptionalInt linuxThreadId() {
        try {
            Path link = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            return OptionalInt.of(Integer.parseInt(link.getFileName().toString()));
        } catch (Exception notLinux) {
            return OptionalInt.empty();
        }
    }

    /** A thread's nice value as the kernel reports it (field 19 of {@code /proc/self/task/TID/stat}). */
    static OptionalInt niceness(int tid) {
        try {
            String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
            // the command name (field 2) may hold spaces: count fields after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return OptionalInt.of(Integer.parseInt(f[16]));
        } catch (Exception e) {
            return OptionalInt.empty();
        }
    }
}
