package org.cnnexplorer.ui.train;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import org.cnnexplorer.arch.ShapeException;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.data.FashionMnist;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.train.DataChoice;
import org.cnnexplorer.train.TrainingConfig;
import org.cnnexplorer.train.TrainingEvent;
import org.cnnexplorer.train.TrainingRun;
import org.cnnexplorer.ui.JobStatus;
import org.cnnexplorer.ui.Models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * State of the Training view. The training thread only queues events; {@link #drain()}, called on
 * the JavaFX thread about ten times a second, folds them into the {@link RunRecord}s that the charts draw, so a
 * run of thousands of iterations per minute costs the UI one update per tick. Runs stay (one legend entry each)
 * until {@link #clear()}. No controls here: tested without a toolkit.
 */
public final class TrainingViewModel {

    private record Tagged(RunRecord run, TrainingEvent event) {
    }

    private final Path runsDir;
    private final StringProperty modelId = new SimpleStringProperty(this, "modelId", "mini-resnet");
    private final ObjectProperty<DataChoice> data = new SimpleObjectProperty<>(this, "data", new DataChoice.Embedded());
    private final IntegerProperty epochs = new SimpleIntegerProperty(this, "epochs", 5);
    private final IntegerProperty batchSize = new SimpleIntegerProperty(this, "batchSize", 64);
    private final DoubleProperty learningRate = new SimpleDoubleProperty(this, "learningRate", 1e-3);
    private final ObjectProperty<TrainingConfig.Optimizer> optimizer =
            new SimpleObjectProperty<>(this, "optimizer", TrainingConfig.Optimizer.ADAM);
    /** Images per split for a quick run; 0 = all. */
    private final IntegerProperty limit = new SimpleIntegerProperty(this, "limit", 0);
    private final JobStatus jobStatus = new JobStatus();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyObjectWrapper<Path> lastCheckpoint = new ReadOnlyObjectWrapper<>(this, "lastCheckpoint");
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper(this, "revision");
    private final ObservableList<RunRecord> runs = FXCollections.observableArrayList();
    private final Queue<Tagged> queue = new ConcurrentLinkedQueue<>();
    private TrainingJob job;
    private int numbered;

    public TrainingViewModel(Path runsDir) {
        this.runsDir = runsDir;
    }

    /** Catalog ids that build for 1×28×28 and 10 classes: the mini nets first, then e.g. the CIFAR ResNets. */
    public static List<String> trainableIds() {
        List<String> out = new ArrayList<>(Models.MINI);
        for (Catalog.Entry e : Catalog.entries()) {
            if (out.contains(e.id()) || e.module()) {
                continue;
            }
            try {
                e.build(FashionMnist.SHAPE, 10);
                out.add(e.id());
            } catch (ShapeException | IllegalArgumentException ex) {
                // does not fit 28×28 (too many poolings): not offered
            }
        }
        return out;
    }

    public StringProperty modelIdProperty() {
        return modelId;
    }

    public ObjectProperty<DataChoice> dataProperty() {
        return data;
    }

    public IntegerProperty epochsProperty() {
        return epochs;
    }

    public IntegerProperty batchSizeProperty() {
        return batchSize;
    }

    public DoubleProperty learningRateProperty() {
        return learningRate;
    }

    public ObjectProperty<TrainingConfig.Optimizer> optimizerProperty() {
        return optimizer;
    }

    public IntegerProperty limitProperty() {
        return limit;
    }

    public ReadOnlyObjectProperty<JobStatus.State> stateProperty() {
        return jobStatus.stateProperty();
    }

    public JobStatus.State getState() {
        return jobStatus.getState();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Path> lastCheckpointProperty() {
        return lastCheckpoint.getReadOnlyProperty();
    }

    /** Goes up whenever {@link #drain()} changed a run: the charts' cue to append. */
    public ReadOnlyLongProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    public ObservableList<RunRecord> runs() {
        return runs;
    }

    public TrainingJob job() {
        return job;
    }

    public boolean isActive() {
        return jobStatus.isActive();
    }

    /** A new run with the form's settings, or null (and a message) when a setting is out of range. */
    public TrainingJob start() {
        return begin(null);
    }

    /**
     * Continues a cancelled or finished run from its checkpoint ({@code <id>-checkpoint.zip}); the network comes from
     * the file name, the other settings from the form (the epochs must exceed those already done).
     */
    public TrainingJob resumeFrom(Path checkpoint) {
        String name = checkpoint.getFileName().toString();
        String suffix = "-checkpoint.zip";
        if (name.endsWith(suffix) && Catalog.find(name.substring(0, name.length() - suffix.length())).isPresent()) {
            modelId.set(name.substring(0, name.length() - suffix.length()));
        }
        if (!Files.isRegularFile(checkpoint)) {
            message.set(Messages.get("train.error.noCheckpoint", checkpoint));
            return null;
        }
        return begin(checkpoint);
    }

    private TrainingJob begin(Path checkpoint) {
        if (isActive()) {
            return null;
        }
        TrainingConfig config;
        try {
            Path out = checkpoint != null ? checkpoint.toAbsolutePath().getParent()
                    : runsDir.resolve(modelId.get() + "-" + LocalDateTime.now().format(
                            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
            TrainingConfig d = TrainingConfig.defaults(modelId.get(), out);
            config = new TrainingConfig(modelId.get(), epochs.get(), batchSize.get(), learningRate.get(), d.schedule(),
                    optimizer.get(), d.weightDecay(), d.seed(), d.augment(), out);
        } catch (IllegalArgumentException e) {
            message.set(Messages.get("train.error.settings", e.getMessage()));
            return null;
        }
        if (limit.get() < 0) {
            message.set(Messages.get("train.error.settings", "limit < 0"));
            return null;
        }
        message.set("");
        RunRecord record = new RunRecord(++numbered, config, data.get().describe());
        record.epochs = config.epochs();
        runs.add(record);
        job = new TrainingJob(config, data.get(), limit.get(), checkpoint, record,
                e -> queue.add(new Tagged(record, e)), jobStatus.start());
        status.set(Messages.get("train.status.loading", data.get().describe()));
        revision.set(revision.get() + 1);
        return job;
    }

    /**
     * Starts {@code job} (from {@link #start()} or {@link #resumeFrom}) in the background and returns its task for the
     * task list, or null when there is no job; {@link #ended} follows on the FX thread.
     */
    public Task<TrainingRun.Result> launch(TrainingJob job) {
        return job == null ? null : job.launch(this::cancel, (result, error) -> ended(job, result, error));
    }

    public void pause() {
        jobStatus.pause();
    }

    public void resume() {
        jobStatus.resume();
    }

    /** Stops after the current batch; the run writes a checkpoint, then {@link #ended} is called. */
    public void cancel() {
        if (jobStatus.cancel()) {
            status.set(Messages.get("train.status.stopping"));
        }
    }

    /** Folds queued events into the runs; true when anything changed. Call on the JavaFX thread. */
    public boolean drain() {
        boolean changed = false;
        for (Tagged t; (t = queue.poll()) != null; ) {
            apply(t.run(), t.event());
            changed = true;
        }
        if (changed) {
            revision.set(revision.get() + 1);
        }
        return changed;
    }

    private void apply(RunRecord r, TrainingEvent e) {
        if (e instanceof TrainingEvent.Started s) {
            r.epochs = s.epochs();
            r.epoch = s.startEpoch();
            r.iterationsPerEpoch = s.iterationsPerEpoch();
            r.trainSize = s.trainSize();
            r.testSize = s.testSize();
            status.set(Messages.get("train.status.started", s.modelId(), s.dataset(), s.trainSize(), s.testSize()));
        } else if (e instanceof TrainingEvent.Iteration it) {
            r.epoch = it.epoch();
            r.iteration = it.iteration();
            r.etaSeconds = it.etaSeconds();
            Map<String, Double> norms = it.gradientNorms();
            if (r.gradientLayers.isEmpty()) {
                r.gradientLayers.addAll(norms.keySet());
            }
            float[] row = new float[r.gradientLayers.size()];
            for (int i = 0; i < row.length; i++) {
                double norm = norms.getOrDefault(r.gradientLayers.get(i), Double.NaN);
                row[i] = norm > 0 ? (float) Math.log10(norm) : Float.NaN;
            }
            r.addStep(it.epoch() + (double) it.iteration() / it.iterationsPerEpoch(), it.loss(), it.imagesPerSecond(),
                    row);
            status.set(Messages.get("train.status.iteration", it.epoch() + 1, r.epochs, it.iteration(),
                    it.iterationsPerEpoch(), String.format(Messages.locale(), "%.4f", it.loss()),
                    String.format(Messages.locale(), "%.0f", r.imagesPerSecond), JobStatus.eta(it.etaSeconds())));
        } else if (e instanceof TrainingEvent.Epoch ep) {
            r.trainAccuracy.add(new double[] {ep.epoch() + 1, 100 * ep.trainAccuracy()});
            r.testAccuracy.add(new double[] {ep.epoch() + 1, 100 * ep.testAccuracy()});
            r.checkpoint = ep.checkpoint();
            lastCheckpoint.set(ep.checkpoint());
        } else if (e instanceof TrainingEvent.Paused) {
            r.outcome = RunRecord.Outcome.PAUSED;
            status.set(Messages.get("train.status.paused"));
        } else if (e instanceof TrainingEvent.Resumed) {
            r.outcome = RunRecord.Outcome.RUNNING;
        } else if (e instanceof TrainingEvent.Cancelled c) {
            r.outcome = RunRecord.Outcome.CANCELLED;
            r.checkpoint = c.checkpoint();
            lastCheckpoint.set(c.checkpoint());
            status.set(Messages.get("train.status.cancelled", c.epoch() + 1, c.iteration(), c.checkpoint()));
        } else if (e instanceof TrainingEvent.Finished f) {
            r.outcome = RunRecord.Outcome.FINISHED;
            r.model = f.model();
            status.set(Messages.get("train.status.finished", String.format(Messages.locale(), "%.2f",
                    100 * f.testAccuracy()), String.format(Messages.locale(), "%.0f", f.seconds()), f.model()));
        }
    }

    /** The job ended (normally, cancelled, or with {@code error}); called on the JavaFX thread. */
    public void ended(TrainingJob ended, TrainingRun.Result result, Throwable error) {
        drain();
        RunRecord r = ended.record();
        if (error != null) {
            r.outcome = RunRecord.Outcome.FAILED;
            r.error = JobStatus.cause(error).getMessage();
            message.set(JobStatus.failureMessage(error));
            status.set("");
        } else if (result == null) {
            r.outcome = RunRecord.Outcome.CANCELLED;
            status.set(Messages.get("train.status.cancelledEarly"));
        }
        if (job == ended) {
            job = null;
            jobStatus.ended();
        }
        revision.set(revision.get() + 1);
    }

    /** Forgets every run that is not training now. */
    public void clear() {
        runs.removeIf(r -> job == null || r != job.record());
        revision.set(revision.get() + 1);
    }
}
