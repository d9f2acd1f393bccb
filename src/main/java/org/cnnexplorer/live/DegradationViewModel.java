package org.cnnexplorer.live;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.concurrent.Task;
import org.cnnexplorer.data.DataException;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.io.AtomicFiles;
import org.cnnexplorer.train.Degradation;
import org.cnnexplorer.train.Degradation.Curve;
import org.cnnexplorer.train.Degradation.Kind;
import org.cnnexplorer.train.Degradation.Member;
import org.cnnexplorer.train.Degradation.Point;
import org.cnnexplorer.train.TrainingEvent;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * State of the Degradation tab: the shipped curves, the live series (trained in the background by a {@link
 * DegradationJob}), the form that chooses it, and the table of final errors beside the paper's. The training thread
 * only queues what it reports; {@link #drain()}, called on the JavaFX thread about ten times a second, folds it into
 * the curves the charts draw. No controls here: tested without a toolkit.
 */
public final class DegradationViewModel {

    public enum Source { SHIPPED, LIVE }

    /** CIFAR-10 test error (%) of the paper's ResNets, He et al. 2016, Table 6. Its plain nets are only curves. */
    static final Map<Integer, Double> PAPER_RESNET_TEST = paperTable();
    /** The seed of every live series (the CLI's default): same initialisation and data order for every network. */
    static final long SEED = 42;
    /** The most images a split of the embedded Fashion-MNIST holds. */
    static final int MAX_IMAGES = 10_000;
    /**
     * The quick preset: plain-8 against plain-56 on 2,560 training and 1,000 test images for 2 epochs, so that the
     * deeper plain net's higher training error shows within five minutes on a two-core laptop.
     */
    static final Settings QUICK = new Settings(List.of(8, 56), List.of(Kind.PLAIN), 2, 2560, 1000);
    static final String SETTINGS_FILE = "series.properties";

    private static Map<Integer, Double> paperTable() {
        Map<Integer, Double> m = new LinkedHashMap<>();
        m.put(20, 8.75);
        m.put(32, 7.51);
        m.put(44, 7.17);
        m.put(56, 6.97);
        m.put(110, 6.43);
        m.put(1202, 7.93);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** What a live series trains; kept beside its curves ({@link #SETTINGS_FILE}) so it can resume from the folder. */
    public record Settings(List<Integer> depths, List<Kind> kinds, int epochs, int trainImages, int testImages) {
        public Settings {
            depths = List.copyOf(depths);
            kinds = List.copyOf(kinds);
        }

        public List<Member> members() {
            return Degradation.series(depths, kinds);
        }

        /** Mini-batches per epoch. */
        public int iterationsPerEpoch() {
            return (trainImages + Degradation.BATCH - 1) / Degradation.BATCH;
        }

        /** Null when the settings can be trained, else why not (a message for the user). */
        String problem() {
            if (depths.isEmpty() || kinds.isEmpty()) {
                return Messages.get("degradation.error.nothing");
            }
            if (epochs < 1 || trainImages < 1 || testImages < 1 || trainImages > MAX_IMAGES
                    || testImages > MAX_IMAGES) {
                return Messages.get("degradation.error.range", MAX_IMAGES);
            }
            return null;
        }

        void write(Path dir) throws IOException {
            StringBuilder b = new StringBuilder("# a live degradation series of CNN Explorer\n");
            b.append("depths=").append(String.join(",", depths.stream().map(String::valueOf).toList())).append('\n');
            b.append("kinds=").append(String.join(",", kinds.stream().map(Kind::prefix).toList())).append('\n');
            b.append("epochs=").append(epochs).append('\n');
            b.append("trainImages=").append(trainImages).append('\n');
            b.append("testImages=").append(testImages).append('\n');
            b.append("seed=").append(SEED).append('\n');
            AtomicFiles.write(dir.resolve(SETTINGS_FILE), b.toString());
        }

        static Settings read(Path dir) throws IOException {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(dir.resolve(SETTINGS_FILE))) {
                p.load(r);
            }
            try {
                return new Settings(
                        Arrays.stream(p.getProperty("depths").split(",")).map(s -> Integer.valueOf(s.trim())).toList(),
                        Arrays.stream(p.getProperty("kinds").split(",")).map(Kind::parse).toList(),
                        Integer.parseInt(p.getProperty("epochs").trim()),
                        Integer.parseInt(p.getProperty("trainImages").trim()),
                        Integer.parseInt(p.getProperty("testImages").trim()));
            } catch (RuntimeException e) {
                throw new IOException(dir.resolve(SETTINGS_FILE) + ": " + e.getMessage(), e);
            }
        }
    }

    /** One curve as the charts draw it: errors in % against iterations; a live one grows while its network trains. */
    public static final class CurveData {
        private final Member member;
        private final Source source;
        private final List<Point> points = new ArrayList<>();
        final List<double[]> train = new ArrayList<>();
        final List<double[]> test = new ArrayList<>();
        private final int plannedIterations;
        private boolean finished;

        CurveData(Member member, Source source, List<Point> points, int plannedIterations) {
            this.member = member;
            this.source = source;
            this.plannedIterations = plannedIterations;
            points.forEach(this::add);
        }

        void add(Point p) {
            points.add(p);
            train.add(new double[] {p.iteration(), 100 * p.trainError()});
            if (p.testError() != null) {
                test.add(new double[] {p.iteration(), 100 * p.testError()});
            }
        }

        public Member member() {
            return member;
        }

        public Source source() {
            return source;
        }

        public boolean finished() {
            return finished;
        }

        /** The iterations its run will have trained when it finishes (0 where unknown: shipped curves). */
        public int plannedIterations() {
            return plannedIterations;
        }

        int lastIteration() {
            return points.isEmpty() ? 0 : points.get(points.size() - 1).iteration();
        }

        public List<double[]> trainPercent() {
            return train;
        }

        public List<double[]> testPercent() {
            return test;
        }

        public List<Point> points() {
            return List.copyOf(points);
        }

        /** The curve with its final errors (so far, while it trains). */
        public Curve curve() {
            return Curve.of(member, points);
        }
    }

    /** Final errors of one network, in %: training error over its last epoch, the last test error (NaN if none). */
    public record Measured(double train, double test, Source source) {
    }

    /** A row of the table: the paper's ResNet test error at this depth (null where it has none) beside ours. */
    public record Row(int depth, Double paperResnetTest, Measured plain, Measured resnet) {
    }

    /** What the training thread reports, queued for the FX thread. */
    private sealed interface Update {
    }

    private record RunStarted(Member member, int index, int runs, List<Point> earlier) implements Update {
    }

    private record PointAdded(Member member, Point point) implements Update {
    }

    private record RunFinished(Curve curve) implements Update {
    }

    private record Event(Member member, TrainingEvent event) implements Update {
    }

    private final Path runsDir;
    private final Map<Integer, BooleanProperty> depths = new LinkedHashMap<>();
    private final BooleanProperty plain = new SimpleBooleanProperty(this, "plain");
    private final BooleanProperty residual = new SimpleBooleanProperty(this, "residual");
    private final IntegerProperty epochs = new SimpleIntegerProperty(this, "epochs");
    private final IntegerProperty trainImages = new SimpleIntegerProperty(this, "trainImages");
    private final IntegerProperty testImages = new SimpleIntegerProperty(this, "testImages");
    private final ReadOnlyObjectWrapper<TrainingViewModel.State> state =
            new ReadOnlyObjectWrapper<>(this, "state", TrainingViewModel.State.IDLE);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyObjectWrapper<Path> lastFolder = new ReadOnlyObjectWrapper<>(this, "lastFolder");
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper(this, "revision");
    private final List<CurveData> shipped = new ArrayList<>();
    private final Map<Member, CurveData> live = new LinkedHashMap<>();
    private final Queue<Update> queue = new ConcurrentLinkedQueue<>();
    private DegradationJob job;
    private int runIndex;
    private int runCount;
    private int finishedRuns;
    private long startedNanos;

    /**
     * @param runsDir where live series get their folders ({@code degradation-<time>})
     * @param curves  the shipped curves ({@link Degradation#shipped()})
     */
    public DegradationViewModel(Path runsDir, List<Curve> curves) {
        this.runsDir = runsDir;
        for (int d : Degradation.DEPTHS) {
            depths.put(d, new SimpleBooleanProperty(this, "depth" + d));
        }
        apply(QUICK);
        setShipped(curves);
    }

    /** Replaces the shipped curves (the tab shows {@link Degradation#shipped()}; tests and demos hand in others). */
    public void setShipped(List<Curve> curves) {
        shipped.clear();
        for (Curve c : curves) {
            CurveData d = new CurveData(c.member(), Source.SHIPPED, c.points(), 0);
            d.finished = true;
            shipped.add(d);
        }
        revision.set(revision.get() + 1);
    }

    /** Sets the form to the quick preset. */
    public void quick() {
        apply(QUICK);
    }

    /** Fills the form with {@code s}. */
    public void apply(Settings s) {
        depths.forEach((d, p) -> p.set(s.depths().contains(d)));
        plain.set(s.kinds().contains(Kind.PLAIN));
        residual.set(s.kinds().contains(Kind.RESIDUAL));
        epochs.set(s.epochs());
        trainImages.set(s.trainImages());
        testImages.set(s.testImages());
    }

    /** The settings the form shows. */
    public Settings settings() {
        List<Integer> chosen = depths.entrySet().stream().filter(e -> e.getValue().get()).map(Map.Entry::getKey)
                .toList();
        List<Kind> kinds = new ArrayList<>();
        if (plain.get()) {
            kinds.add(Kind.PLAIN);
        }
        if (residual.get()) {
            kinds.add(Kind.RESIDUAL);
        }
        return new Settings(chosen, kinds, epochs.get(), trainImages.get(), testImages.get());
    }

    public BooleanProperty depthProperty(int depth) {
        return depths.get(depth);
    }

    public BooleanProperty plainProperty() {
        return plain;
    }

    public BooleanProperty residualProperty() {
        return residual;
    }

    public IntegerProperty epochsProperty() {
        return epochs;
    }

    public IntegerProperty trainImagesProperty() {
        return trainImages;
    }

    public IntegerProperty testImagesProperty() {
        return testImages;
    }

    public ReadOnlyObjectProperty<TrainingViewModel.State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public TrainingViewModel.State getState() {
        return state.get();
    }

    public boolean isActive() {
        return state.get() != TrainingViewModel.State.IDLE;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The folder of the last live series: "Continue" resumes there. */
    public ReadOnlyObjectProperty<Path> lastFolderProperty() {
        return lastFolder.getReadOnlyProperty();
    }

    /** Goes up whenever the curves or the table changed: the charts' cue to draw. */
    public ReadOnlyLongProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    /** Every curve to draw: the shipped ones first (underneath), then the live ones. */
    public List<CurveData> curves() {
        List<CurveData> out = new ArrayList<>(shipped);
        out.addAll(live.values());
        return out;
    }

    public List<CurveData> shipped() {
        return List.copyOf(shipped);
    }

    public List<CurveData> live() {
        return List.copyOf(live.values());
    }

    /** A new live series with the form's settings in a new folder, or null (and a message) when it cannot start. */
    public DegradationJob start() {
        if (isActive()) {
            return null;
        }
        Settings s = settings();
        String problem = s.problem();
        if (problem != null) {
            message.set(Messages.get("train.error.settings", problem));
            return null;
        }
        Path dir = runsDir.resolve("degradation-" + LocalDateTime.now().format(
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
        return begin(s, dir, false);
    }

    /**
     * Continues the series in {@code dir} (a cancelled or interrupted one): finished networks are kept, the one that
     * was training continues from its checkpoint. The settings come from the folder and fill the form.
     */
    public DegradationJob resumeFrom(Path dir) {
        if (isActive()) {
            return null;
        }
        Settings s;
        try {
            s = Settings.read(dir);
        } catch (IOException e) {
            message.set(Messages.get("degradation.error.noSeries", dir));
            return null;
        }
        apply(s);
        return begin(s, dir, true);
    }

    private DegradationJob begin(Settings s, Path dir, boolean resume) {
        try {
            Files.createDirectories(dir);
            s.write(dir);
        } catch (IOException e) {
            message.set(Messages.get("train.error.failed", e.getMessage()));
            return null;
        }
        message.set("");
        runIndex = 0;
        runCount = s.members().size();
        finishedRuns = 0;
        startedNanos = System.nanoTime();
        job = new DegradationJob(s, dir, resume, new Degradation.Listener() {
            @Override
            public void runStarted(Member member, int index, int runs, List<Point> earlier) {
                queue.add(new RunStarted(member, index, runs, earlier));
            }

            @Override
            public void event(Member member, TrainingEvent event) {
                if (!(event instanceof TrainingEvent.Epoch)) {
                    queue.add(new Event(member, event));
                }
            }

            @Override
            public void point(Member member, Point point) {
                queue.add(new PointAdded(member, point));
            }

            @Override
            public void runFinished(Curve curve) {
                queue.add(new RunFinished(curve));
            }
        });
        lastFolder.set(dir);
        state.set(TrainingViewModel.State.RUNNING);
        status.set(Messages.get("degradation.status.loading", s.trainImages(), s.testImages()));
        revision.set(revision.get() + 1);
        return job;
    }

    /** Starts {@code job} in the background and returns its task, or null; {@link #ended} follows on the FX thread. */
    public Task<List<Curve>> launch(DegradationJob job) {
        return job == null ? null : job.launch(this::cancel, (curves, error) -> ended(job, curves, error));
    }

    public DegradationJob job() {
        return job;
    }

    public void pause() {
        if (job != null && state.get() == TrainingViewModel.State.RUNNING) {
            job.pause();
            state.set(TrainingViewModel.State.PAUSED);
            status.set(Messages.get("train.status.paused"));
        }
    }

    public void resume() {
        if (job != null && state.get() == TrainingViewModel.State.PAUSED) {
            job.resume();
            state.set(TrainingViewModel.State.RUNNING);
        }
    }

    /** Stops after the current batch; the network in training writes a checkpoint, then {@link #ended} is called. */
    public void cancel() {
        if (job != null && isActive()) {
            job.cancel();
            state.set(TrainingViewModel.State.STOPPING);
            status.set(Messages.get("train.status.stopping"));
        }
    }

    /** Forgets the live curves (not the one training now); the shipped ones stay. */
    public void clearLive() {
        Member training = isActive() && runIndex < runCount ? currentMember() : null;
        live.keySet().removeIf(m -> !m.equals(training));
        revision.set(revision.get() + 1);
    }

    private Member currentMember() {
        return job == null ? null : job.settings().members().get(Math.min(runIndex, runCount - 1));
    }

    /** Folds queued reports into the curves; true when anything changed. Call on the JavaFX thread. */
    public boolean drain() {
        boolean changed = false;
        for (Update u; (u = queue.poll()) != null; ) {
            apply(u);
            changed = true;
        }
        if (changed) {
            revision.set(revision.get() + 1);
        }
        return changed;
    }

    private void apply(Update u) {
        if (u instanceof RunStarted s) {
            runIndex = s.index();
            live.remove(s.member()); // a network trained again starts its curve over, drawn last
            int planned = job == null ? 0 : job.settings().epochs() * job.settings().iterationsPerEpoch();
            live.put(s.member(), new CurveData(s.member(), Source.LIVE, s.earlier(), planned));
            if (state.get() == TrainingViewModel.State.RUNNING) {
                status.set(Messages.get("degradation.status.runStarted", name(s.member()), s.index() + 1, s.runs()));
            }
        } else if (u instanceof PointAdded p) {
            CurveData c = live.get(p.member());
            if (c != null) {
                c.add(p.point());
            }
        } else if (u instanceof RunFinished f) {
            CurveData c = live.get(f.curve().member());
            if (c != null) {
                c.finished = true;
            }
            finishedRuns++;
        } else if (u instanceof Event e && e.event() instanceof TrainingEvent.Iteration it) {
            if (state.get() == TrainingViewModel.State.RUNNING) {
                status.set(Messages.get("degradation.status.iteration", name(e.member()), runIndex + 1, runCount,
                        it.epoch() + 1, job == null ? "?" : job.settings().epochs(), it.iteration(),
                        it.iterationsPerEpoch(), String.format(Messages.locale(), "%.0f", 100 * it.batchError()),
                        String.format(Messages.locale(), "%.0f", it.imagesPerSecond()),
                        TrainingViewModel.eta(it.etaSeconds())));
            }
        }
    }

    /** "plain-56" or "ResNet-56", as the charts' legends say. */
    static String name(Member m) {
        return Messages.get(m.residual() ? "degradation.legend.resnet" : "degradation.legend.plain",
                String.valueOf(m.depth()));
    }

    /** The series ended (finished, cancelled, or with {@code error}); called on the JavaFX thread. */
    public void ended(DegradationJob ended, List<Curve> curves, Throwable error) {
        drain();
        String elapsed = TrainingViewModel.eta((System.nanoTime() - startedNanos) / 1e9);
        if (error != null) {
            Throwable cause = error;
            while (cause.getCause() != null && !(cause instanceof DataException)) {
                cause = cause.getCause();
            }
            message.set(cause instanceof DataException ? cause.getMessage()
                    : Messages.get("train.error.failed", String.valueOf(cause.getMessage())));
            status.set("");
        } else if (ended.isCancelled()) {
            status.set(Messages.get("degradation.status.cancelled", finishedRuns, runCount, elapsed,
                    ended.folder()));
        } else {
            status.set(Messages.get("degradation.status.finished", runCount, elapsed, ended.folder()));
        }
        if (job == ended) {
            job = null;
            state.set(TrainingViewModel.State.IDLE);
        }
        revision.set(revision.get() + 1);
    }

    /** The measured final errors of {@code member}: its live curve where one has points, else the shipped one. */
    private Measured measured(Member member) {
        CurveData l = live.get(member);
        CurveData c = l != null && !l.points.isEmpty() ? l
                : shipped.stream().filter(s -> s.member.equals(member)).findFirst().orElse(null);
        if (c == null || c.points.isEmpty()) {
            return null;
        }
        Curve f = c.curve();
        return new Measured(100 * f.finalTrainError(), 100 * f.finalTestError(), c.source);
    }

    /** The table: the paper's depths and every depth we have a curve of, shallow to deep. */
    public List<Row> rows() {
        TreeSet<Integer> all = new TreeSet<>(PAPER_RESNET_TEST.keySet());
        for (CurveData c : curves()) {
            all.add(c.member.depth());
        }
        List<Row> out = new ArrayList<>();
        for (int d : all) {
            boolean ours = Degradation.DEPTHS.contains(d);
            out.add(new Row(d, PAPER_RESNET_TEST.get(d), ours ? measured(new Member(Kind.PLAIN, d)) : null,
                    ours ? measured(new Member(Kind.RESIDUAL, d)) : null));
        }
        return out;
    }

    /** The top of the error axis both panels share: the highest error drawn, rounded up to 10 % (10 to 100). */
    public double errorAxisTop() {
        double max = 0;
        for (CurveData c : curves()) {
            for (double[] p : c.train) {
                max = Math.max(max, p[1]);
            }
            for (double[] p : c.test) {
                max = Math.max(max, p[1]);
            }
        }
        return Math.min(100, Math.max(10, Math.ceil(max / 10 - 1e-9) * 10));
    }

    /**
     * The right end of the iteration axis both panels share: the length of the live runs while there are any (they
     * grow across the chart, over the shipped curves' first iterations), else the longest shipped curve.
     */
    public double lastIteration() {
        double max = 0;
        for (CurveData c : live.isEmpty() ? shipped : live.values()) {
            max = Math.max(max, Math.max(c.lastIteration(), c.plannedIterations()));
        }
        return max;
    }

    /** Every point of every curve drawn, shipped and live: the engine's CSV columns with the curve in front. */
    public String curvesCsv() {
        StringBuilder b = new StringBuilder("source,model,depth,residual,iteration,epoch,trainError,testError,seconds\n");
        for (CurveData c : curves()) {
            for (Point p : c.points) {
                b.append(String.format(Locale.ROOT, "%s,%s,%d,%b,%d,%.4f,%.6f,%s,%.1f%n",
                        c.source.name().toLowerCase(Locale.ROOT), c.member.modelId(), c.member.depth(),
                        c.member.residual(), p.iteration(), p.epoch(), p.trainError(),
                        p.testError() == null ? "" : String.format(Locale.ROOT, "%.6f", p.testError()), p.seconds()));
            }
        }
        return b.toString();
    }

    /** The table as CSV (errors in %; empty where there is no number). */
    public String tableCsv() {
        StringBuilder b = new StringBuilder("layers,paperResnetTestError,plainTrainError,plainTestError,"
                + "plainSource,resnetTrainError,resnetTestError,resnetSource\n");
        for (Row r : rows()) {
            b.append(r.depth()).append(',').append(r.paperResnetTest() == null ? "" : r.paperResnetTest());
            for (Measured m : new Measured[] {r.plain(), r.resnet()}) {
                b.append(',').append(m == null ? "" : LineChart.number(m.train()))
                        .append(',').append(m == null ? "" : LineChart.number(m.test()))
                        .append(',').append(m == null ? "" : m.source().name().toLowerCase(Locale.ROOT));
            }
            b.append('\n');
        }
        return b.toString();
    }
}
