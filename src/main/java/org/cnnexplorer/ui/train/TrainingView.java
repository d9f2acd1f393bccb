package org.cnnexplorer.ui.train;

import javafx.animation.AnimationTimer;
import javafx.animation.Timeline;
import javafx.concurrent.Task;
import javafx.concurrent.WorkerStateEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.TextFormatter;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.cnnexplorer.data.FashionMnist;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.io.DataFolders;
import org.cnnexplorer.train.DataChoice;
import org.cnnexplorer.train.TrainingConfig;
import org.cnnexplorer.train.TrainingRun;
import org.cnnexplorer.ui.Background;
import org.cnnexplorer.ui.JobStatus;
import org.cnnexplorer.ui.LivePanes;
import org.cnnexplorer.ui.Models;
import org.controlsfx.control.TaskProgressView;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Train a network and watch it learn: settings on the left, four live panels (smoothed loss per step, train and
 * test accuracy per epoch, throughput, per-layer gradient norms) and the running work. Every run keeps its curves
 * (one legend entry) until "Clear". The charts are refreshed from the view model ten times a second, whatever the
 * rate of training steps.
 */
public final class TrainingView extends BorderPane {
    /** Pulse gaps are measured only on request: the monitor itself makes JavaFX pulse 60 times a second. */
    static final boolean MEASURE = Boolean.getBoolean("cnnexplorer.pulses");

    private final TrainingViewModel vm;
    private final Background background;
    private final TrainingCharts charts;
    private final GradientStrip gradients = new GradientStrip();
    private final TaskProgressView<Task<?>> tasks = new TaskProgressView<>();
    private final Label eta = new Label();
    private final Label frames = new Label();
    private final Label saved = new Label();
    private final PulseMonitor pulses = new PulseMonitor();
    private final Painter painter = new Painter();
    private final FineTunePane fineTune;
    private Spinner<Integer> limitSpinner;
    private Spinner<Integer> epochsSpinner;
    private Spinner<Integer> batchSpinner;
    private boolean measuring;
    private final Timeline ticker;

    /** {@code fineTune} is the state of "Your own classes", shown below the settings of a run from scratch. */
    public TrainingView(TrainingViewModel vm, FineTuneViewModel fineTune, Background background) {
        this.vm = vm;
        this.background = background;
        this.fineTune = new FineTunePane(fineTune, background);
        getStyleClass().add("training-view");
        setId("training-view");
        charts = new TrainingCharts(saved::setText);
        gradients.setId("gradient-strip");
        createView();
        ticker = LivePanes.keepDrawn(this, vm.revisionProperty(), this::tick, this::refresh);
    }

