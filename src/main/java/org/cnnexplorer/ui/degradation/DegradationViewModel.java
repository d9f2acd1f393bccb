package org.cnnexplorer.ui.degradation;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.concurrent.Task;
import org.cnnexplorer.experiments.Curve;
import org.cnnexplorer.experiments.Curve.Point;
import org.cnnexplorer.experiments.Degradation;
import org.cnnexplorer.experiments.Degradation.Kind;
import org.cnnexplorer.experiments.Degradation.Member;
import org.cnnexplorer.experiments.DepthSeries;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.train.TrainingEvent;
import org.cnnexplorer.ui.JobStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * State of the Degradation tab: the shipped curves, the live series (trained in the background by a {@link
 * DegradationJob}), the form that chooses it, and the table of final errors beside the paper's. The training thread
 * only queues what it reports; {@link #drain()}, called on the JavaFX thread about ten times a second, folds it into
 * the curves the charts draw. No controls here: tested without a toolkit.
 */
public final class DegradationViewModel {

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
    private final ObjectProperty<ErrorAxis> axis = new SimpleObjectProperty<>(this, "axis", ErrorAxis.PAPER);
    private final BooleanProperty sameDepth = new SimpleBooleanProperty(this, "sameDepth");
    private final JobStatus jobStatus = new JobStatus();
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
        apply(SeriesSettings.QUICK);
        setShipped(curves);
    }

    /** Replaces the shipped curves (the tab shows {@link Degradation#shipped()}; tests and demos hand in others). */
    public void setShipped(List<Curve> curves) {
        shipped.clear();
        for (Curve c : curves) {
            CurveData d = new CurveData(c.member(), CurveData.Source.SHIPPED, c.points(), 0);
            d.markFinished();
            shipped.add(d);
        }
        revision.set(revision.get() + 1);
    }

    /** Sets the form to the quick preset. */
    public void quick() {
        apply(SeriesSettings.QUICK);
        axis.set(ErrorAxis.FULL); // a preset's short runs end far above 30 % error
    }

    /** Fills the form with the shortcut preset: plain-56 against ResNet-56. */
    public void shortcut() {
        apply(SeriesSettings.SHORTCUT);
        axis.set(ErrorAxis.FULL);
    }

    /** Fills the form with {@code s}. */
    public void apply(SeriesSettings s) {
        depths.forEach((d, p) -> p.set(s.depths().contains(d)));
        plain.set(s.kinds().contains(Kind.PLAIN));
        residual.set(s.kinds().contains(Kind.RESIDUAL));
        epochs.set(s.epochs());
        trainImages.set(s.trainImages());
        testImages.set(s.testImages());
    }

    /** The settings the form shows. */
    public SeriesSettings settings() {
        List<Integer> chosen = depths.entrySet().stream().filter(e -> e.getValue().get()).map(Map.Entry::getKey)
                .toList();
        List<Kind> kinds = new ArrayList<>();
        if (plain.get()) {
            kinds.add(Kind.PLAIN);
        }
        if (residual.get()) {
            kinds.add(Kind.RESIDUAL);
        }
        return new SeriesSettings(chosen, kinds, epochs.get(), trainImages.get(), testImages.get());
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

    public ReadOnlyObjectProperty<JobStatus.State> stateProperty() {
        return jobStatus.stateProperty();
    }

    public JobStatus.State getState() {
        return jobStatus.getState();
    }

    public boolean isActive() {
        return jobStatus.isActive();
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
        SeriesSettings s = settings();
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
        SeriesSettings s;
        try {
            s = SeriesSettings.read(dir);
        } catch (IOException e) {
            message.set(Messages.get("degradation.error.noSeries", dir));
            return null;
        }
        apply(s);
        return begin(s, dir, true);
    }

    private DegradationJob begin(SeriesSettings s, Path dir, boolean resume) {
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
        job = new DegradationJob(s, dir, resume, new DepthSeries.Listener() {
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
        }, jobStatus.start());
        lastFolder.set(dir);
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
        if (jobStatus.pause()) {
            status.set(Messages.get("train.status.paused"));
        }
    }

    public void resume() {
        jobStatus.resume();
    }

    /** Stops after the current batch; the network in training writes a checkpoint, then {@link #ended} is called. */
    public void cancel() {
        if (jobStatus.cancel()) {
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
            live.put(s.member(), new CurveData(s.member(), CurveData.Source.LIVE, s.earlier(), planned));
            if (jobStatus.getState() == JobStatus.State.RUNNING) {
                status.set(Messages.get("degradation.status.runStarted", CurveData.name(s.member()), s.index() + 1,
                        s.runs()));
            }
        } else if (u instanceof PointAdded p) {
            CurveData c = live.get(p.member());
            if (c != null) {
                c.add(p.point());
            }
        } else if (u instanceof RunFinished f) {
            CurveData c = live.get(f.curve().member());
            if (c != null) {
                c.markFinished();
            }
            finishedRuns++;
        } else if (u instanceof Event e && e.event() instanceof TrainingEvent.Iteration it) {
            if (jobStatus.getState() == JobStatus.State.RUNNING) {
                status.set(Messages.get("degradation.status.iteration", CurveData.name(e.member()), runIndex + 1,
                        runCount, it.epoch() + 1, job == null ? "?" : job.settings().epochs(), it.iteration(),
                        it.iterationsPerEpoch(), String.format(Messages.locale(), "%.0f", 100 * it.batchError()),
                        String.format(Messages.locale(), "%.0f", it.imagesPerSecond()),
                        JobStatus.eta(it.etaSeconds())));
            }
        }
    }

    /** The series ended (finished, cancelled, or with {@code error}); called on the JavaFX thread. */
    public void ended(DegradationJob ended, List<Curve> curves, Throwable error) {
        drain();
        String elapsed = JobStatus.eta((System.nanoTime() - startedNanos) / 1e9);
        if (error != null) {
            message.set(JobStatus.failureMessage(error));
            status.set("");
        } else if (jobStatus.getState() == JobStatus.State.STOPPING) {
            status.set(Messages.get("degradation.status.cancelled", finishedRuns, runCount, elapsed,
                    ended.folder()));
        } else {
            status.set(Messages.get("degradation.status.finished", runCount, elapsed, ended.folder()));
        }
        if (job == ended) {
            job = null;
            jobStatus.ended();
        }
        revision.set(revision.get() + 1);
    }

    /** The table: the paper's depths and every depth we have a curve of, shallow to deep. */
    public List<ErrorTable.Row> rows() {
        return ErrorTable.rows(shipped, live());
    }

    public ObjectProperty<ErrorAxis> axisProperty() {
        return axis;
    }

    /**
     * Whether the panels show one depth each, without and with shortcuts (the shallowest and the deepest depth drawn
     * both ways), instead of the paper's plain | residual layout.
     */
    public BooleanProperty sameDepthProperty() {
        return sameDepth;
    }

    /** Every depth drawn both plain and residual, shallow to deep (see {@link ErrorTable#sameDepths}). */
    public List<ErrorTable.SameDepth> sameDepths() {
        return ErrorTable.sameDepths(shipped, live());
    }

    /** The orderings the final training errors show (see {@link ErrorTable#orderings}). */
    public List<ErrorTable.Ordering> orderings() {
        return ErrorTable.orderings(shipped, live());
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
        return ErrorTable.curvesCsv(curves());
    }

    /** The table as CSV (errors in %; empty where there is no number). */
    public String tableCsv() {
        return ErrorTable.csv(rows());
    }
}
