package org.cnnexplorer.ui.degradation;

import org.cnnexplorer.experiments.Curve;
import org.cnnexplorer.experiments.Curve.Point;
import org.cnnexplorer.experiments.Degradation;
import org.cnnexplorer.experiments.Degradation.Kind;
import org.cnnexplorer.experiments.Degradation.Member;
import org.cnnexplorer.ui.LineChart;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** The Degradation tab's table of final errors beside the paper's, and the curves and table as CSV. */
final class ErrorTable {
    /** CIFAR-10 test error (%) of the paper's ResNets, He et al. 2016, Table 6. Its plain nets are only curves. */
    static final Map<Integer, Double> PAPER_RESNET_TEST = paperTable();

    /** Final errors of one network, in %: training error over its last epoch, the last test error (NaN if none). */
    public record Measured(double train, double test, CurveData.Source source) {
    }

    /** A row of the table: the paper's ResNet test error at this depth (null where it has none) beside ours. */
    public record Row(int depth, Double paperResnetTest, Measured plain, Measured resnet) {
    }

    /**
     * What the final training errors of one kind say about depth: the deepest minus the shallowest network drawn
     * ({@code difference}, points of error; positive: deeper is worse), with one standard error of that difference
     * ({@code noise}, points: the last epoch's error as a proportion of the images it saw, binomial) and the
     * iterations of the deeper run.
     */
    public record Ordering(Kind kind, int shallow, int deep, double difference, double noise, int iterations) {
        /** A gap within twice the noise tells nothing either way. */
        public boolean tie() {
            return Math.abs(difference) < 2 * noise;
        }
    }

    /** A depth drawn both ways: its plain and its residual curve (live where that has points, else shipped). */
    public record SameDepth(int depth, CurveData plain, CurveData residual) {
    }

    private ErrorTable() {
    }

    /** Every depth drawn both plain and residual, shallow to deep. */
    static List<SameDepth> sameDepths(List<CurveData> shipped, List<CurveData> live) {
        List<SameDepth> out = new ArrayList<>();
        for (int d : Degradation.DEPTHS) {
            CurveData p = chosen(new Member(Kind.PLAIN, d), shipped, live);
            CurveData r = chosen(new Member(Kind.RESIDUAL, d), shipped, live);
            if (p != null && r != null) {
                out.add(new SameDepth(d, p, r));
            }
        }
        return out;
    }

