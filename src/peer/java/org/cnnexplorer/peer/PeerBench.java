package org.cnnexplorer.peer;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.engine.Benchmark;
import org.cnnexplorer.engine.LayerProfile;
import org.cnnexplorer.engine.build.GraphFactory;
import org.cnnexplorer.engine.layers.JavaPassTimes;
import org.cnnexplorer.engine.natives.NativeSetup;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The bench command's rows, each timed in DL4J and in PyTorch (through DJL) in this one process, calls
 * interleaved (DL4J, PyTorch, DL4J, ...) so both sides see the same machine load. Prints the ratio of
 * medians DL4J/PyTorch (below 1.0: DL4J is faster) and an SGEMM peak on both.
 */
@Command(name = "peer-bench", mixinStandardHelpOptions = true,
        description = "DL4J vs PyTorch (DJL) on the same catalog networks, interleaved in one process.")
public final class PeerBench implements Callable<Integer> {

    @Option(names = "--models", split = ",", defaultValue = "alexnet,vgg16,googlenet,resnet50")
    List<String> models;

    @Option(names = "--batch", split = ",", defaultValue = "1,16")
    List<Integer> batches;

    @Option(names = "--train", description = "Also the training rows (one step of SGD with Nesterov momentum 0.9 and "
            + "weight decay 1e-4 on DL4J's side, classical momentum on PyTorch's, which DJL offers): resnet50 at batch "
            + "8; resnet20 and plain20 at batch 128 on 1×28×28 and 3×32×32; the four mini networks at batch 64.")
    boolean train;

    @Option(names = "--train-only", description = "Skip the inference rows.")
    boolean trainOnly;

    @Option(names = "--train-models", split = ",", description = "Only the training rows of these ids.")
    List<String> trainModels;

    @Option(names = "--runs", defaultValue = "9")
    int runs;

    @Option(names = "--warmup", defaultValue = "2")
    int warmup;

    @Option(names = "--profile", description = "After each inference row, where each side spends the forward pass: "
            + "totals by layer kind and the layers with the largest gap; after each training row, both sides' step "
            + "by operation (ND4J's op profiler, PyTorch's autograd profiler).")
    boolean profile;

    @Option(names = "--threads", description = "Threads for PyTorch (default: as many as ND4J uses).")
    Integer threads;

    public static void main(String[] args) {
        System.exit(new CommandLine(new PeerBench()).execute(args));
    }

    @Override
    public Integer call() {
        NativeSetup.Report setup = NativeSetup.configure();
        int nd4jThreads = Nd4j.getEnvironment().maxMasterThreads();
        int n = threads != null ? threads : nd4jThreads;
        // DJL reads these as environment variables or system properties: no download, caches under target/.
        setDefault("PYTORCH_VERSION", "2.7.1");
        setDefault("PYTORCH_FLAVOR", "cpu");
        setDefault("DJL_CACHE_DIR", Path.of("target", "djl").toAbsolutePath().toString());
        setDefault("ENGINE_CACHE_DIR", Path.of("target", "djl").toAbsolutePath().toString());
        setDefault("ai.djl.pytorch.num_threads", Integer.toString(n));
        setDefault("ai.djl.pytorch.num_interop_threads", "1");
        Engine torch = Engine.getEngine("PyTorch");
        System.out.printf(Locale.ROOT, "DL4J: %s, %s; PyTorch %s through DJL, %d threads; %s%n",
                setup.summary(), setup.cpu(), torch.getVersion(), n, "medians of " + runs + " interleaved runs");
        header();
        for (String id : trainOnly ? List.<String>of() : models) {
            Network net = Catalog.get(id).build();
            for (int b : batches) {
                row(net, b, false);
                if (profile) {
                    profile(net, b);
                    header();
                }
            }
        }
        if (train) {
            for (TrainRow t : TrainRow.all()) {
                if (trainModels != null && !trainModels.contains(t.id())) {
                    continue;
                }
                Network net = t.build();
                row(net, t.batch(), true);
                if (profile) {
                    trainProfile(net, t.batch());
                    header();
                }
            }
        }
        double dl4j = Benchmark.sgemm(2048, 2, 7);
        double pt = torchSgemm(2048, 2, 7);
        System.out.printf(Locale.ROOT, "SGEMM 2048³: DL4J/ND4J %.0f GFLOP/s, PyTorch %.0f GFLOP/s (ratio of times %.2f)%n",
                dl4j, pt, pt / dl4j);
        System.out.println("RATIO = DL4J median / PyTorch median: below 1.00 DL4J is faster. Training GFLOP/s count 3× forward MACs.");
        return 0;
    }

