package org.cnnexplorer.peer;

import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.dl4j.Benchmark;
import org.cnnexplorer.dl4j.GraphFactory;
import org.cnnexplorer.dl4j.NativeSetup;

import java.util.Locale;

/**
 * Measures lead 1 of PERFORMANCE-NOTES.md in one process: the same network with DL4J's oneDNN layer helpers
 * (as NativeSetup configures) and without them (helpers disabled while that graph is built), timed interleaved.
 * Usage: HelpersAB ID[,ID...] BATCH RUNS
 */
public final class HelpersAB {
    public static void main(String[] args) {
        NativeSetup.configure();
        int batch = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        for (String id : args[0].split(",")) {
            Network net = Catalog.get(id).build();
            try (Benchmark.Case on = Benchmark.inferCase(net, batch)) {
                System.setProperty("org.eclipse.deeplearning4j.helpers.disable", "true");
                try (Benchmark.Case off = Benchmark.inferCase(net, batch)) {
                    System.setProperty("org.eclipse.deeplearning4j.helpers.disable", "false");
                    on.run();
                    off.run();
                    double[] a = new double[runs];
                    double[] b = new double[runs];
                    for (int i = 0; i < runs; i++) {
                        long t0 = System.nanoTime();
                        on.run();
                        long t1 = System.nanoTime();
                        off.run();
                        long t2 = System.nanoTime();
                        a[i] = (t1 - t0) / 1e6;
                        b[i] = (t2 - t1) / 1e6;
                    }
                    System.out.printf(Locale.ROOT, "%-10s batch %d: helpers on %.1f ms, off %.1f ms, off/on %.2f%n",
                            id, batch, Benchmark.median(a), Benchmark.median(b), Benchmark.median(b) / Benchmark.median(a));
                }
            }
        }
    }
}
