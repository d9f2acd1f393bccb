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

/**
 * What a {@link DropoutTraining} measured, per network and evaluation: the mean training loss since the last one,
 * and the error on the training images and on the test images, both without dropout. Kept as CSV like a
 * {@link RaceRecord}: the dropout lesson shows the user's last finished run, else the one shipped in assets/lessons
 * (made by {@code lesson --dropout}, with its manifest). Thread-safe: the run adds, the painter reads snapshots.
 */
public final class DropoutRecord {
    /** The kept run's file name, in the user's folder and among the shipped resources. */
    public static final String FILE = "dropout-run.csv";
    /** How the shipped run was made, beside it. */
    public static final String MANIFEST = "dropout-manifest.json";
    private static final String HEADER = "model,step,train_loss,train_error,test_error";

    /** One evaluation of one network. */
    public record Row(int step, double trainLoss, double trainError, double testError) {
        /** Test error minus training error: how much of what was learnt does not carry over. */
        public double gap() {
            return testError - trainError;
        }
    }

    private final Map<String, List<Row>> rows = new LinkedHashMap<>();

    public synchronized void add(String modelId, Row row) {
        rows.computeIfAbsent(modelId, k -> new ArrayList<>()).add(row);
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

    /** The step of the latest evaluation (0 when there is none). */
    public synchronized int steps() {
        return rows.values().stream().filter(l -> !l.isEmpty()).mapToInt(l -> l.get(l.size() - 1).step()).max()
                .orElse(0);
    }

    /** The network's latest evaluation, if it has one. */
    public synchronized Optional<Row> last(String modelId) {
        List<Row> series = rows.getOrDefault(modelId, List.of());
        return series.isEmpty() ? Optional.empty() : Optional.of(series.get(series.size() - 1));
    }

    /** Writes the record as CSV, atomically. */
    public void write(Path file) throws IOException {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (Map.Entry<String, List<Row>> e : snapshot().entrySet()) {
            for (Row r : e.getValue()) {
                csv.append(String.format(Locale.ROOT, "%s,%d,%s,%s,%s\n", e.getKey(), r.step(), r.trainLoss(),
                        r.trainError(), r.testError()));
            }
        }
        AtomicFiles.write(file, csv.toString());
    }

    /** A record written by {@link #write}, if the file exists. */
    public static Optional<DropoutRecord> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return Optional.of(parse(r, file.toString()));
        }
    }

    /** The run shipped with the application (assets/lessons), if there is one. */
    public static Optional<DropoutRecord> shipped() {
        try (InputStream in = DropoutRecord.class.getResourceAsStream(RaceRecord.SHIPPED + FILE)) {
            return in == null ? Optional.empty()
                    : Optional.of(parse(new InputStreamReader(in, StandardCharsets.UTF_8), FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DropoutRecord parse(Reader reader, String name) throws IOException {
        DropoutRecord record = new DropoutRecord();
        BufferedReader in = new BufferedReader(reader);
        String header = in.readLine();
        if (!HEADER.equals(header)) {
            throw new IOException(name + ": not a dropout record (header " + header + ")");
        }
        int n = 1;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            n++;
            String[] f = line.split(",");
            if (f.length != 5) {
                throw new IOException(name + ":" + n + ": " + f.length + " fields, need 5");
            }
            try {
                record.add(f[0], new Row(Integer.parseInt(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                        Double.parseDouble(f[4])));
            } catch (NumberFormatException e) {
                throw new IOException(name + ":" + n + ": " + e.getMessage());
            }
        }
        return record;
    }
}