    private static void setDefault(String key, String value) {
        if (System.getenv(key) == null && System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private static final String FMT = "%-14s %-9s %5s %-5s %10s %10s %8s %10s %10s %11s%n";

    private static void header() {
        System.out.printf(Locale.ROOT, FMT, "MODEL", "INPUT", "BATCH", "MODE", "DL4J ms", "TORCH ms", "RATIO",
                "DL4J GF/s", "TORCH GF/s", "PARAMS");
    }

    /** A training row of the goal: a catalog network on an input shape at a batch size. */
    private record TrainRow(String id, org.cnnexplorer.arch.Shape input, int batch) {
        static List<TrainRow> all() {
            List<TrainRow> rows = new ArrayList<>();
            rows.add(new TrainRow("resnet50", Catalog.get("resnet50").input(), 8));
            for (String id : List.of("resnet20", "plain20")) {
                rows.add(new TrainRow(id, org.cnnexplorer.arch.Shape.chw(1, 28, 28), 128));
                rows.add(new TrainRow(id, org.cnnexplorer.arch.Shape.chw(3, 32, 32), 128));
            }
            for (String id : List.of("mini-alexnet", "mini-vgg", "mini-googlenet", "mini-resnet")) {
                rows.add(new TrainRow(id, Catalog.get(id).input(), 64));
            }
            return rows;
        }

        /**
         * Without auxiliary heads (mini-googlenet's): the PyTorch side does not build their uneven adaptive pooling,
         * so both sides time the main path only.
         */
        Network build() {
            Catalog.Entry e = Catalog.get(id);
            return e.build(input, e.classes()).inference();
        }
    }

    private void row(Network net, int batch, boolean training) {
        try (Benchmark.Case dl = training ? Benchmark.trainCase(net, batch) : Benchmark.inferCase(net, batch);
             TorchCase pt = new TorchCase(net, batch, training)) {
            if (pt.params != GraphFactory.expectedParams(net)) {
                throw new IllegalStateException(net.id() + ": PyTorch has " + pt.params + " parameters, DL4J "
                        + GraphFactory.expectedParams(net));
            }
            for (int i = 0; i < warmup; i++) {
                dl.run();
                pt.run();
            }
            double[] a = new double[runs];
            double[] b = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                dl.run();
                long t1 = System.nanoTime();
                pt.run();
                long t2 = System.nanoTime();
                a[i] = (t1 - t0) / 1e6;
                b[i] = (t2 - t1) / 1e6;
            }
            Benchmark.Row r = Benchmark.row(dl, a);
            double ptMedian = Benchmark.median(b);
            double ptGflops = 2.0 * dl.macsPerImage() * batch / (ptMedian * 1e6);
            org.cnnexplorer.arch.Shape in = net.input();
            System.out.printf(Locale.ROOT, FMT, net.id(), in.channels() + "x" + in.height() + "x" + in.width(), batch,
                    training ? "train" : "infer",
                    String.format(Locale.ROOT, "%.1f", r.medianMs()), String.format(Locale.ROOT, "%.1f", ptMedian),
                    String.format(Locale.ROOT, "%.2f", r.medianMs() / ptMedian),
                    String.format(Locale.ROOT, "%.1f", r.gflops()), String.format(Locale.ROOT, "%.1f", ptGflops),
                    pt.params);
            System.out.flush();
        }
    }

    /**
     * Per-layer medians on both sides (each layer timed alone; DL4J without workspaces, see LayerProfile), summed
     * by layer kind, then the layers where DL4J loses the most time.
     */
    private void profile(Network net, int batch) {
        List<LayerProfile.Entry> dl = LayerProfile.forward(net, batch, warmup, runs);
        Map<String, Double> pt;
        try (TorchCase c = new TorchCase(net, batch, false)) {
            pt = c.layerMedians(warmup, runs);
        }
        Map<String, double[]> kinds = new LinkedHashMap<>();
        double dlSum = 0;
        double ptSum = 0;
        for (LayerProfile.Entry e : dl) {
            double p = pt.getOrDefault(e.id(), 0.0);
            double[] k = kinds.computeIfAbsent(e.type(), t -> new double[3]);
            k[0] += e.medianMs();
            k[1] += p;
            k[2] += e.macs();
            dlSum += e.medianMs();
            ptSum += p;
        }
        System.out.printf(Locale.ROOT, "  profile %s batch %d, sums of per-layer medians: DL4J %.1f ms, PyTorch %.1f ms%n",
                net.id(), batch, dlSum, ptSum);
        String f = "  %-14s %9s %9s %7s %6s %9s %9s%n";
        System.out.printf(Locale.ROOT, f, "KIND", "DL4J ms", "TORCH ms", "RATIO", "DL4J%", "DL4J GF/s", "TORCH GF/s");
        List<Map.Entry<String, double[]>> sorted = new ArrayList<>(kinds.entrySet());
        sorted.sort((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]));
        for (Map.Entry<String, double[]> k : sorted) {
            double[] v = k.getValue();
            System.out.printf(Locale.ROOT, f, k.getKey(), fmt1(v[0]), fmt1(v[1]), ratio(v[0], v[1]),
                    String.format(Locale.ROOT, "%.0f", 100 * v[0] / dlSum), gflops(v[2], v[0]), gflops(v[2], v[1]));
        }
        List<LayerProfile.Entry> gaps = new ArrayList<>(dl);
        gaps.sort((a, b) -> Double.compare(b.medianMs() - pt.getOrDefault(b.id(), 0.0),
                a.medianMs() - pt.getOrDefault(a.id(), 0.0)));
        System.out.printf(Locale.ROOT, f, "LARGEST GAPS", "DL4J ms", "TORCH ms", "RATIO", "", "DL4J GF/s", "TORCH GF/s");
        for (LayerProfile.Entry e : gaps.subList(0, Math.min(8, gaps.size()))) {
            double p = pt.getOrDefault(e.id(), 0.0);
            System.out.printf(Locale.ROOT, f, e.id() + " " + e.type(), fmt1(e.medianMs()), fmt1(p),
                    ratio(e.medianMs(), p), "", gflops(e.macs(), e.medianMs()), gflops(e.macs(), p));
        }
        System.out.flush();
    }