    private void createView() {
        ComboBox<String> network = new ComboBox<>();
        network.setId("train-network");
        network.getItems().setAll(Models.MINI);
        network.valueProperty().bindBidirectional(vm.modelIdProperty());
        background.submit("trainable networks", c -> TrainingViewModel.trainableIds(), ids -> {
            String keep = network.getValue();
            network.getItems().setAll(ids);
            network.setValue(keep);
        }, e -> { });

        ComboBox<DataChoice> data = new ComboBox<>();
        data.setId("train-data");
        data.getItems().add(new DataChoice.Embedded());
        if (FashionMnist.systemInstalled()) {
            data.getItems().add(new DataChoice.FashionMnistFolder(FashionMnist.SYSTEM_DIR));
        }
        data.setConverter(new StringConverter<>() {
            @Override
            public String toString(DataChoice d) {
                if (d == null) {
                    return "";
                }
                if (d instanceof DataChoice.Embedded) {
                    return Messages.get("train.data.embedded");
                }
                if (d instanceof DataChoice.FashionMnistFolder f && f.dir().equals(FashionMnist.SYSTEM_DIR)) {
                    return Messages.get("train.data.full");
                }
                return Messages.get("train.data.folder", d.describe());
            }

            @Override
            public DataChoice fromString(String s) {
                return null;
            }
        });
        data.setValue(data.getItems().get(0));
        vm.dataProperty().bind(data.valueProperty());
        Button folder = new Button(Messages.get("train.data.chooseFolder"));
        folder.setId("train-data-folder");
        folder.setTooltip(new Tooltip(Messages.get("train.data.chooseFolderTip")));
        folder.setOnAction(e -> {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle(Messages.get("train.data.chooseFolder"));
            File dir = dc.showDialog(getScene().getWindow());
            if (dir != null) {
                DataChoice choice = DataChoice.parse(dir.toString());
                data.getItems().add(choice);
                data.setValue(choice);
            }
        });

        Spinner<Integer> epochs = intSpinner("train-epochs", 1, 200, vm.epochsProperty().get(), 1);
        vm.epochsProperty().bind(epochs.valueProperty());
        epochsSpinner = epochs;
        Spinner<Integer> batch = intSpinner("train-batch", 1, 1024, vm.batchSizeProperty().get(), 16);
        vm.batchSizeProperty().bind(batch.valueProperty());
        batchSpinner = batch;
        Spinner<Integer> limit = intSpinner("train-limit", 0, 60000, vm.limitProperty().get(), 256);
        limitSpinner = limit;
        limit.setTooltip(new Tooltip(Messages.get("train.limitTip")));
        vm.limitProperty().bind(limit.valueProperty());
        TextField lr = new TextField(Double.toString(vm.learningRateProperty().get()));
        lr.setId("train-lr");
        lr.setPrefColumnCount(7);
        lr.setTextFormatter(new TextFormatter<>(change ->
                change.getControlNewText().matches("[0-9.eE+-]*") ? change : null));
        lr.textProperty().addListener((o, a, b) -> {
            try {
                vm.learningRateProperty().set(Double.parseDouble(b));
            } catch (NumberFormatException ex) {
                vm.learningRateProperty().set(Double.NaN);
            }
        });
        ComboBox<TrainingConfig.Optimizer> optimizer = new ComboBox<>();
        optimizer.setId("train-optimizer");
        optimizer.getItems().setAll(TrainingConfig.Optimizer.values());
        optimizer.valueProperty().bindBidirectional(vm.optimizerProperty());
        optimizer.setButtonCell(new OptimizerCell());
        optimizer.setCellFactory(l -> new OptimizerCell());

        GridPane form = new GridPane();
        form.setHgap(6);
        form.setVgap(6);
        int row = 0;
        form.addRow(row++, new Label(Messages.get("train.network")), network);
        form.addRow(row++, new Label(Messages.get("train.data")), data);
        form.add(folder, 1, row++);
        form.addRow(row++, new Label(Messages.get("train.limit")), limit);
        form.addRow(row++, new Label(Messages.get("train.epochs")), epochs);
        form.addRow(row++, new Label(Messages.get("train.batch")), batch);
        form.addRow(row++, new Label(Messages.get("train.lr")), lr);
        form.addRow(row++, new Label(Messages.get("train.optimizer")), optimizer);
        network.setMaxWidth(Double.MAX_VALUE);
        data.setMaxWidth(Double.MAX_VALUE);
        form.getColumnConstraints().addAll(new ColumnConstraints(), new ColumnConstraints(150, 210, 260));

        Button start = button("train-start", "train.start", this::start);
        Button pause = button("train-pause", "train.pause", vm::pause);
        Button resume = button("train-resume", "train.resume", vm::resume);
        Button cancel = button("train-cancel", "train.cancel", vm::cancel);
        start.disableProperty().bind(vm.stateProperty().isNotEqualTo(JobStatus.State.IDLE));
        pause.disableProperty().bind(vm.stateProperty().isNotEqualTo(JobStatus.State.RUNNING));
        resume.disableProperty().bind(vm.stateProperty().isNotEqualTo(JobStatus.State.PAUSED));
        cancel.disableProperty().bind(vm.stateProperty().isEqualTo(JobStatus.State.IDLE)
                .or(vm.stateProperty().isEqualTo(JobStatus.State.STOPPING)));
        start.setDefaultButton(true);
        HBox controls = new HBox(6, start, pause, resume, cancel);
        Button continueLast = button("train-continue", "train.continue", () -> {
            Path ckpt = vm.lastCheckpointProperty().get();
            if (ckpt != null) {
                show(vm.resumeFrom(ckpt));
            }
        });
        continueLast.disableProperty().bind(vm.lastCheckpointProperty().isNull()
                .or(vm.stateProperty().isNotEqualTo(JobStatus.State.IDLE)));
        Button fromFile = button("train-resume-file", "train.resumeFile", this::chooseCheckpoint);
        fromFile.disableProperty().bind(vm.stateProperty().isNotEqualTo(JobStatus.State.IDLE));
        Button clear = button("train-clear", "train.clear", vm::clear);
        HBox more = new HBox(6, continueLast, fromFile);

        Label status = new Label();
        status.setId("train-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());
        Label message = new Label();
        message.setId("train-message");
        message.setWrapText(true);
        message.getStyleClass().add("error-message");
        message.textProperty().bind(vm.messageProperty());
        message.managedProperty().bind(message.textProperty().isNotEmpty());
        eta.setId("train-eta");
        eta.getStyleClass().add("big-number");
        frames.setId("train-frames");
        frames.getStyleClass().add("muted");
        frames.setWrapText(true);
        saved.setId("train-saved");
        saved.getStyleClass().add("muted");
        saved.setWrapText(true);
        saved.managedProperty().bind(saved.textProperty().isNotEmpty());
        Label runs = new Label(Messages.get("train.tasks"));
        runs.getStyleClass().add("section-title");
        tasks.setId("train-tasks");
        tasks.setPrefHeight(150);
        // ControlsFX's skin hard-codes an English "No tasks running"; its list takes our own placeholder instead.
        tasks.skinProperty().addListener((o, a, skin) -> {
            if (skin != null && tasks.lookup(".list-view") instanceof ListView<?> list) {
                list.setPlaceholder(new Label(Messages.get("train.tasks.none")));
            }
        });
        Label title = new Label(Messages.get("train.title"));
        title.getStyleClass().add("section-title");
        VBox left = new VBox(8, title, form, controls, more, clear, message, eta, status, frames, saved, runs, tasks,
                fineTune);
        left.setPrefWidth(330);
        setLeft(LivePanes.leftColumn(left, 350));
        setCenter(LivePanes.grid(charts.loss().viewer(), charts.accuracy().viewer(), charts.throughput().viewer(),
                gradients, 50));
    }

    private static final class OptimizerCell extends ListCell<TrainingConfig.Optimizer> {
        @Override
        protected void updateItem(TrainingConfig.Optimizer item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? ""
                    : Messages.get("train.optimizer." + item.name().toLowerCase(Locale.ROOT)));
        }
    }

