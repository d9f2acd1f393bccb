package org.cnnexplorer.experiments;

import org.cnnexplorer.data.Dataset;
import org.cnnexplorer.io.AtomicFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The ReLU race under AlexNet §3.1's protocol: "the learning rates for each network were chosen independently to make
 * training as fast as possible". Each model races at every rate of a small grid; what counts is the steps to
 * {@link RaceRecord#TARGET_ERROR}, over several seeds (initialisation and batch order), and each model keeps the rate
 * with the lowest median. The first seed screens: a rate that did not reach the target with it (within the budget) is
 * not run again, since its median over three seeds could not be finite unless both others reached it; every rate that
 * did runs with every other seed. The result is kept as CSV, one row per run (made for the lesson by
 * {@code lesson --race}, and shipped in assets/lessons).
 */
public final class RateGrid {
    /** The grid's file name, in the folder {@code lesson --race} writes and among the shipped resources. */
    public static final String FILE = "relu-grid.csv";
    private static final String HEADER = "model,learning_rate,seed,steps_to_target,steps_run,diverged";

    /**
     * One run of one model at one rate and seed.
     *
     * @param stepsToTarget null when the target was not reached within the budget (or the run diverged)
     */
    public record Run(String modelId, double rate, long seed, Integer stepsToTarget, int stepsRun, boolean diverged) {
        public boolean reached() {
            return stepsToTarget != null;
        }
    }

    /** What the grid measured for one model at one rate: the median over its seeds and the range of those that
     * reached the target. */
    public record Cell(String modelId, double rate, List<Run> runs) {
        /**
         * The median steps over the seeds run (the lower middle when even), counting a run that never reached the
         * target as slower than any that did; empty when that middle run did not reach it, or for a rate screened
         * out by the first seed (one run).
         */
        public OptionalInt median() {
            if (runs.size() < 2) {
                return OptionalInt.empty();
            }
            List<Integer> sorted = runs.stream().map(r -> r.reached() ? r.stepsToTarget() : Integer.MAX_VALUE)
                    .sorted().toList();
            int m = sorted.get((sorted.size() - 1) / 2);
            return m == Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of(m);
        }

        public OptionalInt fastest() {
            return runs.stream().filter(Run::reached).mapToInt(Run::stepsToTarget).min();
        }

        public OptionalInt slowest() {
            return runs.stream().filter(Run::reached).mapToInt(Run::stepsToTarget).max();
        }

        /** Whether every seed reached the target (a range from fastest to slowest is then the whole story). */
        public boolean allReached() {
            return runs.stream().allMatch(Run::reached);
        }

        public boolean anyDiverged() {
            return runs.stream().anyMatch(Run::diverged);
        }
    }

    private final List<Run> runs;

    public RateGrid(List<Run> runs) {
        this.runs = List.copyOf(runs);
    }

    public List<Run> runs() {
        return runs;
    }

    /** The models, in the order first run. */
    public List<String> models() {
        return runs.stream().map(Run::modelId).distinct().toList();
    }

    /** The rates tried, smallest first. */
    public List<Double> rates() {
        return runs.stream().map(Run::rate).distinct().sorted().toList();
    }

    /** The seeds, in the order run (the first screened). */
    public List<Long> seeds() {
        return runs.stream().map(Run::seed).distinct().toList();
    }

    public Cell cell(String modelId, double rate) {
        return new Cell(modelId, rate, runs.stream().filter(r -> r.modelId().equals(modelId) && r.rate() == rate)
                .toList());
    }

    /** The model's rate with the lowest median steps to the target (the smaller rate on a tie); empty if none has
     * one. */
    public Optional<Cell> chosen(String modelId) {
        return rates().stream().map(r -> cell(modelId, r)).filter(c -> c.median().isPresent())
                .min(Comparator.comparingInt((Cell c) -> c.median().getAsInt()).thenComparingDouble(Cell::rate));
    }

    /** The chosen rate of the model, if the grid has one. */
    public OptionalDouble chosenRate(String modelId) {
        return chosen(modelId).map(c -> OptionalDouble.of(c.rate())).orElse(OptionalDouble.empty());
    }

    /** What the grid has done so far, for a progress line. */
    public interface Progress {
        void step(long seed, int step, int running);
    }

    /**
     * Runs the grid: every model at every rate with the first seed, then the rates that reached the target with the
     * other seeds, each run for at most {@code budget} steps of {@code batch} images. Calls {@code firstSeed} with
     * each first-seed race (all its entrants' curves). Returns null when cancelled.
     */
    public static RateGrid run(List<String> modelIds, List<Double> rates, List<Long> seeds, int budget, int batch,
                               Dataset train, String firstLayer, String lastLayer, BooleanSupplier cancelled,
                               Progress progress, Consumer<RaceRecord> firstSeed) {
        List<Run> done = new ArrayList<>();
        List<ActivationRace.Entry> entries = new ArrayList<>();
        for (String m : modelIds) {
            for (double r : rates) {
                entries.add(ActivationRace.Entry.of(m, r));
            }
        }
        for (int s = 0; s < seeds.size(); s++) {
            long seed = seeds.get(s);
            RaceRecord record = new RaceRecord();
            try (ActivationRace race = new ActivationRace(entries, train, batch, seed)) {
                for (int step = 1; step <= budget && race.running(); step++) {
                    if (cancelled.getAsBoolean()) {
                        return null;
                    }
                    record.add(race.step(), firstLayer, lastLayer);
                    int running = 0;
                    for (ActivationRace.Entry e : entries) {
                        if (record.finished(e.key())) {
                            race.retire(e.key());
                        } else {
                            running++;
                        }
                    }
                    progress.step(seed, step, running);
                }
            }
            for (ActivationRace.Entry e : entries) {
                OptionalInt n = record.stepsToTarget(e.key());
                done.add(new Run(e.modelId(), e.learningRate(), seed, n.isPresent() ? n.getAsInt() : null,
                        record.snapshot().getOrDefault(e.key(), List.of()).size(), record.diverged(e.key())));
            }
            if (s == 0) {
                firstSeed.accept(record);
                entries.removeIf(e -> !record.stepsToTarget(e.key()).isPresent());
            }
        }
        return new RateGrid(done);
    }

    /** Writes the grid as CSV, atomically. */
    public void write(Path file) throws IOException {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (Run r : runs) {
            csv.append(String.format(Locale.ROOT, "%s,%s,%d,%s,%d,%s%n", r.modelId(), r.rate(), r.seed(),
                    r.reached() ? r.stepsToTarget() : "", r.stepsRun(), r.diverged()));
        }
        AtomicFiles.write(file, csv.toString());
    }

    /** A grid written by {@link #write}, if the file exists. */
    public static Optional<RateGrid> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return Optional.of(parse(r, file.toString()));
        }
    }

    /** The grid shipped with the application (assets/lessons), if there is one. */
    public static Optional<RateGrid> shipped() {
        try (InputStream in = RateGrid.class.getResourceAsStream(RaceRecord.SHIPPED + FILE)) {
            return in == null ? Optional.empty()
                    : Optional.of(parse(new InputStreamReader(in, StandardCharsets.UTF_8), FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RateGrid parse(Reader reader, String name) throws IOException {
        BufferedReader in = new BufferedReader(reader);
        String header = in.readLine();
        if (!HEADER.equals(header)) {
            throw new IOException(name + ": not a learning-rate grid (header " + header + ")");
        }
        List<Run> runs = new ArrayList<>();
        int n = 1;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            n++;
            String[] f = line.split(",", -1);
            if (f.length != 6) {
                throw new IOException(name + ":" + n + ": " + f.length + " fields, need 6");
            }
            try {
                runs.add(new Run(f[0], Double.parseDouble(f[1]), Long.parseLong(f[2]),
                        f[3].isEmpty() ? null : Integer.valueOf(f[3]), Integer.parseInt(f[4]),
                        Boolean.parseBoolean(f[5])));
            } catch (NumberFormatException e) {
                throw new IOException(name + ":" + n + ": " + e.getMessage());
            }
        }
        return new RateGrid(runs);
    }

    /** Each model's chosen cell, in model order (models without one left out). */
    public Map<String, Cell> choices() {
        Map<String, Cell> out = new LinkedHashMap<>();
        for (String m : models()) {
            chosen(m).ifPresent(c -> out.put(m, c));
        }
        return out;
    }
}
