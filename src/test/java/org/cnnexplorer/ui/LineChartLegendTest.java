package org.cnnexplorer.ui;

import javafx.stage.Stage;
import org.cnnexplorer.i18n.Messages;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A chart with many lines lists only the newest in its legend, and says how many it leaves out. */
@ExtendWith(ApplicationExtension.class)
class LineChartLegendTest {
    @Start
    void start(Stage stage) {
        // the charts' viewers are JavaFX controls: the toolkit must run
    }

    private static List<String> labels(LegendItemCollection items) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.getItemCount(); i++) {
            out.add(items.get(i).getLabel());
        }
        return out;
    }

    private static void addRun(LineChart chart, int k) {
        chart.append(k, "run " + k, List.of(new double[] {0, k}, new double[] {1, k + 1}));
        chart.style(k, LineChart.COLOURS[k % LineChart.COLOURS.length], LineChart.SOLID, false);
    }

    @Test
    void aLimitedLegendListsTheNewestLinesThenTheCountOfTheRest(FxRobot robot) {
        LineChart[] chart = new LineChart[1];
        robot.interact(() -> {
            chart[0] = new LineChart("chart-test", "t", "x", "y", false);
            chart[0].limitLegend(3);
            for (int k = 1; k <= 3; k++) {
                addRun(chart[0], k);
            }
        });
        LineChart c = chart[0];
        assertThat(c.plot().getFixedLegendItems()).as("three lines fit").isNull();
        assertThat(labels(c.plot().getLegendItems())).containsExactly("run 1", "run 2", "run 3");

        robot.interact(() -> {
            for (int k = 4; k <= 7; k++) {
                addRun(c, k);
            }
        });
        LegendItemCollection items = c.plot().getLegendItems();
        assertThat(labels(items)).containsExactly("run 5", "run 6", "run 7",
                Messages.get("chart.earlierLines", 4));
        LegendItem newest = items.get(2);
        assertThat(newest.getLinePaint()).as("the entry keeps its line's colour").isEqualTo(LineChart.COLOURS[7]);

        robot.interact(() -> c.style(7, LineChart.COLOURS[0], LineChart.SOLID, false));
        assertThat(c.plot().getLegendItems().get(2).getLinePaint()).as("a restyled line's entry follows it")
                .isEqualTo(LineChart.COLOURS[0]);

        robot.interact(() -> c.removeIf(k -> (Integer) k <= 5));
        assertThat(c.plot().getFixedLegendItems()).as("cleared back to the limit").isNull();
        assertThat(labels(c.plot().getLegendItems())).containsExactly("run 6", "run 7");
    }

    @Test
    void withoutALimitEveryLineIsListed(FxRobot robot) {
        LineChart[] chart = new LineChart[1];
        robot.interact(() -> {
            chart[0] = new LineChart("chart-test", "t", "x", "y", false);
            for (int k = 1; k <= 12; k++) {
                addRun(chart[0], k);
            }
        });
        assertThat(chart[0].plot().getLegendItems().getItemCount()).isEqualTo(12);
    }
}