    private static Spinner<Integer> intSpinner(String id, int min, int max, int value, int step) {
        Spinner<Integer> s = new Spinner<>(min, max, value, step);
        s.setId(id);
        s.setEditable(true);
        s.setPrefWidth(110);
        return s;
    }

    private static Button button(String id, String key, Runnable action) {
        Button b = new Button(Messages.get(key));
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    /**
     * Starts {@code id} with the form's settings, changed where given: {@code limit} images per split (0 = all),
     * {@code epochs} and {@code batch} where above 0 (demos, screenshots, frame-time measurements).
     */
    public void start(String id, int limit, int epochs, int batch) {
        vm.modelIdProperty().set(id);
        limitSpinner.getValueFactory().setValue(limit);
        if (epochs > 0) {
            epochsSpinner.getValueFactory().setValue(epochs);
        }
        if (batch > 0) {
            batchSpinner.getValueFactory().setValue(batch);
        }
        start();
    }

    private void start() {
        show(vm.start());
    }

    private void chooseCheckpoint() {
        FileChooser fc = new FileChooser();
        fc.setTitle(Messages.get("train.resumeFile"));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(Messages.get("train.checkpoints"),
                "*-checkpoint.zip"));
        Path dir = DataFolders.runs();
        if (Files.isDirectory(dir)) {
            fc.setInitialDirectory(dir.toFile());
        }
        File f = fc.showOpenDialog(getScene().getWindow());
        if (f != null) {
            show(vm.resumeFrom(f.toPath()));
        }
    }

