package org.cnnexplorer.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.engine.Benchmark;
import org.cnnexplorer.engine.natives.NativeSetup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code bench}: forward latency and training-step time of catalog networks in DL4J, random weights. */
@Command(name = "bench",
        description = "Time forward passes (and training steps) of networks in DL4J with random weights.")
final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--models", split = ",", paramLabel = "ID[,ID...]",
            description = "Networks to time (default: ${DEFAULT-VALUE}).",
            defaultValue = "alexnet,vgg16,googlenet,resnet50")
    List<String> models;

    @Option(names = "--batch", split = ",", paramLabel = "N[,N...]",
            description = "Batch sizes (default: ${DEFAULT-VALUE}).", defaultValue = "1,16")
    List<Integer> batches;

    @Option(names = "--train",
            description = "Also time one SGD step: resnet50 at batch 8, resnet20 (3×32×32) at batch 128.")
    boolean train;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "9",
            description = "Timed runs per row, median reported (≥ 7; default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "2",
            description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--json",
            description = "Print JSON: [{model, batch, mode, medianMs, minMs, imagesPerSec, gflops}].")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
        if (runs < 7) {
            throw new UserError("--runs must be at least 7, got " + runs);
        }
        if (warmup < 1) {
            throw new UserError("--warmup must be at least 1, got " + warmup);
        }
        for (String id : models) {
            CatalogArgs.entry(id);
        }
        for (int b : batches) {
            if (b <= 0) {
                throw new UserError("batch sizes must be positive, got " + b);
            }
        }
        NativeSetup.Report setup = NativeSetup.configure();
        PrintWriter out = spec.commandLine().getOut();
        String fmt = "%-10s %5s %-5s %11s %11s %10s %9s%n";
        if (!json) {
            out.println("DL4J on " + setup.cpu() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs: "
                    + setup.summary());
            out.printf(Locale.ROOT, fmt, "MODEL", "BATCH", "MODE", "MEDIAN ms", "MIN ms", "IMAGES/s", "GFLOP/s");
            out.flush();
        }
        List<Benchmark.Row> rows = new ArrayList<>();
        for (String id : models) {
            for (int b : batches) {
                rows.add(print(out, fmt, Benchmark.infer(id, b, warmup, runs)));
            }
        }
        if (train) {
            rows.add(print(out, fmt, Benchmark.train("resnet50", Catalog.get("resnet50").input(), 8, warmup, runs)));
            rows.add(print(out, fmt, Benchmark.train("resnet20", Shape.chw(3, 32, 32), 128, warmup, runs)));
        }
        if (json) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Benchmark.Row r : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("model", r.model());
                m.put("batch", r.batch());
                m.put("mode", r.mode().name().toLowerCase(Locale.ROOT));
                m.put("medianMs", round(r.medianMs()));
                m.put("minMs", round(r.minMs()));
                m.put("imagesPerSec", round(r.imagesPerSec()));
                m.put("gflops", round(r.gflops()));
                list.add(m);
            }
            out.println(new ObjectMapper().writeValueAsString(list));
        } else {
            out.printf(Locale.ROOT, "SGEMM 2048³ through ND4J: %.0f GFLOP/s (practical peak). "
                    + "GFLOP/s = 2·MACs/time; a training step counts 3× the forward MACs.%n",
                    Benchmark.sgemm(2048, 2, 7));
        }
        return 0;
    }

    private Benchmark.Row print(PrintWriter out, String fmt, Benchmark.Row r) {
        if (!json) {
            out.printf(Locale.ROOT, fmt, r.model(), r.batch(), r.mode().name().toLowerCase(Locale.ROOT),
                    String.format(Locale.ROOT, "%.1f", r.medianMs()), String.format(Locale.ROOT, "%.1f", r.minMs()),
                    String.format(Locale.ROOT, "%.1f", r.imagesPerSec()),
                    String.format(Locale.ROOT, "%.1f", r.gflops()));
            out.flush();
        }
        return r;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
