package org.cnnexplorer.live;

import javafx.animation.AnimationTimer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.TextFormatter;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.util.Duration;
import javafx.util.StringConverter;
import org.cnnexplorer.data.FashionMnist;
import org.cnnexplorer.dl4j.NativeThreads;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.train.DataChoice;
import org.cnnexplorer.train.TrainingConfig;
import org.cnnexplorer.train.TrainingEvent;
import org.cnnexplorer.train.TrainingRun;
import org.cnnexplorer.ui.Background;
import org.cnnexplorer.ui.ChartFonts;
import org.controlsfx.control.TaskProgressView;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Train a network and watch it learn: settings on the left, four live panels (smoothed loss per step, train and
 * test accuracy per epoch, throughput, per-layer gradient norms) and the running work. Every run keeps its curves
 * (one legend entry) until "Clear". The charts are refreshed from the view model ten times a second, whatever the
 * rate of training steps.
 */
public final class TrainingView extends BorderPane {
    /** The refresh rate of the charts. */
    static final Duration TICK = Duration.millis(100);
    /** Pulse gaps are measured only on request: the monitor itself makes JavaFX pulse 60 times a second. */
    static final boolean MEASURE = Boolean.getBoolean("cnnexplorer.pulses");
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e), new Color(0x17becf), new Color(0x8c564b), new Color(0xe377c2)};

    private final TrainingViewModel vm;
    private final Background background;
    private final XYSeriesCollection lossData = new XYSeriesCollection();
    private final XYSeriesCollection accuracyData = new XYSeriesCollection();
    private final XYSeriesCollection throughputData = new XYSeriesCollection();
    private final ChartViewer lossChart;
    private final ChartViewer accuracyChart;
    private final javafx.beans.value.ChangeListener<Boolean> projectorListener = (o, a, b) -> projectorChanged();
    private final ChartViewer throughputChart;
    private final GradientStrip gradients = new GradientStrip();
    private final TaskProgressView<Task<?>> tasks = new TaskProgressView<>();
    private final Map<RunRecord, Drawn> drawn = new HashMap<>();
    private final Label eta = new Label();
    private final Label frames = new Label();
    private final PulseMonitor pulses = new PulseMonitor();
    private final Painter painter = new Painter();
    private Spinner<Integer> limitSpinner;
    private Spinner<Integer> epochsSpinner;
    private Spinner<Integer> batchSpinner;
    private boolean measuring;
    private final Timeline ticker = new Timeline(new KeyFrame(TICK, e -> tick()));

    /** The series of one run in the three charts. */
    private static final class Drawn {
        ThinnedSeries loss;
        XYSeries train;
        XYSeries test;
        ThinnedSeries throughput;
    }

    public TrainingView(TrainingViewModel vm, Background background) {
        this.vm = vm;
        this.background = background;
        getStyleClass().add("training-view");
        setId("training-view");
        lossChart = chart(lossData, "train.chart.loss", "train.chart.epoch", "train.chart.lossAxis", false);
        lossChart.setId("chart-loss");
        accuracyChart = chart(accuracyData, "train.chart.accuracy", "train.chart.epoch", "train.chart.accuracyAxis",
                true);
        accuracyChart.setId("chart-accuracy");
        org.cnnexplorer.ui.Projector.onProperty().addListener(new javafx.beans.value.WeakChangeListener<>(projectorListener));
        // Accuracy is measured after whole epochs: integer ticks, and a range of at least one epoch so that a first
        // point does not get an axis of identical "1E0" labels.
        org.jfree.chart.axis.NumberAxis epochAxis =
                (org.jfree.chart.axis.NumberAxis) accuracyChart.getChart().getXYPlot().getDomainAxis();
        epochAxis.setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createIntegerTickUnits());
        epochAxis.setAutoRangeMinimumSize(2);
        org.jfree.chart.axis.NumberAxis percent =
                (org.jfree.chart.axis.NumberAxis) accuracyChart.getChart().getXYPlot().getRangeAxis();
        percent.setAutoRangeMinimumSize(2);
        throughputChart = chart(throughputData, "train.chart.throughput", "train.chart.epoch",
                "train.chart.throughputAxis", false);
        throughputChart.setId("chart-throughput");
        gradients.setId("gradient-strip");
        createView();
        ticker.setCycleCount(Timeline.INDEFINITE);
        ticker.play();
        vm.revisionProperty().addListener((o, a, b) -> {
            if (isVisible()) {
                refresh();
            }
        });
        // a tab's content is hidden while another tab shows: catch up when it comes back
        visibleProperty().addListener((o, a, b) -> {
            if (b) {
                refresh();
            }
        });
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
        start.disableProperty().bind(vm.stateProperty().isNotEqualTo(TrainingViewModel.State.IDLE));
        pause.disableProperty().bind(vm.stateProperty().isNotEqualTo(TrainingViewModel.State.RUNNING));
        resume.disableProperty().bind(vm.stateProperty().isNotEqualTo(TrainingViewModel.State.PAUSED));
        cancel.disableProperty().bind(vm.stateProperty().isEqualTo(TrainingViewModel.State.IDLE)
                .or(vm.stateProperty().isEqualTo(TrainingViewModel.State.STOPPING)));
        start.setDefaultButton(true);
        HBox controls = new HBox(6, start, pause, resume, cancel);
        Button continueLast = button("train-continue", "train.continue", () -> {
            Path ckpt = vm.lastCheckpointProperty().get();
            if (ckpt != null) {
                launch(vm.resumeFrom(ckpt));
            }
        });
        continueLast.disableProperty().bind(vm.lastCheckpointProperty().isNull()
                .or(vm.stateProperty().isNotEqualTo(TrainingViewModel.State.IDLE)));
        Button fromFile = button("train-resume-file", "train.resumeFile", this::chooseCheckpoint);
        fromFile.disableProperty().bind(vm.stateProperty().isNotEqualTo(TrainingViewModel.State.IDLE));
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
        Label runs = new Label(Messages.get("train.tasks"));
        runs.getStyleClass().add("section-title");
        tasks.setId("train-tasks");
        tasks.setPrefHeight(150);
        // ControlsFX's skin hard-codes an English "No tasks running"; its list takes our own placeholder instead.
        tasks.skinProperty().addListener((o, a, skin) -> {
            if (skin != null && tasks.lookup(".list-view") instanceof javafx.scene.control.ListView<?> list) {
                list.setPlaceholder(new Label(Messages.get("train.tasks.none")));
            }
        });
        Label title = new Label(Messages.get("train.title"));
        title.getStyleClass().add("section-title");
        VBox left = new VBox(8, title, form, controls, more, clear, message, eta, status, frames, runs, tasks);
        left.setPadding(new Insets(10));
        left.setPrefWidth(330);
        left.setFillWidth(true);
        ScrollPane leftScroll = new ScrollPane(left);
        leftScroll.setFitToWidth(true);
        leftScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        leftScroll.setPrefWidth(350);
        setLeft(leftScroll);

        GridPane charts = new GridPane();
        charts.setHgap(6);
        charts.setVgap(6);
        charts.setPadding(new Insets(6));
        charts.add(lossChart, 0, 0);
        charts.add(accuracyChart, 1, 0);
        charts.add(throughputChart, 0, 1);
        charts.add(gradients, 1, 1);
        ColumnConstraints half = new ColumnConstraints();
        half.setPercentWidth(50);
        half.setHgrow(Priority.ALWAYS);
        RowConstraints halfRow = new RowConstraints();
        halfRow.setPercentHeight(50);
        halfRow.setVgrow(Priority.ALWAYS);
        charts.getColumnConstraints().addAll(half, half);
        charts.getRowConstraints().addAll(halfRow, halfRow);
        for (var n : List.of(lossChart, accuracyChart, throughputChart, gradients)) {
            GridPane.setHgrow(n, Priority.ALWAYS);
            GridPane.setVgrow(n, Priority.ALWAYS);
        }
        setCenter(charts);
    }

    private static final class OptimizerCell extends ListCell<TrainingConfig.Optimizer> {
        @Override
        protected void updateItem(TrainingConfig.Optimizer item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? "" : Messages.get("train.optimizer." + item.name().toLowerCase(Locale.ROOT)));
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

    private ChartViewer chart(XYSeriesCollection data, String title, String x, String y, boolean shapes) {
        JFreeChart chart = ChartFactory.createXYLineChart(Messages.get(title), Messages.get(x), Messages.get(y), data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, shapes);
        r.setDefaultStroke(new BasicStroke(1.6f));
        r.setAutoPopulateSeriesStroke(false);
        // One path per series instead of one stroke per segment: several times cheaper on the FX thread.
        r.setDrawSeriesLineAsPath(true);
        plot.setRenderer(r);
        org.jfree.chart.axis.NumberAxis range = (org.jfree.chart.axis.NumberAxis) plot.getRangeAxis();
        range.setAutoRangeIncludesZero(false);
        String font = ChartFonts.family();
        java.awt.Font base = new java.awt.Font(font, java.awt.Font.PLAIN, 11);
        chart.getTitle().setFont(base.deriveFont(java.awt.Font.BOLD, 13f));
        plot.getDomainAxis().setLabelFont(base);
        range.setLabelFont(base);
        chart.getLegend().setItemFont(base.deriveFont(10f));
        chart.setBackgroundPaint(Color.WHITE);
        ChartViewer v = new ChartViewer(chart);
        v.setMinSize(200, 150);
        v.setPrefSize(400, 300);
        return v;
    }

    /**
     * Trains {@code ids} one after another (demos, screenshots, frame-time measurements); {@code limit} images per
     * split, 0 = all; {@code epochs} 0 keeps the form's value.
     */
    public void demo(List<String> ids, int limit, int epochs, int batch) {
        java.util.Deque<String> queue = new java.util.ArrayDeque<>(ids);
        Runnable next = () -> {
            String id = queue.poll();
            if (id != null) {
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
        };
        vm.stateProperty().addListener((o, a, b) -> {
            if (b == TrainingViewModel.State.IDLE) {
                javafx.application.Platform.runLater(next);
            }
        });
        next.run();
    }

    private void start() {
        launch(vm.start());
    }

    private void chooseCheckpoint() {
        FileChooser fc = new FileChooser();
        fc.setTitle(Messages.get("train.resumeFile"));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(Messages.get("train.checkpoints"),
                "*-checkpoint.zip"));
        Path dir = TrainingViewModel.defaultRunsDir();
        if (Files.isDirectory(dir)) {
            fc.setInitialDirectory(dir.toFile());
        }
        File f = fc.showOpenDialog(getScene().getWindow());
        if (f != null) {
            launch(vm.resumeFrom(f.toPath()));
        }
    }

    /** Runs the job on its own daemon thread as a Task, listed in the task view; its cancel button stops the run. */
    void launch(TrainingJob job) {
        if (job == null) {
            return;
        }
        Task<TrainingRun.Result> task = new Task<>() {
            @Override
            protected TrainingRun.Result call() throws Exception {
                // before the first ND4J op, so that the worker threads it starts inherit the lower priority
                NativeThreads.runInBackground();
                updateTitle(job.record().name());
                updateMessage(Messages.get("train.status.loading", job.record().dataName()));
                job.observe(e -> {
                    if (e instanceof TrainingEvent.Iteration it) {
                        long done = (long) it.epoch() * it.iterationsPerEpoch() + it.iteration();
                        updateProgress(done, (long) job.config().epochs() * it.iterationsPerEpoch());
                        updateMessage(Messages.get("train.task.progress", it.epoch() + 1, job.config().epochs(),
                                TrainingViewModel.eta(it.etaSeconds())));
                    } else if (e instanceof TrainingEvent.Epoch ep) {
                        updateMessage(Messages.get("train.task.evaluated", ep.epoch() + 1,
                                String.format(Messages.locale(), "%.1f", 100 * ep.testAccuracy())));
                    }
                });
                return job.call();
            }

            /** A training run is stopped between batches so that it can checkpoint; never interrupted. */
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                vm.cancel();
                return true;
            }
        };
        task.setOnSucceeded(e -> finished(job, task.getValue(), null));
        task.setOnFailed(e -> finished(job, null, task.getException()));
        tasks.getTasks().add(task);
        measuring = false;
        Thread t = new Thread(task, "training " + job.config().modelId());
        t.setDaemon(true);
        // The FX thread keeps its core: the run computes with one core fewer (NativeThreads), and the task lowers
        // its thread's OS priority so that the UI wins when both want the same core.
        t.start();
    }

    private void finished(TrainingJob job, TrainingRun.Result result, Throwable error) {
        vm.ended(job, result, error);
        if (!measuring) {
            return;
        }
        PulseMonitor.Stats s = pulses.finish();
        measuring = false;
        frames.setText(Messages.get("train.frames", s.count(), String.format(Locale.ROOT, "%.1f", s.meanMillis()),
                String.format(Locale.ROOT, "%.1f", s.p99Millis()), String.format(Locale.ROOT, "%.1f", s.maxMillis()),
                job.threads(), String.format(Locale.ROOT, "%.1f", s.refreshMeanMillis()),
                String.format(Locale.ROOT, "%.1f", s.refreshMaxMillis())));
        StringBuilder epochs = new StringBuilder();
        if (result != null) {
            for (TrainingEvent.Epoch e : result.history()) {
                epochs.append(String.format(Locale.ROOT, "; epoch %d %.1f s, %.0f img/s, test %.2f %%", e.epoch() + 1,
                        e.seconds(), e.imagesPerSecond(), 100 * e.testAccuracy()));
            }
        }
        System.out.println("fx-pulses during training " + job.config().modelId() + " (" + job.threads()
                + " ND4J threads): " + s + "; " + pulses.partsText() + epochs);
        System.out.println("fx-long-gaps (JVM uptime:gap): " + pulses.longGapsText());
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
        switch (step) {
            case 0 -> {
                prune();
                for (RunRecord r : vm.runs()) {
                    drawn(r).loss.append(r.loss());
                }
                recolour();
            }
            case 1 -> {
                for (RunRecord r : vm.runs()) {
                    Drawn d = drawn(r);
                    append(d.train, r.trainAccuracy());
                    append(d.test, r.testAccuracy());
                }
            }
            case 2 -> {
                for (RunRecord r : vm.runs()) {
                    drawn(r).throughput.append(r.throughput());
                }
            }
            default -> showLatest();
        }
        long nanos = System.nanoTime() - t0;
        pulses.step(step, nanos);
        return step < 3;
    }

    /** A run may have started between two steps of a refresh: its series are made by whichever step sees it first. */
    private Drawn drawn(RunRecord r) {
        return drawn.computeIfAbsent(r, this::newSeries);
    }

    private void prune() {
        drawn.keySet().removeIf(r -> {
            if (vm.runs().contains(r)) {
                return false;
            }
            Drawn d = drawn.get(r);
            lossData.removeSeries(d.loss.series());
            accuracyData.removeSeries(d.train);
            accuracyData.removeSeries(d.test);
            throughputData.removeSeries(d.throughput.series());
            return true;
        });
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
            eta.setText(Messages.get("train.eta", TrainingViewModel.eta(latest.etaSeconds),
                    Double.isNaN(latest.imagesPerSecond) ? "–" : String.format(Locale.ROOT, "%.0f", latest.imagesPerSecond)));
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

    private Drawn newSeries(RunRecord r) {
        Drawn d = new Drawn();
        d.loss = new ThinnedSeries(new XYSeries(r.name(), false, true));
        d.train = new XYSeries(r.name() + " · " + Messages.get("train.chart.train"), false, true);
        d.test = new XYSeries(r.name() + " · " + Messages.get("train.chart.test"), false, true);
        d.throughput = new ThinnedSeries(new XYSeries(r.name(), false, true));
        lossData.addSeries(d.loss.series());
        accuracyData.addSeries(d.train);
        accuracyData.addSeries(d.test);
        throughputData.addSeries(d.throughput.series());
        return d;
    }

    /** Title and axis fonts, larger in projector mode. */
    private static void fonts(JFreeChart chart) {
        float k = (float) org.cnnexplorer.ui.Projector.scale();
        java.awt.Font base = new java.awt.Font(ChartFonts.family(), java.awt.Font.PLAIN, 11).deriveFont(11f * k);
        chart.getTitle().setFont(base.deriveFont(java.awt.Font.BOLD, 13f * k));
        chart.getXYPlot().getDomainAxis().setLabelFont(base);
        chart.getXYPlot().getRangeAxis().setLabelFont(base);
        chart.getXYPlot().getDomainAxis().setTickLabelFont(base.deriveFont(10f * k));
        chart.getXYPlot().getRangeAxis().setTickLabelFont(base.deriveFont(10f * k));
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(base.deriveFont(10f * k));
        }
    }

    /** Projector mode switched: fonts and line widths of the charts follow. */
    private void projectorChanged() {
        for (ChartViewer c : List.of(lossChart, accuracyChart)) {
            fonts(c.getChart());
        }
        recolour();
    }

    /** One colour per run in every chart; train accuracy dashed, test solid; lines wider in projector mode. */
    private void recolour() {
        float k = (float) org.cnnexplorer.ui.Projector.scale();
        BasicStroke solid = new BasicStroke(1.6f * k);
        BasicStroke dashed = new BasicStroke(1.4f * k, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {5f * k, 4f * k}, 0f);
        for (RunRecord r : vm.runs()) {
            Drawn d = drawn(r);
            Color c = COLOURS[(r.number() - 1) % COLOURS.length];
            colour(lossChart, lossData.indexOf(d.loss.series()), c, solid);
            colour(accuracyChart, accuracyData.indexOf(d.train), c, dashed);
            colour(accuracyChart, accuracyData.indexOf(d.test), c, solid);
            colour(throughputChart, throughputData.indexOf(d.throughput.series()), c, solid);
        }
    }

    private static void colour(ChartViewer v, int series, Color c, BasicStroke stroke) {
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) v.getChart().getXYPlot().getRenderer();
        if (series >= 0 && !c.equals(r.getSeriesPaint(series))) {
            r.setSeriesPaint(series, c);
        }
        if (series >= 0 && !stroke.equals(r.getSeriesStroke(series))) {
            r.setSeriesStroke(series, stroke);
        }
    }

    private static void append(XYSeries s, List<double[]> points) {
        int have = s.getItemCount();
        if (have >= points.size()) {
            return;
        }
        for (int i = have; i < points.size(); i++) {
            s.add(points.get(i)[0], points.get(i)[1], false);
        }
        s.fireSeriesChanged();
    }

    public TrainingViewModel viewModel() {
        return vm;
    }

    /** Number of points the loss chart holds (for tests). */
    int lossPoints() {
        int n = 0;
        for (int i = 0; i < lossData.getSeriesCount(); i++) {
            n += lossData.getSeries(i).getItemCount();
        }
        return n;
    }

    /** Stops the refresh timer (window closing). */
    public void dispose() {
        ticker.stop();
    }

    List<Task<?>> tasks() {
        return new ArrayList<>(tasks.getTasks());
    }

    /**
     * Gaps between JavaFX pulses while a run trains: a stalled FX thread shows as a long gap. Pulses come at most
     * 60 times a second; with nothing to draw JavaFX may skip some, so the gaps are an upper bound on frame time.
     */
    static final class PulseMonitor extends AnimationTimer {
        private long last;
        private boolean running;
        private final List<Long> gaps = new ArrayList<>();
        private final List<Long> refreshes = new ArrayList<>();
        /** When (JVM uptime, ms) each gap over 40 ms ended and how long it was: to line them up with the GC log. */
        private final StringBuilder longGaps = new StringBuilder();
        private long uptimeOffsetNanos;

        record Stats(int count, double meanMillis, double p99Millis, double maxMillis, double refreshMeanMillis,
                     double refreshMaxMillis) {
            @Override
            public String toString() {
                return String.format(Locale.ROOT, "%d pulses, mean %.1f ms, p99 %.1f ms, max %.1f ms; chart refresh step "
                        + "(FX thread) mean %.1f ms, max %.1f ms", count, meanMillis, p99Millis, maxMillis,
                        refreshMeanMillis, refreshMaxMillis);
            }
        }

        @Override
        public void start() {
            last = 0;
            gaps.clear();
            refreshes.clear();
            longGaps.setLength(0);
            uptimeOffsetNanos = System.nanoTime()
                    - java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;
            java.util.Arrays.fill(partNanos, 0);
            java.util.Arrays.fill(partCounts, 0);
            running = true;
            super.start();
        }

        /** Total FX-thread time per refresh step: loss chart, accuracy chart, throughput chart, gradient strip. */
        private final long[] partNanos = new long[4];
        private final int[] partCounts = new int[4];

        String partsText() {
            StringBuilder b = new StringBuilder("per refresh step (mean ms): ");
            String[] names = {"loss", "accuracy", "throughput", "gradients"};
            for (int i = 0; i < names.length; i++) {
                b.append(i == 0 ? "" : ", ").append(names[i]).append(' ').append(String.format(Locale.ROOT, "%.1f",
                        partNanos[i] / 1e6 / Math.max(1, partCounts[i])));
            }
            return b.toString();
        }

        String longGapsText() {
            return longGaps.length() == 0 ? "none" : longGaps.toString().trim();
        }

        /** One step of a refresh took {@code nanos} on the FX thread (charts painting included). */
        void step(int step, long nanos) {
            if (!running) {
                return;
            }
            refreshes.add(nanos);
            partNanos[step] += nanos;
            partCounts[step]++;
            if (nanos > 20_000_000L) {
                longGaps.append(String.format(Locale.ROOT, " step%d@%.3fs:%.0fms", step,
                        (System.nanoTime() - uptimeOffsetNanos) / 1e9, nanos / 1e6));
            }
        }

        @Override
        public void handle(long now) {
            if (last != 0) {
                gaps.add(now - last);
                if (now - last > 40_000_000L) {
                    longGaps.append(String.format(Locale.ROOT, " %.3fs:%.0fms", (now - uptimeOffsetNanos) / 1e9,
                            (now - last) / 1e6));
                }
            }
            last = now;
        }

        Stats finish() {
            stop();
            running = false;
            if (gaps.isEmpty()) {
                return new Stats(0, 0, 0, 0, 0, 0);
            }
            double refreshMean = refreshes.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
            double refreshMax = refreshes.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6;
            List<Long> sorted = new ArrayList<>(gaps);
            sorted.sort(null);
            double mean = sorted.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
            double p99 = sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99))) / 1e6;
            return new Stats(sorted.size(), mean, p99, sorted.get(sorted.size() - 1) / 1e6, refreshMean, refreshMax);
        }
    }
}