    /** Launches the job (the view model runs it) and lists its task; its cancel button stops the run. */
    private void show(TrainingJob job) {
        Task<TrainingRun.Result> task = vm.launch(job);
        if (task == null) {
            return;
        }
        // the measurements only; the view model ends the run through the task's own handlers
        task.addEventHandler(WorkerStateEvent.WORKER_STATE_SUCCEEDED,
                e -> finished(job, task.getValue()));
        task.addEventHandler(WorkerStateEvent.WORKER_STATE_FAILED, e -> finished(job, null));
        tasks.getTasks().add(task);
        measuring = false;
    }

    /** Prints the UI's pulse gaps during the run, when asked to measure them ({@link #MEASURE}). */
    private void finished(TrainingJob job, TrainingRun.Result result) {
        if (!measuring) {
            return;
        }
        PulseMonitor.Stats s = pulses.finish();
        measuring = false;
        frames.setText(Messages.get("train.frames", s.count(), String.format(Locale.ROOT, "%.1f", s.meanMillis()),
                String.format(Locale.ROOT, "%.1f", s.p99Millis()), String.format(Locale.ROOT, "%.1f", s.maxMillis()),
                job.threads(), String.format(Locale.ROOT, "%.1f", s.refreshMeanMillis()),
                String.format(Locale.ROOT, "%.1f", s.refreshMaxMillis())));
        pulses.print(s, job.config().modelId(), job.threads(), result == null ? List.of() : result.history());
    }

    private void tick() {
        vm.drain();
    }

    /**
     * Schedules the charts' update. Each chart repaints itself at once when its data change (JFreeChart draws on the
     * FX thread), so the charts are brought up to date one per pulse: a refresh then costs a frame at most one chart's
     * repaint, never all of them together.
     */
    private void refresh() {
        painter.request();
    }

    /** One step of the staggered refresh; returns false when it was the last. */
    private boolean paintStep(int step) {
        long t0 = System.nanoTime();
        if (step < TrainingCharts.STEPS) {
            charts.paint(step, vm.runs());
        } else {
            showLatest();
        }
        long nanos = System.nanoTime() - t0;
        pulses.step(step, nanos);
        return step < TrainingCharts.STEPS;
    }

    private void showLatest() {
        RunRecord latest = vm.runs().isEmpty() ? null : vm.runs().get(vm.runs().size() - 1);
        gradients.show(latest);
        if (MEASURE && !measuring && latest != null && vm.isActive() && !latest.loss().isEmpty()) {
            // measured from the first step on: start-up (loading data, building the graph) is not the UI's doing
            measuring = true;
            pulses.start();
        }
        if (latest != null && vm.isActive()) {
            String speed = Double.isNaN(latest.imagesPerSecond) ? "–"
                    : String.format(Locale.ROOT, "%.0f", latest.imagesPerSecond);
            eta.setText(Messages.get("train.eta", JobStatus.eta(latest.etaSeconds), speed));
        } else {
            eta.setText("");
        }
    }

    /** Runs {@link #paintStep} once per pulse until all steps are done; a request while it runs starts it over. */
    private final class Painter extends AnimationTimer {
        private int step = -1;
        private boolean again;

        void request() {
            if (step >= 0) {
                again = true;
                return;
            }
            step = 0;
            paintNow();
            start();
        }

        @Override
        public void handle(long now) {
            paintNow();
        }

        private void paintNow() {
            if (step < 0) {
                return;
            }
            if (paintStep(step)) {
                step++;
            } else if (again) {
                again = false;
                step = 0;
            } else {
                step = -1;
                stop();
            }
        }
    }

    public TrainingViewModel viewModel() {
        return vm;
    }

    /** Number of points the loss chart holds (for tests). */
    public int lossPoints() {
        return charts.loss().points();
    }

    /** Stops the refresh timer (window closing). */
    public void dispose() {
        ticker.stop();
    }

    public List<Task<?>> tasks() {
        return new ArrayList<>(tasks.getTasks());
    }
}
