package org.cnnexplorer.ui.train;

import javafx.animation.AnimationTimer;
import org.cnnexplorer.train.TrainingEvent;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Gaps between JavaFX pulses while a run trains: a stalled FX thread shows as a long gap. Pulses come at most
 * 60 times a second; with nothing to draw JavaFX may skip some, so the gaps are an upper bound on frame time.
 */
final class PulseMonitor extends AnimationTimer {
    private long last;
    private boolean running;
    private final List<Long> gaps = new ArrayList<>();
    private final List<Long> refreshes = new ArrayList<>();
    /** When (JVM uptime, ms) each gap over 40 ms ended and how long it was: to line them up with the GC log. */
    private final StringBuilder longGaps = new StringBuilder();
    private long uptimeOffsetNanos;

    record Stats(int count, double meanMillis, double p99Millis, double maxMillis, double refreshMeanMillis,
                 double refreshMaxMillis) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d pulses, mean %.1f ms, p99 %.1f ms, max %.1f ms; chart refresh step "
                    + "(FX thread) mean %.1f ms, max %.1f ms", count, meanMillis, p99Millis, maxMillis,
                    refreshMeanMillis, refreshMaxMillis);
        }
    }

    @Override
    public void start() {
        last = 0;
        gaps.clear();
        refreshes.clear();
        longGaps.setLength(0);
        uptimeOffsetNanos = System.nanoTime()
                - ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;
        Arrays.fill(partNanos, 0);
        Arrays.fill(partCounts, 0);
        running = true;
        super.start();
    }

    /** Total FX-thread time per refresh step: loss chart, accuracy chart, throughput chart, gradient strip. */
    private final long[] partNanos = new long[4];
    private final int[] partCounts = new int[4];

    String partsText() {
        StringBuilder b = new StringBuilder("per refresh step (mean ms): ");
        String[] names = {"loss", "accuracy", "throughput", "gradients"};
        for (int i = 0; i < names.length; i++) {
            b.append(i == 0 ? "" : ", ").append(names[i]).append(' ').append(String.format(Locale.ROOT, "%.1f",
                    partNanos[i] / 1e6 / Math.max(1, partCounts[i])));
        }
        return b.toString();
    }

    String longGapsText() {
        return longGaps.length() == 0 ? "none" : longGaps.toString().trim();
    }

    /** One step of a refresh took {@code nanos} on the FX thread (charts painting included). */
    void step(int step, long nanos) {
        if (!running) {
            return;
        }
        refreshes.add(nanos);
        partNanos[step] += nanos;
        partCounts[step]++;
        if (nanos > 20_000_000L) {
            longGaps.append(String.format(Locale.ROOT, " step%d@%.3fs:%.0fms", step,
                    (System.nanoTime() - uptimeOffsetNanos) / 1e9, nanos / 1e6));
        }
    }

    @Override
    public void handle(long now) {
        if (last != 0) {
            gaps.add(now - last);
            if (now - last > 40_000_000L) {
                longGaps.append(String.format(Locale.ROOT, " %.3fs:%.0fms", (now - uptimeOffsetNanos) / 1e9,
                        (now - last) / 1e6));
            }
        }
        last = now;
    }

    Stats finish() {
        stop();
        running = false;
        if (gaps.isEmpty()) {
            return new Stats(0, 0, 0, 0, 0, 0);
        }
        double refreshMean = refreshes.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
        double refreshMax = refreshes.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6;
        List<Long> sorted = new ArrayList<>(gaps);
        sorted.sort(null);
        double mean = sorted.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
        double p99 = sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99))) / 1e6;
        return new Stats(sorted.size(), mean, p99, sorted.get(sorted.size() - 1) / 1e6, refreshMean, refreshMax);
    }

    /**
     * Prints {@code stats} of a finished run for src/scripts/ui-frames.sh, which reads these lines: the pulse gaps,
     * the refresh steps, the long gaps with their time, and each epoch's speed.
     */
    void print(Stats stats, String modelId, int threads, List<TrainingEvent.Epoch> history) {
        StringBuilder epochs = new StringBuilder();
        for (TrainingEvent.Epoch e : history) {
            epochs.append(String.format(Locale.ROOT, "; epoch %d %.1f s, %.0f img/s, test %.2f %%", e.epoch() + 1,
                    e.seconds(), e.imagesPerSecond(), 100 * e.testAccuracy()));
        }
        System.out.println("fx-pulses during training " + modelId + " (" + threads
                + " ND4J threads): " + stats + "; " + partsText() + epochs);
        System.out.println("fx-long-gaps (JVM uptime:gap): " + longGapsText());
    }
}
