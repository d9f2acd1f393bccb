package org.cnnexplorer.experiments;

import org.cnnexplorer.experiments.Curve.Point;
import org.cnnexplorer.experiments.Degradation.Kind;
import org.cnnexplorer.experiments.Degradation.Member;
import org.cnnexplorer.io.AtomicFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The curves of a series as CSV files, and the curves shipped with the application. */
public final class CurveFiles {
    static final String SHIPPED = "/org/cnnexplorer/degradation/";

    /**
     * The curves that ship with the application (assets/degradation in the repository), made by this project's own
     * {@code degradation} command; {@link #shippedManifest()} says how. Depth by depth, plain before residual.
     */
    public static List<Curve> shipped() {
        List<Curve> out = new ArrayList<>();
        for (Member m : Degradation.series(Degradation.DEPTHS, List.of(Kind.values()))) {
            try (InputStream in = CurveFiles.class.getResourceAsStream(SHIPPED + m.modelId() + ".csv")) {
                if (in != null) {
                    out.add(Curve.of(m, readCsv(new InputStreamReader(in,
                            StandardCharsets.UTF_8), m.modelId() + ".csv")));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** The shipped curves' manifest (JSON: command, seed, data, machine, wall time and final errors per run). */
    public static Optional<String> shippedManifest() {
        try (InputStream in = CurveFiles.class.getResourceAsStream(SHIPPED + "manifest.json")) {
            return in == null ? Optional.empty()
                    : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path csvFile(Path dir, Member m) {
        return dir.resolve(m.modelId() + ".csv");
    }

    static final String CSV_HEADER = "iteration,epoch,trainError,testError,seconds";

    /** One row per point; an empty testError where the test set was not scored. Written atomically. */
    public static void writeCsv(Path file, List<Point> points) throws IOException {
        StringBuilder b = new StringBuilder(CSV_HEADER).append('\n');
        for (Point p : points) {
            // Double.toString reads back to the same double: a curve survives the round trip unchanged.
            b.append(p.iteration()).append(',').append(p.epoch()).append(',').append(p.trainError()).append(',')
                    .append(p.testError() == null ? "" : p.testError().toString()).append(',').append(p.seconds())
                    .append('\n');
        }
        AtomicFiles.write(file, b.toString());
    }

    /** A curve file that is not this class's CSV (damaged, cut, or another file); the message names file and line. */
    public static final class DamagedCurveException extends IOException {
        private static final long serialVersionUID = 1L;

        DamagedCurveException(String message) {
            super(message);
        }
    }

    public static List<Point> readCsv(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file)) {
            return readCsv(r, file.toString());
        } catch (CharacterCodingException e) {
            throw new DamagedCurveException(file + ": not a degradation curve (not text)");
        }
    }

    /** @throws DamagedCurveException naming {@code name} and the line when the data are not this class's CSV */
    public static List<Point> readCsv(Reader reader, String name) throws IOException {
        BufferedReader r = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        String header = r.readLine();
        if (header == null || !header.trim().equals(CSV_HEADER)) {
            throw new DamagedCurveException(name + ": not a degradation curve (expected the header '" + CSV_HEADER
                    + "')");
        }
        List<Point> out = new ArrayList<>();
        String line;
        int n = 1;
        while ((line = r.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            try {
                if (f.length != 5) {
                    throw new NumberFormatException("5 fields expected");
                }
                Point p = new Point(Integer.parseInt(f[0].trim()), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                        f[3].isBlank() ? null : Double.valueOf(f[3]), Double.parseDouble(f[4]));
                if (p.iteration() <= 0 || !(p.epoch() >= 0) || !isError(p.trainError())
                        || (p.testError() != null && !isError(p.testError())) || !(p.seconds() >= 0)
                        || Double.isInfinite(p.epoch()) || Double.isInfinite(p.seconds())) {
                    throw new NumberFormatException("a value out of range");
                }
                out.add(p);
            } catch (NumberFormatException e) {
                throw new DamagedCurveException(name + ", line " + n + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static boolean isError(double e) {
        return e >= 0 && e <= 1;
    }

    private CurveFiles() {
    }
}
