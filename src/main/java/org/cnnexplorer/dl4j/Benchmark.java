package org.cnnexplorer.dl4j;

import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.arch.zoo.Catalog;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.Arrays;
import java.util.List;

/**
 * Timing of forward passes and training steps of catalog networks with random weights, for the {@code bench}
 * command. Each row is the median (and minimum) of {@code runs} timed calls after {@code warmup} untimed ones.
 * GFLOP/s counts 2 FLOPs per multiply-accumulate of conv and fc layers; a training step counts 3× the forward
 * MACs (forward, gradient w.r.t. inputs, gradient w.r.t. weights), auxiliary heads included.
 */
public final class Benchmark {

    public enum Mode { INFER, TRAIN }

    public record Row(String model, int batch, Mode mode, double medianMs, double minMs, double imagesPerSec,
                      double gflops) {
    }

    private Benchmark() {
    }

    public static Row infer(String id, int batch, int warmup, int runs) {
        Catalog.Entry e = Catalog.get(id);
        return infer(e.build(), batch, warmup, runs);
    }

    public static Row infer(Network net, int batch, int warmup, int runs) {
        NativeSetup.configure();
        ComputationGraph g = GraphFactory.build(net);
        try {
            INDArray x = input(net.input(), batch, 1);
            List<String> out = List.of(net.output().id());
            double[] ms = time(warmup, runs, () -> g.output(out, false, new INDArray[] {x}, null));
            return row(net.id(), batch, Mode.INFER, ms, net.macs());
        } finally {
            g.close();
        }
    }

    /** One SGD step per timed call on random images and labels (every output, auxiliary heads included). */
    public static Row train(String id, Shape input, int batch, int warmup, int runs) {
        NativeSetup.configure();
        Catalog.Entry e = Catalog.get(id);
        Network net = e.build(input, e.classes());
        ComputationGraph g = GraphFactory.build(net, GraphFactory.Settings.defaults().withUpdater(new Sgd(0.01)));
        try {
            INDArray x = input(net.input(), batch, 2);
            List<String> outputs = GraphFactory.outputs(net);
            INDArray[] labels = new INDArray[outputs.size()];
            java.util.Random r = new java.util.Random(3);
            for (int i = 0; i < labels.length; i++) {
                labels[i] = Nd4j.zeros(DataType.FLOAT, batch, net.classes());
                for (int n = 0; n < batch; n++) {
                    labels[i].putScalar(n, r.nextInt(net.classes()), 1f);
                }
            }
            MultiDataSet data = new MultiDataSet(new INDArray[] {x}, labels);
            double[] ms = time(warmup, runs, () -> g.fit(data));
            return row(id, batch, Mode.TRAIN, ms, 3 * (net.macs() + net.auxMacs()));
        } finally {
            g.close();
        }
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

    private static INDArray input(Shape s, int batch, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, batch, s.channels(), s.height(), s.width());
    }

    private static double[] time(int warmup, int runs, Runnable call) {
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

    static double median(double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static Row row(String id, int batch, Mode mode, double[] ms, long macsPerImage) {
        double med = median(ms);
        double min = Arrays.stream(ms).min().orElse(med);
        return new Row(id, batch, mode, med, min, batch * 1000.0 / med, 2.0 * macsPerImage * batch / (med * 1e6));
    }
}
