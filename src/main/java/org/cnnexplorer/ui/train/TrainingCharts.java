package org.cnnexplorer.ui.train;

import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.ui.LineChart;
import org.jfree.chart.axis.NumberAxis;

import java.awt.Color;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Train tab's three charts (loss, accuracy, throughput), one line per run in the run's colour, and brought up to
 * date one chart per step: JFreeChart repaints a chart on the FX thread as soon as its data change, so updating all
 * three in one pulse would cost a frame three charts long.
 */
final class TrainingCharts {
    /** Steps of one refresh: one per chart. */
    static final int STEPS = 3;
    /** Runs a legend lists by name, the newest; a class's queue of twenty runs left the charts no room to plot. */
    static final int RUNS_LISTED = 4;

    /** The key of a run's line in the accuracy chart, which has two per run (train and test accuracy). */
    private record Part(RunRecord run, boolean test) {
    }

    private final LineChart loss;
    private final LineChart accuracy;
    private final LineChart throughput;

    /** @param report where the charts' export menus say what they saved */
    TrainingCharts(Consumer<String> report) {
        loss = chart("chart-loss", "train.chart.loss", "train.chart.lossAxis", false, report);
        accuracy = chart("chart-accuracy", "train.chart.accuracy", "train.chart.accuracyAxis", true, report);
        // Accuracy is measured after whole epochs: integer ticks, and a range of at least one epoch so that a first
        // point does not get an axis of identical "1E0" labels.
        accuracy.xAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        accuracy.xAxis().setAutoRangeMinimumSize(2);
        accuracy.yAxis().setAutoRangeMinimumSize(2);
        throughput = chart("chart-throughput", "train.chart.throughput", "train.chart.throughputAxis", false, report);
        loss.limitLegend(RUNS_LISTED);
        accuracy.limitLegend(2 * RUNS_LISTED);
        throughput.limitLegend(RUNS_LISTED);
    }

    private static LineChart chart(String id, String title, String y, boolean shapes, Consumer<String> report) {
        LineChart c = new LineChart(id, Messages.get(title), Messages.get("train.chart.epoch"), Messages.get(y),
                shapes);
        c.onReport(report);
        return c;
    }

    LineChart loss() {
        return loss;
    }

    LineChart accuracy() {
        return accuracy;
    }

    LineChart throughput() {
        return throughput;
    }

    /** Brings chart {@code step} (0 to {@link #STEPS} - 1) up to date with {@code runs}; cleared runs leave it. */
    void paint(int step, List<RunRecord> runs) {
        switch (step) {
            case 0 -> {
                loss.removeIf(k -> !runs.contains((RunRecord) k));
                accuracy.removeIf(k -> !runs.contains(((Part) k).run()));
                throughput.removeIf(k -> !runs.contains((RunRecord) k));
                for (RunRecord r : runs) {
                    loss.append(r, r.name(), r.loss());
                    loss.style(r, colour(r), LineChart.SOLID, false);
                }
            }
            case 1 -> {
                for (RunRecord r : runs) {
                    Part train = new Part(r, false);
                    Part test = new Part(r, true);
                    accuracy.append(train, r.name() + " · " + Messages.get("train.chart.train"), r.trainAccuracy());
                    accuracy.append(test, r.name() + " · " + Messages.get("train.chart.test"), r.testAccuracy());
                    accuracy.style(train, colour(r), LineChart.DASHED, true);
                    accuracy.style(test, colour(r), LineChart.SOLID, true);
                }
            }
            default -> {
                for (RunRecord r : runs) {
                    throughput.append(r, r.name(), r.throughput());
                    throughput.style(r, colour(r), LineChart.SOLID, false);
                }
            }
        }
    }

    /** One colour per run in every chart. */
    private static Color colour(RunRecord r) {
        return LineChart.COLOURS[(r.number() - 1) % LineChart.COLOURS.length];
    }
}
