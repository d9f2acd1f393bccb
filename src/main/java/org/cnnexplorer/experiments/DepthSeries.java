package org.cnnexplorer.experiments;

import org.cnnexplorer.data.Dataset;
import org.cnnexplorer.experiments.Curve.Point;
import org.cnnexplorer.experiments.Degradation.Member;
import org.cnnexplorer.experiments.Degradation.Recipe;
import org.cnnexplorer.io.AtomicFiles;
import org.cnnexplorer.train.RunControl;
import org.cnnexplorer.train.TrainingConfig;
import org.cnnexplorer.train.TrainingEvent;
import org.cnnexplorer.train.TrainingRun;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A depth series trained one network after the other; its {@link RunControl} pauses and stops the network in
 * training. A cancelled series leaves that network's checkpoint and points, and a new series over the same folder
 * with {@code resume} continues from them.
 */
public final class DepthSeries {
    /** What a series run reports, on the training thread. */
    public interface Listener {
        /** Run {@code index} (from 0) of {@code runs} begins; {@code earlier} holds points kept from a checkpoint. */
        default void runStarted(Member member, int index, int runs, List<Point> earlier) {
        }

        default void event(Member member, TrainingEvent event) {
        }

        default void point(Member member, Point point) {
        }

        default void runFinished(Curve curve) {
        }
    }

    /**
     * Turns one run's events into points: every {@code K} iterations (K = iterations per epoch / {@link
     * Degradation#POINTS_PER_EPOCH}, at least 1) and at each epoch's end, where the test error joins the point.
     * Points taken before a resumed run's checkpoint are handed in and kept.
     */
    public static final class Recorder implements Consumer<TrainingEvent> {
        private final List<Point> points;
        private final Consumer<Point> onPoint;
        private final long startNanos = System.nanoTime();
        private final double secondsBefore;
        private int perEpoch;
        private int every = 1;
        private double errorSum;
        private int errorCount;
        private Point pending;

        public Recorder(List<Point> earlier, Consumer<Point> onPoint) {
            this.points = new ArrayList<>(earlier);
            this.onPoint = onPoint == null ? p -> { } : onPoint;
            this.secondsBefore = earlier.isEmpty() ? 0 : earlier.get(earlier.size() - 1).seconds();
        }

        public synchronized List<Point> points() {
            return Collections.unmodifiableList(new ArrayList<>(points));
        }

        @Override
        public void accept(TrainingEvent event) {
            Point emitted = null;
            synchronized (this) {
                if (event instanceof TrainingEvent.Started s) {
                    perEpoch = s.iterationsPerEpoch();
                    every = Math.max(1, perEpoch / Degradation.POINTS_PER_EPOCH);
                } else if (event instanceof TrainingEvent.Iteration it) {
                    errorSum += it.batchError();
                    errorCount++;
                    boolean epochEnd = it.iteration() == it.iterationsPerEpoch();
                    if (epochEnd || it.iteration() % every == 0) {
                        int global = it.epoch() * it.iterationsPerEpoch() + it.iteration();
                        Point p = new Point(global, (double) global / it.iterationsPerEpoch(), errorSum / errorCount,
                                null, seconds());
                        errorSum = 0;
                        errorCount = 0;
                        if (epochEnd) {
                            pending = p;
                        } else {
                            points.add(p);
                            emitted = p;
                        }
                    }
                } else if (event instanceof TrainingEvent.Epoch e && pending != null) {
                    emitted = new Point(pending.iteration(), pending.epoch(), pending.trainError(),
                            1 - e.testAccuracy(), seconds());
                    points.add(emitted);
                    pending = null;
                }
            }
            if (emitted != null) {
                onPoint.accept(emitted);
            }
        }

        private double seconds() {
            return secondsBefore + (System.nanoTime() - startNanos) / 1e9;
        }
    }

    /**
     * Records a series' recipe and data in its folder, so that a resume with other settings is refused (the window
     * keeps its own series.properties there: which networks, for its Continue button).
     */
    static final String SETTINGS_FILE = "recipe.properties";

    private final List<Member> members;
    private final Recipe recipe;
    private final Path outDir;
    private final boolean resume;
    private final Dataset train;
    private final Dataset test;
    private final Listener listener;
    private final RunControl control;

    public DepthSeries(List<Member> members, Recipe recipe, Path outDir, boolean resume, Dataset train, Dataset test,
                       Listener listener, RunControl control) {
        this.members = List.copyOf(members);
        this.recipe = recipe;
        this.outDir = outDir;
        this.resume = resume;
        this.train = train;
        this.test = test;
        this.listener = listener == null ? new Listener() { } : listener;
        this.control = control;
    }

