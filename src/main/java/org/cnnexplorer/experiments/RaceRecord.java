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
import java.util.OptionalInt;

/**
 * What an {@link ActivationRace} recorded, step by step per network: training loss, batch error, and the gradient
 * norm of the first and the last weighted layer. A finished race is kept as CSV so that its result outlives the run:
 * the ReLU lesson shows the user's last finished race, else the one shipped in assets/lessons (made by this project's
 * own {@code lesson --race} command, which writes a manifest beside it). Thread-safe: the race thread adds, the
 * window's painter reads snapshots.
 */
public final class RaceRecord {
    /** AlexNet §3.1, Figure 1: the training error at which the paper compares ReLU and tanh. */
    public static final double TARGET_ERROR = 0.25;
    /** Batches averaged before comparing with the target: one batch of 64 is too noisy to call a crossing. */
    public static final int WINDOW = 10;
    /** The kept race's file name, in the user's folder and among the shipped resources. */
    public static final String FILE = "relu-race.csv";
    static final String SHIPPED = "/org/cnnexplorer/lessons/";
    private static final String HEADER = "model,step,loss,error,first_norm,last_norm";

    /** One network's step. */
    public record Row(int step, double loss, double error, double firstNorm, double lastNorm) {
    }

    private final Map<String, List<Row>> rows = new LinkedHashMap<>();

    /** Adds one step of the race, keeping the norms of layers {@code first} and {@code last}. */
    public synchronized void add(List<ActivationRace.Point> step, String first, String last) {
        for (ActivationRace.Point p : step) {
            rows.computeIfAbsent(p.modelId(), k -> new ArrayList<>()).add(new Row(p.step(), p.loss(), p.error(),
                    p.norms().getOrDefault(first, Double.NaN), p.norms().getOrDefault(last, Double.NaN)));
        }
    }

    /** A copy of every network's rows, in the order the networks were first added. */
    public synchronized Map<String, List<Row>> snapshot() {
        Map<String, List<Row>> copy = new LinkedHashMap<>();
        rows.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    public synchronized boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Steps recorded (the longest series). */
    public synchronized int steps() {
        return rows.values().stream().mapToInt(List::size).max().orElse(0);
    }

    /**
     * The first step at which the network's batch error, averaged over the last {@link #WINDOW} steps, is at most
     * {@link #TARGET_ERROR}; empty if it never was (or the network is not in the race).
     */
    public OptionalInt stepsToTarget(String modelId) {
        List<Row> series = snapshot().getOrDefault(modelId, List.of());
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
                csv.append(String.format(Locale.ROOT, "%s,%d,%s,%s,%s,%s\n", e.getKey(), r.step(), r.loss(),
                        r.error(), r.firstNorm(), r.lastNorm()));
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
            if (f.length != 6) {
                throw new IOException(name + ":" + n + ": " + f.length + " fields, need 6");
            }
            try {
                record.rows.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new Row(Integer.parseInt(f[1]),
                        Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                        Double.parseDouble(f[5])));
            } catch (NumberFormatException e) {
                throw new IOException(name + ":" + n + ": " + e.getMessage());
            }
        }
        return record;
    }
}
