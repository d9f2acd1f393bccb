package org.cnnexplorer.ui.degradation;

import org.cnnexplorer.experiments.Curve;
import org.cnnexplorer.experiments.Curve.Point;
import org.cnnexplorer.experiments.Degradation.Member;
import org.cnnexplorer.i18n.Messages;

import java.util.ArrayList;
import java.util.List;

/** One curve as the charts draw it: errors in % against iterations; a live one grows while its network trains. */
public final class CurveData {
    public enum Source { SHIPPED, LIVE }

    private final Member member;
    private final Source source;
    private final List<Point> points = new ArrayList<>();
    final List<double[]> train = new ArrayList<>();
    final List<double[]> test = new ArrayList<>();
    private final int plannedIterations;
    private boolean finished;

    CurveData(Member member, Source source, List<Point> points, int plannedIterations) {
        this.member = member;
        this.source = source;
        this.plannedIterations = plannedIterations;
        points.forEach(this::add);
    }

    void add(Point p) {
        points.add(p);
        train.add(new double[] {p.iteration(), 100 * p.trainError()});
        if (p.testError() != null) {
            test.add(new double[] {p.iteration(), 100 * p.testError()});
        }
    }

    public Member member() {
        return member;
    }

    public Source source() {
        return source;
    }

    public boolean finished() {
        return finished;
    }

    /** The iterations its run will have trained when it finishes (0 where unknown: shipped curves). */
    public int plannedIterations() {
        return plannedIterations;
    }

    int lastIteration() {
        return points.isEmpty() ? 0 : points.get(points.size() - 1).iteration();
    }

    public List<double[]> trainPercent() {
        return train;
    }

    public List<double[]> testPercent() {
        return test;
    }

    public List<Point> points() {
        return List.copyOf(points);
    }

    /** The curve with its final errors (so far, while it trains). */
    public Curve curve() {
        return Curve.of(member, points);
    }

    /** The run behind the curve has trained its last epoch. */
    void markFinished() {
        finished = true;
    }

    /** "plain-56" or "ResNet-56", as the charts' legends say. */
    static String name(Member m) {
        return Messages.get(m.residual() ? "degradation.legend.resnet" : "degradation.legend.plain",
                String.valueOf(m.depth()));
    }
}