    public List<Member> members() {
        return members;
    }

    /**
     * Trains every member in turn; returns the finished curves (fewer than the members if cancelled).
     *
     * @throws SeriesMismatchException when resuming a folder whose series was trained with other settings
     */
    public List<Curve> run() throws IOException {
        AtomicFiles.folder(outDir);
        AtomicFiles.removeLeftovers(outDir);
        checkSettings();
        int epochs = recipe.epochs();
        List<Curve> done = new ArrayList<>();
        for (int i = 0; i < members.size() && !control.isCancelled(); i++) {
            Member m = members.get(i);
            TrainingConfig config = recipe.config(m, outDir);
            Path csv = CurveFiles.csvFile(outDir, m);
            Path checkpoint = TrainingRun.checkpointFile(config);
            List<Point> kept = resume && Files.isRegularFile(csv) ? CurveFiles.readCsv(csv) : List.of();
            if (!kept.isEmpty() && kept.get(kept.size() - 1).epoch() >= epochs
                    && Files.isRegularFile(TrainingRun.modelFile(config))) {
                Curve c = Curve.of(m, kept);
                listener.runStarted(m, i, members.size(), c.points());
                listener.runFinished(c);
                done.add(c);
                continue;
            }
            // The CSV is rewritten with every checkpoint, so its points are those the checkpoint has trained.
            List<Point> earlier = Files.isRegularFile(checkpoint) ? kept : List.of();
            Recorder recorder = new Recorder(earlier, p -> listener.point(m, p));
            TrainingRun run = new TrainingRun(config, train, test, e -> {
                recorder.accept(e);
                listener.event(m, e);
                if (e instanceof TrainingEvent.Epoch || e instanceof TrainingEvent.Cancelled) {
                    writeCsvQuietly(csv, recorder.points());
                }
            }, control);
            if (!earlier.isEmpty()) {
                run.resumeFrom(checkpoint);
            }
            listener.runStarted(m, i, members.size(), earlier);
            TrainingRun.Result r = run.run();
            CurveFiles.writeCsv(csv, recorder.points());
            if (r.cancelled()) {
                break;
            }
            Curve c = Curve.of(m, recorder.points());
            done.add(c);
            listener.runFinished(c);
        }
        return done;
    }

    /** What decides the curves, as recorded in {@link #SETTINGS_FILE}; the members may differ between runs. */
    private Map<String, String> settings() {
        Map<String, String> s = new TreeMap<>();
        s.put("epochs", String.valueOf(recipe.epochs()));
        s.put("seed", String.valueOf(recipe.seed()));
        s.put("augment", String.valueOf(recipe.augment()));
        s.put("init", recipe.init().id());
        s.put("warmup", recipe.warmup().id());
        s.put("dataset", train.name());
        s.put("trainImages", String.valueOf(train.size()));
        s.put("testImages", String.valueOf(test.size()));
        return s;
    }

    /**
     * A resumed series must match the settings its folder records (whichever build wrote them): otherwise its curves
     * would splice two different runs. A fresh series, or a folder without a record, starts the record.
     */
    private void checkSettings() throws IOException {
        Path file = outDir.resolve(SETTINGS_FILE);
        Map<String, String> now = settings();
        if (resume && Files.isRegularFile(file)) {
            Properties recorded = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                recorded.load(in);
            } catch (IllegalArgumentException e) {
                throw new SeriesMismatchException(file + ": not a series record (" + e.getMessage() + ")");
            }
            List<String> differ = new ArrayList<>();
            for (Map.Entry<String, String> e : now.entrySet()) {
                String was = recorded.getProperty(e.getKey());
                if (!e.getValue().equals(was)) {
                    differ.add(e.getKey() + " " + (was == null ? "(not recorded)" : was) + " -> " + e.getValue());
                }
            }
            if (!differ.isEmpty()) {
                throw new SeriesMismatchException("cannot resume the series in " + outDir + ": it was trained with "
                        + "other settings (" + String.join(", ", differ) + "); resume with its settings or choose "
                        + "another folder");
            }
            return;
        }
        StringBuilder text = new StringBuilder("# the settings of the degradation series in this folder\n");
        now.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        AtomicFiles.write(file, text.toString());
    }

    /** Resuming a series folder with settings other than those it was trained with. */
    public static final class SeriesMismatchException extends IOException {
        private static final long serialVersionUID = 1L;

        SeriesMismatchException(String message) {
            super(message);
        }
    }

    private static void writeCsvQuietly(Path csv, List<Point> points) {
        try {
            CurveFiles.writeCsv(csv, points);
        } catch (IOException e) {
            // The run goes on; the final write after it reports the failure.
        }
    }
}
