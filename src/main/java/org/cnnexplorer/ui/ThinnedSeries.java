package org.cnnexplorer.ui;

import org.jfree.data.xy.XYSeries;

import java.util.List;

/**
 * A chart series fed from a growing list of points, one per training step, that never holds more than
 * {@link #MAX_POINTS}: past that it keeps every second point of what it shows, then every fourth, and so on. A chart
 * a few hundred pixels wide cannot show more, and JFreeChart redraws every point it holds at each refresh: twenty
 * epochs of full Fashion-MNIST are 18,760 steps per run. The newest point is always shown, so the curve ends where
 * the run is.
 */
final class ThinnedSeries {
    static final int MAX_POINTS = 2000;

    private final XYSeries series;
    private int taken;
    private int stride = 1;
    /** Whether the series ends with the newest point although it is not on the stride (replaced on the next append). */
    private boolean tail;

    ThinnedSeries(XYSeries series) {
        this.series = series;
    }

    XYSeries series() {
        return series;
    }

    int stride() {
        return stride;
    }

    /**
     * Shows what {@code points} holds beyond what was taken before, with one change event (one repaint); a list
     * shorter than what was taken was thinned by its owner, and is shown again from the start.
     */
    void append(List<double[]> points) {
        int n = points.size();
        if (n == taken) {
            return;
        }
        series.setNotify(false);
        if (n < taken) {
            series.clear();
            taken = 0;
            stride = 1;
            tail = false;
        }
        if (tail) {
            series.remove(series.getItemCount() - 1);
            tail = false;
        }
        for (int i = taken; i < n; i++) {
            if (i % stride == 0) {
                series.add(points.get(i)[0], points.get(i)[1], false);
            }
        }
        taken = n;
        // the newest point may come on top of those on the stride
        if (series.getItemCount() + 1 > MAX_POINTS) {
            while ((n + stride - 1) / stride + 1 > MAX_POINTS) {
                stride *= 2;
            }
            series.clear();
            for (int i = 0; i < n; i += stride) {
                series.add(points.get(i)[0], points.get(i)[1], false);
            }
        }
        if ((n - 1) % stride != 0) {
            series.add(points.get(n - 1)[0], points.get(n - 1)[1], false);
            tail = true;
        }
        series.setNotify(true);
    }
}