    /** One {@link Ordering} for each kind drawn at two or more depths, plain first. */
    static List<Ordering> orderings(List<CurveData> shipped, List<CurveData> live) {
        List<Ordering> out = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            TreeSet<Integer> depths = new TreeSet<>();
            for (CurveData c : shipped) {
                depths.add(c.member().depth());
            }
            for (CurveData c : live) {
                depths.add(c.member().depth());
            }
            Curve shallow = null;
            Curve deep = null;
            for (int d : depths) {
                CurveData c = chosen(new Member(kind, d), shipped, live);
                if (c != null && !Double.isNaN(c.curve().finalTrainError())) {
                    if (shallow == null) {
                        shallow = c.curve();
                    }
                    deep = c.curve();
                }
            }
            if (shallow != null && deep.member().depth() != shallow.member().depth()) {
                double p1 = shallow.finalTrainError();
                double p2 = deep.finalTrainError();
                double noise = Math.sqrt(p1 * (1 - p1) / lastEpochImages(shallow)
                        + p2 * (1 - p2) / lastEpochImages(deep));
                out.add(new Ordering(kind, shallow.member().depth(), deep.member().depth(), 100 * (p2 - p1),
                        100 * noise, deep.points().get(deep.points().size() - 1).iteration()));
            }
        }
        return out;
    }

    /** Training images the last epoch's error counts (its iterations times the batch). */
    private static double lastEpochImages(Curve c) {
        List<Point> points = c.points();
        Point last = points.get(points.size() - 1);
        double epochStart = Math.ceil(last.epoch() - 1e-9) - 1;
        int before = 0;
        for (Point p : points) {
            if (p.epoch() <= epochStart + 1e-9) {
                before = p.iteration();
            }
        }
        return Math.max(1, last.iteration() - before) * (double) Degradation.BATCH;
    }

    private static Map<Integer, Double> paperTable() {
        Map<Integer, Double> m = new LinkedHashMap<>();
        m.put(20, 8.75);
        m.put(32, 7.51);
        m.put(44, 7.17);
        m.put(56, 6.97);
        m.put(110, 6.43);
        m.put(1202, 7.93);
        return Collections.unmodifiableMap(m);
    }

    /**
     * The paper's depths and every depth of {@code curves}, shallow to deep; a network's numbers come from its live
     * curve where that has points, else from the shipped one.
     */
    static List<Row> rows(List<CurveData> shipped, List<CurveData> live) {
        TreeSet<Integer> all = new TreeSet<>(PAPER_RESNET_TEST.keySet());
        shipped.forEach(c -> all.add(c.member().depth()));
        live.forEach(c -> all.add(c.member().depth()));
        List<Row> out = new ArrayList<>();
        for (int d : all) {
            boolean ours = Degradation.DEPTHS.contains(d);
            out.add(new Row(d, PAPER_RESNET_TEST.get(d),
                    ours ? measured(new Member(Kind.PLAIN, d), shipped, live) : null,
                    ours ? measured(new Member(Kind.RESIDUAL, d), shipped, live) : null));
        }
        return out;
    }

    /** A network's live curve where that has points, else its shipped one; null if neither has. */
    static CurveData chosen(Member member, List<CurveData> shipped, List<CurveData> live) {
        CurveData c = live.stream().filter(l -> l.member().equals(member) && l.lastIteration() > 0).findFirst()
                .orElseGet(() -> shipped.stream().filter(s -> s.member().equals(member)).findFirst().orElse(null));
        return c == null || c.lastIteration() == 0 ? null : c;
    }

    private static Measured measured(Member member, List<CurveData> shipped, List<CurveData> live) {
        CurveData c = chosen(member, shipped, live);
        if (c == null) {
            return null;
        }
        Curve f = c.curve();
        return new Measured(100 * f.finalTrainError(), 100 * f.finalTestError(), c.source());
    }

    /** Every point of every curve: the engine's CSV columns with the curve in front. */
    static String curvesCsv(List<CurveData> curves) {
        StringBuilder b = new StringBuilder(
                "source,model,depth,residual,iteration,epoch,trainError,testError,seconds\n");
        for (CurveData c : curves) {
            for (Point p : c.points()) {
                b.append(String.format(Locale.ROOT, "%s,%s,%d,%b,%d,%.4f,%.6f,%s,%.1f%n",
                        c.source().name().toLowerCase(Locale.ROOT), c.member().modelId(), c.member().depth(),
                        c.member().residual(), p.iteration(), p.epoch(), p.trainError(),
                        p.testError() == null ? "" : String.format(Locale.ROOT, "%.6f", p.testError()), p.seconds()));
            }
        }
        return b.toString();
    }

    /** The table as CSV (errors in %; empty where there is no number). */
    static String csv(List<Row> rows) {
        StringBuilder b = new StringBuilder("layers,paperResnetTestError,plainTrainError,plainTestError,"
                + "plainSource,resnetTrainError,resnetTestError,resnetSource\n");
        for (Row r : rows) {
            b.append(r.depth()).append(',').append(r.paperResnetTest() == null ? "" : r.paperResnetTest());
            for (Measured m : new Measured[] {r.plain(), r.resnet()}) {
                b.append(',').append(m == null ? "" : LineChart.number(m.train()))
                        .append(',').append(m == null ? "" : LineChart.number(m.test()))
                        .append(',').append(m == null ? "" : m.source().name().toLowerCase(Locale.ROOT));
            }
            b.append('\n');
        }
        return b.toString();
    }
}
