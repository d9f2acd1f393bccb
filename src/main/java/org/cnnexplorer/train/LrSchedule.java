package org.cnnexplorer.train;

import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** How the learning rate changes over a run. */
public sealed interface LrSchedule {

    /** The rate is multiplied by {@code decay} after every epoch (1 = constant). */
    record PerEpoch(double decay) implements LrSchedule {
        public PerEpoch {
            if (!(decay > 0) || decay > 1) {
                throw new IllegalArgumentException("learning-rate decay must be in (0, 1], got " + decay);
            }
        }
    }

    /**
     * He et al.'s step schedule: the rate is divided by 10 each time training passes one of {@code milestones}
     * (fractions of all iterations, ascending), after {@code warmupIterations} at a tenth of the rate (the paper warms
     * ResNet-110 up at 0.01 before going back to 0.1), or, if {@code gradual}, rising linearly from a tenth to the
     * full rate over them (Goyal et al. 2017: the jump from a constant warm-up can throw a network off).
     */
    record Steps(double[] milestones, int warmupIterations, boolean gradual) implements LrSchedule {
        public Steps {
            double previous = 0;
            for (double m : milestones) {
                if (!(m > previous) || m >= 1) {
                    throw new IllegalArgumentException("milestones must rise within (0, 1), got " + m);
                }
                previous = m;
            }
            if (warmupIterations < 0) {
                throw new IllegalArgumentException("warm-up iterations must not be negative, got " + warmupIterations);
            }
            milestones = milestones.clone();
        }
    }

    /** DL4J's schedule for a run of {@code epochs} epochs of {@code iterationsPerEpoch} batches. */
    default ISchedule toDl4j(double rate, int iterationsPerEpoch, int epochs) {
        if (this instanceof PerEpoch p) {
            return new ExponentialSchedule(ScheduleType.EPOCH, rate, p.decay());
        }
        Steps s = (Steps) this;
        long total = (long) iterationsPerEpoch * epochs;
        Map<Integer, Double> values = new HashMap<>();
        int warmup = s.warmupIterations();
        values.put(0, warmup > 0 ? rate / 10 : rate);
        for (int i = 1; s.gradual() && i < warmup; i++) {
            values.put(i, rate / 10 + (rate - rate / 10) * i / warmup);
        }
        if (warmup > 0) {
            values.put(warmup, rate);
        }
        double r = rate;
        for (double m : s.milestones()) {
            r /= 10;
            values.put((int) Math.max(s.warmupIterations() + 1, Math.round(m * total)), r);
        }
        return new MapSchedule(ScheduleType.ITERATION, values);
    }

    /** For provenance records: "×0.8/epoch" or "÷10 at 50%, 75%; warm-up 400". */
    default String describe() {
        if (this instanceof PerEpoch p) {
            return String.format(Locale.ROOT, "x%s per epoch", p.decay());
        }
        Steps s = (Steps) this;
        StringBuilder b = new StringBuilder("/10 at");
        for (double m : s.milestones()) {
            b.append(String.format(Locale.ROOT, " %.0f%%", 100 * m));
        }
        b.append(" of iterations");
        if (s.warmupIterations() > 0) {
            b.append(s.gradual() ? ", rising from 1/10 over the first " : ", first ").append(s.warmupIterations())
                    .append(s.gradual() ? " iterations" : " iterations at 1/10");
        }
        return b.toString();
    }
}
