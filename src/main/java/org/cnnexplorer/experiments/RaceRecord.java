package org.cnnexplorer.experiments;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What an {@link ActivationRace} recorded, step by step per entrant (a network at its learning rate): training loss,
 * batch error, and the gradient norm of the first and the last weighted layer. A finished race is kept as CSV so
 * that its result outlives the run: the ReLU lesson shows the user's last finished race, else the one shipped in
 * assets/lessons (made by this project's own {@code lesson --race} command, which writes a manifest beside it).
 * Thread-safe: the race thread adds, the window's painter reads snapshots.
 */
public final class RaceRecord {
    /**
     * The finish line. AlexNet §3.1 (Figure 1) compares ReLU and tanh at 25 % training error on CIFAR-10, which its
     * ReLU network needed about five epochs to reach; on Fashion-MNIST every one of our networks is below 25 % within
     * a fraction of one pass, while the initial transient still decides, so our line is 10 %, which takes our
     * networks several passes over the 10,000 training images at their best rates.
     */
    public static final double TARGET_ERROR = 0.10;
    /**
     * Batches averaged before comparing with the target: 50 batches of 64 are 3,200 images, so the mean's standard
     * error near 10 % is about half a point and one lucky batch cannot call a crossing.
     */
    public static final int WINDOW = 50;
    /** The kept race's file name, in the user's folder and among the shipped resources. */
    public static final String FILE = "relu-race.csv";
    static final String SHIPPED = "/org/cnnexplorer/lessons/";
    private static final String HEADER = "entrant,learning_rate,step,loss,error,first_norm,last_norm";

    /** One entrant's step. */
    public record Row(int step, double loss, double error, double firstNorm, double lastNorm) {
    }

    private final Map<String, List<Row>> rows = new LinkedHashMap<>();
    private final Map<String, Double> rates = new LinkedHashMap<>();

    /** Adds one step of the race, keeping the norms of layers {@code first} and {@code last}. */
    public synchronized void add(List<ActivationRace.Point> step, String first, String last) {
        for (ActivationRace.Point p : step) {
            rates.put(p.key(), p.entry().learningRate());
            rows.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(new Row(p.step(), p.loss(), p.error(),
                    p.norms().getOrDefault(first, Double.NaN), p.norms().getOrDefault(last, Double.NaN)));
        }
    }

    /** The learning rate the entrant trained at, if it is in the race. */
    public synchronized OptionalDouble rate(String key) {
        Double r = rates.get(key);
        return r == null ? OptionalDouble.empty() : OptionalDouble.of(r);
    }

    /** Whether the entrant's loss stopped being a number (its rate was too high): it can no longer finish. */
    public synchronized boolean diverged(String key) {
        return rows.getOrDefault(key, List.of()).stream().anyMatch(r -> !Double.isFinite(r.loss()));
    }

    /** Whether the entrant is done: it reached the target or diverged. */
    public boolean finished(String key) {
        return stepsToTarget(key).isPresent() || diverged(key);
    }

    /** A copy of every network's rows, in the order the networks were first added. */
    public synchronized Map<String, List<Row>> snapshot() {
        Map<String, List<Row>> copy = new LinkedHashMap<>();
        rows.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    /** A record of some of the entrants, renamed: {@code keys} maps each new key to the entrant's key here. */
    public synchronized RaceRecord only(Map<String, String> keys) {
        RaceRecord out = new RaceRecord();
        keys.forEach((to, from) -> {
            if (rows.containsKey(from)) {
                out.rows.put(to, new ArrayList<>(rows.get(from)));
                out.rates.put(to, rates.get(from));
            }
        });
        return out;
    }

    public synchronized boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Steps recorded (the longest series). */
    public synchronized int steps() {
        return rows.values().stream().mapToInt(List::size).max().orElse(0);
    }

    /**
     * The first step at which the entrant's batch error, averaged over the last {@link #WINDOW} steps, is at most
     * {@link #TARGET_ERROR}; empty if it never was (or the entrant is not in the race).
     */
    public OptionalInt stepsToTarget(String key) {
        List<Row> series = snapshot().getOrDefault(key, List.of());
        double sum = 0;
        for (int i = 0; i < series.size(); i++) {
            sum += series.get(i).error();
            if (i >= WINDOW) {
                sum -= series.get(i - WINDOW).error();
            }
            if (i >= WINDOW - 1 && sum / WINDOW <= TARGET_ERROR) {
                return OptionalInt.of(series.get(i).step());
            }
        }
        return OptionalInt.empty();
    }

    /** Writes the record as CSV, atomically (a reader never sees half a file). */
    public void write(Path file) throws IOException {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (Map.Entry<String, List<Row>> e : snapshot().entrySet()) {
            for (Row r : e.getValue()) {
                // %s keeps every digit of the double, so a read-back record is the written one
                csv.append(String.format(Locale.ROOT, "%s,%s,%d,%s,%s,%s,%s\n", e.getKey(), rate(e.getKey())
                        .orElseThrow(), r.step(), r.loss(), r.error(), r.firstNorm(), r.lastNorm()));
            }
        }
        AtomicFiles.write(file, csv.toString());
    }

    /** A record written by {@link #write}, if the file exists. */
    public static Optional<RaceRecord> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return Optional.of(parse(r, file.toString()));
        }
    }

    /** The race shipped with the application (assets/lessons), if there is one. */
    public static Optional<RaceRecord> shipped() {
        try (InputStream in = RaceRecord.class.getResourceAsStream(SHIPPED + FILE)) {
            return in == null ? Optional.empty()
                    : Optional.of(parse(new InputStreamReader(in, StandardCharsets.UTF_8), FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RaceRecord parse(Reader reader, String name) throws IOException {
        RaceRecord record = new RaceRecord();
        BufferedReader in = new BufferedReader(reader);
        String header = in.readLine();
        if (!HEADER.equals(header)) {
            throw new IOException(name + ": not a race record (header " + header + ")");
        }
        int n = 1;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            n++;
            String[] f = line.split(",");
            if (f.length != 7) {
                throw new IOException(name + ":" + n + ": " + f.length + " fields, need 7");
            }
            try {
                record.rates.put(f[0], Double.parseDouble(f[1]));
                record.rows.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new Row(Integer.parseInt(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                        Double.parseDouble(f[6])));
            } catch (NumberFormatException e) {
                throw new IOException(name + ":" + n + ": " + e.getMessage());
            }
        }
        return record;
    }
}