    /**
     * Where one training step spends its time on each side, by operation: ND4J's op profiler (DL4J has no per-layer
     * backward timing) and PyTorch's autograd profiler (self time, so nested aten calls count once), 3 steps after 2
     * untimed ones, per step. What the ops do not cover is each side's own bookkeeping.
     */
    private void trainProfile(Network net, int batch) {
        int steps = 3;
        OpTimes dlOps = new OpTimes();
        double[] dlMs = new double[1];
        Map<String, double[]> javaPasses;
        try (Benchmark.Case dl = Benchmark.trainCase(net, batch)) {
            dl.run();
            dl.run();
            javaPasses = JavaPassTimes.during(() -> dlMs[0] = dlOps.record(steps, dl::run));
        }
        Map<String, double[]> ptOps;
        double ptMs;
        try (TorchCase pt = new TorchCase(net, batch, true)) {
            pt.run();
            pt.run();
            TorchOpTimes t = TorchOpTimes.record(steps, pt::run);
            ptOps = t.byOp();
            ptMs = t.wallMs();
        }
        printOps(net, batch, steps, "DL4J (ND4J ops)", dlOps.byOp(), javaPasses, dlMs[0]);
        printOps(net, batch, steps, "PyTorch (aten ops, self time)", ptOps, Map.of(), ptMs);
    }

