package org.cnnexplorer.experiments;

import java.util.List;

/** A run's curve and its final errors (both over the last epoch: see {@link #of}). */
public record Curve(Degradation.Member member, List<Curve.Point> points, double finalTrainError,
                    double finalTestError, double seconds) {
    /**
     * One measurement. {@code trainError} is the mean error of the mini-batches since the previous point;
     * {@code testError} is null where the test set was not scored. Errors are fractions.
     *
     * @param seconds wall time of the run when the point was taken (training and testing)
     */
    public record Point(int iteration, double epoch, double trainError, Double testError, double seconds) {
    }

    public Curve {
        points = List.copyOf(points);
    }

    /**
     * The curve of {@code points}: the final training error is the mean batch error of the last epoch, the final
     * test error the last one measured.
     */
    public static Curve of(Degradation.Member member, List<Point> points) {
        if (points.isEmpty()) {
            return new Curve(member, points, Double.NaN, Double.NaN, 0);
        }
        double[] perEpoch = trainErrorPerEpoch(points);
        Double test = null;
        for (Point p : points) {
            if (p.testError() != null) {
                test = p.testError();
            }
        }
        return new Curve(member, points, perEpoch[perEpoch.length - 1], test == null ? Double.NaN : test,
                points.get(points.size() - 1).seconds());
    }

    /** The mean batch error of each epoch (entry e = epoch e+1), as {@link #trainErrorPerEpoch(List)}. */
    public double[] trainErrorPerEpoch() {
        return trainErrorPerEpoch(points);
    }

    /**
     * The mean batch error of each epoch begun: each point weighted by the iterations it covers (a point covers
     * those since the previous one; an epoch cut short counts what it has).
     */
    static double[] trainErrorPerEpoch(List<Point> points) {
        int epochs = (int) Math.ceil(points.get(points.size() - 1).epoch() - 1e-9);
        double[] sum = new double[Math.max(1, epochs)];
        int[] covered = new int[sum.length];
        int previous = 0;
        for (Point p : points) {
            int e = Math.min(sum.length - 1, Math.max(0, (int) Math.ceil(p.epoch() - 1e-9) - 1));
            int n = Math.max(1, p.iteration() - previous);
            sum[e] += p.trainError() * n;
            covered[e] += n;
            previous = p.iteration();
        }
        for (int e = 0; e < sum.length; e++) {
            sum[e] = covered[e] == 0 ? Double.NaN : sum[e] / covered[e];
        }
        return sum;
    }
}
