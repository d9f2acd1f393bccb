package org.cnnexplorer.ui;

import org.jfree.data.xy.XYSeries;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ThinnedSeriesTest {
    private static double[] point(int i) {
        return new double[] {i / 938.0, 2.3 * Math.exp(-i / 3000.0) + 0.01 * Math.sin(i)};
    }

    @Test
    void aShortRunIsShownPointForPoint() {
        ThinnedSeries t = new ThinnedSeries(new XYSeries("run", false, true));
        List<double[]> source = new ArrayList<>();
        for (int i = 0; i < 157; i++) {
            source.add(point(i));
            if (i % 5 == 0) {
                t.append(source);
            }
        }
        t.append(source);
        assertThat(t.series().getItemCount()).isEqualTo(157);
        for (int i = 0; i < 157; i++) {
            assertThat(t.series().getY(i).doubleValue()).isEqualTo(source.get(i)[1]);
        }
    }

    /** A run's record halves its history now and then: the series then shows the shorter list from the start. */
    @Test
    void aListThatWasThinnedIsShownAgainFromTheStart() {
        ThinnedSeries t = new ThinnedSeries(new XYSeries("run", false, true));
        List<double[]> source = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            source.add(point(i));
        }
        t.append(source);
        assertThat(t.stride()).isEqualTo(2);
        List<double[]> halved = new ArrayList<>();
        for (int i = 0; i < 3000; i += 2) {
            halved.add(point(i));
        }
        t.append(halved);
        assertThat(t.stride()).isEqualTo(1);
        assertThat(t.series().getItemCount()).isEqualTo(1500);
        for (int i = 0; i < 1500; i++) {
            assertThat(t.series().getX(i).doubleValue()).isEqualTo(halved.get(i)[0]);
        }
        halved.add(point(3000));
        t.append(halved);
        assertThat(t.series().getItemCount()).isEqualTo(1501);
    }

    /** Twenty epochs of full Fashion-MNIST at batch 64, appended as the charts do (a few steps per refresh). */
    @Test
    void aLongRunStaysUnderTheLimitAndEndsAtTheNewestStep() {
        XYSeries s = new XYSeries("run", false, true);
        AtomicInteger events = new AtomicInteger();
        s.addChangeListener(e -> events.incrementAndGet());
        ThinnedSeries t = new ThinnedSeries(s);
        List<double[]> source = new ArrayList<>();
        int appends = 0;
        for (int i = 0; i < 18_760; i++) {
            source.add(point(i));
            if (i % 7 == 6 || i == 18_759) {
                t.append(source);
                appends++;
                assertThat(s.getItemCount()).isLessThanOrEqualTo(ThinnedSeries.MAX_POINTS);
                double[] newest = source.get(source.size() - 1);
                assertThat(s.getX(s.getItemCount() - 1).doubleValue()).isEqualTo(newest[0]);
                assertThat(s.getY(s.getItemCount() - 1).doubleValue()).isEqualTo(newest[1]);
            }
        }
        assertThat(events.get()).as("one repaint per refresh").isEqualTo(appends);
        assertThat(t.stride()).isEqualTo(16);
        assertThat(s.getItemCount()).isGreaterThan(ThinnedSeries.MAX_POINTS / 2);
        // every point shown is a real step, on the stride (bar the newest), in order
        for (int k = 0; k < s.getItemCount() - 1; k++) {
            int step = (int) Math.round(s.getX(k).doubleValue() * 938.0);
            assertThat(step % t.stride()).isZero();
            assertThat(s.getY(k).doubleValue()).isEqualTo(source.get(step)[1]);
            assertThat(s.getX(k + 1).doubleValue()).isGreaterThan(s.getX(k).doubleValue());
        }
    }
}