    /**
     * One side's table. {@code javaPasses} (DL4J only) are the layers computed in Java, timed whole: the ND4J ops
     * they call count in both, which at a few small ops a layer is noise beside the passes.
     */
    private static void printOps(Network net, int batch, int steps, String side, Map<String, double[]> ops,
                                 Map<String, double[]> javaPasses, double wallMs) {
        double sum = ops.values().stream().mapToDouble(v -> v[0]).sum();
        double java = javaPasses.values().stream().mapToDouble(v -> v[0]).sum();
        System.out.printf(Locale.ROOT, "  %s, %s batch %d: %.1f ms a step, ops %.1f ms, %soutside ops %.1f ms%n",
                side, net.id(), batch, wallMs / steps, sum / steps,
                javaPasses.isEmpty() ? "" : String.format(Locale.ROOT, "Java passes %.1f ms, ", java / steps),
                (wallMs - sum - java) / steps);
        List<Map.Entry<String, double[]>> sorted = new ArrayList<>(ops.entrySet());
        javaPasses.forEach((pass, v) -> sorted.add(Map.entry("Java " + pass, v)));
        sorted.sort((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]));
        String f = "    %-44s %9s %7s %6s%n";
        System.out.printf(Locale.ROOT, f, "OP", "ms/step", "calls", "%step");
        for (Map.Entry<String, double[]> e : sorted.subList(0, Math.min(16, sorted.size()))) {
            double[] v = e.getValue();
            System.out.printf(Locale.ROOT, f, e.getKey(), fmt1(v[0] / steps), String.format(Locale.ROOT, "%.0f",
                    v[1] / steps), String.format(Locale.ROOT, "%.0f", 100 * v[0] / wallMs));
        }
        System.out.flush();
    }

    private static String fmt1(double v) {
        return String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.1f", v);
    }

    private static String ratio(double a, double b) {
        return b > 0 ? String.format(Locale.ROOT, "%.2f", a / b) : "-";
    }

    private static String gflops(double macs, double ms) {
        return macs > 0 && ms > 0 ? String.format(Locale.ROOT, "%.1f", 2 * macs / (ms * 1e6)) : "";
    }

    private static double torchSgemm(int n, int warmup, int runs) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray a = m.randomUniform(0, 1, new Shape(n, n));
            NDArray b = m.randomUniform(0, 1, new Shape(n, n));
            double[] ms = Benchmark.time(warmup, runs, () -> {
                try (NDManager sub = m.newSubManager()) {
                    a.tempAttach(sub);
                    a.matMul(b);
                }
            });
            return 2.0 * n * n * n / (Benchmark.median(ms) * 1e6);
        }
    }

    /** The PyTorch side of one row: an inference forward pass or one SGD step. */
    private static final class TorchCase implements AutoCloseable {
        final long params;
        private final NDManager manager;
        private final Model model;
        private final Trainer trainer;
        private final TorchNet block;
        private final NDArray x;
        private final NDArray labels;
        private final ParameterStore store;

        TorchCase(Network net, int batch, boolean training) {
            manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
            block = new TorchNet(net);
            org.cnnexplorer.arch.Shape in = net.input();
            Shape input = new Shape(batch, in.channels(), in.height(), in.width());
            x = manager.randomUniform(0, 1, input);
            labels = manager.randomInteger(0, net.classes(), new Shape(batch), DataType.INT64);
            if (training) {
                model = Model.newInstance(net.id(), Device.cpu(), "PyTorch");
                model.setBlock(block);
                trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                        .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.01f)).build()));
                trainer.initialize(input);
                store = null;
            } else {
                model = null;
                trainer = null;
                block.initialize(manager, DataType.FLOAT32, input);
                store = new ParameterStore(manager, false);
            }
            params = block.parameterCount();
        }

        /** Median milliseconds per layer of {@code runs} timed inference passes. */
        Map<String, Double> layerMedians(int warmup, int runs) {
            Map<String, double[]> all = new HashMap<>();
            for (int r = 0; r < warmup + runs; r++) {
                Map<String, Long> once = new HashMap<>();
                block.timeLayersInto(once);
                run();
                block.timeLayersInto(null);
                if (r >= warmup) {
                    for (Map.Entry<String, Long> e : once.entrySet()) {
                        all.computeIfAbsent(e.getKey(), k -> new double[runs])[r - warmup] = e.getValue() / 1e6;
                    }
                }
            }
            Map<String, Double> out = new HashMap<>();
            all.forEach((k, v) -> out.put(k, Benchmark.median(v)));
            return out;
        }

        void run() {
            try (NDManager sub = manager.newSubManager()) {
                x.tempAttach(sub);
                labels.tempAttach(sub);
                if (trainer == null) {
                    block.forward(store, new NDList(x), false);
                } else {
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDList pred = trainer.forward(new NDList(x));
                        NDArray loss = trainer.getLoss().evaluate(new NDList(labels), pred);
                        gc.backward(loss);
                    }
                    trainer.step();
                }
            }
        }

        @Override
        public void close() {
            if (trainer != null) {
                trainer.close();
                model.close();
            }
            manager.close();
        }
    }
}
