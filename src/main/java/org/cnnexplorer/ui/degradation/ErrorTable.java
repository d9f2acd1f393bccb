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

    private ErrorTable() {
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

    private static Measured measured(Member member, List<CurveData> shipped, List<CurveData> live) {
        CurveData c = live.stream().filter(l -> l.member().equals(member) && l.lastIteration() > 0).findFirst()
                .orElseGet(() -> shipped.stream().filter(s -> s.member().equals(member)).findFirst().orElse(null));
        if (c == null || c.lastIteration() == 0) {
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
