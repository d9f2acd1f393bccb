package org.cnnexplorer.engine;

import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.engine.build.GraphFactory;
import org.cnnexplorer.engine.natives.NativeSetup;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Timing of forward passes and training steps of catalog networks with random weights, for the {@code bench}
 * command and the PyTorch peer. Each row is the median (and minimum) of {@code runs} timed calls after
 * {@code warmup} untimed ones. GFLOP/s counts 2 FLOPs per multiply-accumulate of conv and fc layers; a training
 * step counts 3× the forward MACs (forward, gradient w.r.t. inputs, gradient w.r.t. weights), auxiliary heads
 * included.
 */
public final class Benchmark {

    public enum Mode { INFER, TRAIN }

    public record Row(String model, int batch, Mode mode, double medianMs, double minMs, double imagesPerSec,
                      double gflops) {
    }

    /** One prepared thing to time: {@link #run()} is one forward pass or one training step. */
    public interface Case extends AutoCloseable {
        String model();

        int batch();

        Mode mode();

        /** MACs of one call for one image (training: 3× forward). */
        long macsPerImage();

        void run();

        @Override
        void close();
    }

    private Benchmark() {
    }

    /**
     * The forward pass to the prediction only (auxiliary heads are not computed), as inference runs it: the
     * {@link GraphWalk} for small batches, DL4J's {@code output()} for larger ones.
     */
    public static Case inferCase(Network net, int batch) {
        NativeSetup.configure();
        ComputationGraph g = GraphFactory.build(net);
        INDArray x = randomInput(net.input(), batch, 1);
        List<String> out = List.of(net.output().id());
        if (batch <= GraphWalk.MAX_BATCH) { // as Model.probabilities runs it
            GraphWalk walk = new GraphWalk(g, net.output().id());
            return new DlCase(net.id(), batch, Mode.INFER, net.macs(), g, () -> walk.run(x));
        }
        return new DlCase(net.id(), batch, Mode.INFER, net.macs(), g,
                () -> g.output(out, false, new INDArray[] {x}, null));
    }

    /**
     * One training step as the Train tab and the degradation lab take it (SGD with Nesterov momentum 0.9, weight
     * decay 1e-4; lr 0.01 so that random labels do not drive the weights to overflow) on random images and labels,
     * every output's loss included.
     */
    public static Case trainCase(Network net, int batch) {
        NativeSetup.configure();
        ComputationGraph g = GraphFactory.build(net, GraphFactory.Settings.defaults()
                .withUpdater(new Nesterovs(0.01, 0.9)).withL2(1e-4));
        INDArray x = randomInput(net.input(), batch, 2);
        List<String> outputs = net.heads();
        INDArray[] labels = new INDArray[outputs.size()];
        Random r = new Random(3);
        for (int i = 0; i < labels.length; i++) {
            labels[i] = Nd4j.zeros(DataType.FLOAT, batch, net.classes());
            for (int n = 0; n < batch; n++) {
                labels[i].putScalar(n, r.nextInt(net.classes()), 1f);
            }
        }
        MultiDataSet data = new MultiDataSet(new INDArray[] {x}, labels);
        return new DlCase(net.id(), batch, Mode.TRAIN, 3 * (net.macs() + net.auxMacs()), g, () -> g.fit(data));
    }

    public static Row infer(String id, int batch, int warmup, int runs) {
        try (Case c = inferCase(Catalog.get(id).build(), batch)) {
            return measure(c, warmup, runs);
        }
    }

    public static Row train(String id, Shape input, int batch, int warmup, int runs) {
        Catalog.Entry e = Catalog.get(id);
        try (Case c = trainCase(e.build(input, e.classes()), batch)) {
            return measure(c, warmup, runs);
        }
    }

    public static Row measure(Case c, int warmup, int runs) {
        return row(c, time(warmup, runs, c::run));
    }

    /** GFLOP/s of an n×n×n single-precision matrix product through ND4J (OpenBLAS): the practical peak. */
    public static double sgemm(int n, int warmup, int runs) {
        NativeSetup.configure();
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        double[] ms = time(warmup, runs, () -> a.mmuli(b, c));
        return 2.0 * n * n * n / (median(ms) * 1e6);
    }

    static INDArray randomInput(Shape s, int batch, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, batch, s.channels(), s.height(), s.width());
    }

    public static double[] time(int warmup, int runs, Runnable call) {
        for (int i = 0; i < warmup; i++) {
            call.run();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            call.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    public static double median(double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    public static Row row(Case c, double[] ms) {
        double med = median(ms);
        double min = Arrays.stream(ms).min().orElse(med);
        return new Row(c.model(), c.batch(), c.mode(), med, min, c.batch() * 1000.0 / med,
                2.0 * c.macsPerImage() * c.batch() / (med * 1e6));
    }

    private record DlCase(String model, int batch, Mode mode, long macsPerImage, ComputationGraph graph,
                          Runnable call) implements Case {
        @Override
        public void run() {
            call.run();
        }

        @Override
        public void close() {
            Graphs.release(graph);
        }
    }
}
