package org.cnnexplorer.ui.degradation;

import javafx.animation.Timeline;
import javafx.beans.property.IntegerProperty;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.util.StringConverter;
import org.cnnexplorer.experiments.Degradation;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.io.AtomicFiles;
import org.cnnexplorer.io.DataFolders;
import org.cnnexplorer.ui.JobStatus;
import org.cnnexplorer.ui.LineChart;
import org.cnnexplorer.ui.LivePanes;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;

import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The degradation lab, framed like He et al. 2016, Fig. 6: plain nets on the left, residual nets on the right, error
 * in % against iterations on the same scales, training error thin and dashed, test error bold, one colour per
 * depth in both panels. The shipped curves show at once; a live series draws over them (the shipped ones fade).
 * Beside the charts the paper's CIFAR-10 table next to our final errors, and what the curves mean.
 */
public final class DegradationView extends BorderPane {
    /** Opacity of shipped curves while live ones are drawn over them. */
    private static final int FADED_ALPHA = 70;

    private final DegradationViewModel vm;
    private final LineChart plainChart;
    private final LineChart residualChart;
    private final ErrorTableView table = new ErrorTableView();
    private final Label saved = new Label();
    private final ProgressBar progress = new ProgressBar(0);
    private final Timeline ticker;
    private List<ErrorTable.Row> shownRows = List.of();
    private String shownLegends = "";
    private boolean shownSameDepth;
    private Task<?> task;

    /** The key of a curve's line: its training or its test error. */
    private record Line(CurveData curve, boolean test) {
    }


    public DegradationView(DegradationViewModel vm) {
        this.vm = vm;
        getStyleClass().add("degradation-view");
        setId("degradation-view");
        plainChart = chart("chart-plain", "degradation.chart.plain");
        residualChart = chart("chart-residual", "degradation.chart.residual");
        createView();
        ticker = LivePanes.keepDrawn(this, vm.revisionProperty(), this::tick, this::refresh);
        refresh();
    }

    private void tick() {
        vm.drain();
    }

    private LineChart chart(String id, String title) {
        LineChart c = new LineChart(id, Messages.get(title), Messages.get("degradation.chart.iterations"),
                Messages.get("degradation.chart.error"), false);
        c.onReport(saved::setText);
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) c.plot().getRenderer();
        r.setAutoPopulateSeriesShape(false);
        r.setDefaultShape(new Ellipse2D.Double(-3, -3, 6, 6));
        c.yAxis().setAutoRange(false);
        c.xAxis().setAutoRange(false);
        return c;
    }

    private void createView() {
        Label title = new Label(Messages.get("degradation.title"));
        title.getStyleClass().add("section-title");
        title.setWrapText(true);

        FlowPane depthBoxes = new FlowPane(8, 4);
        for (int d : Degradation.DEPTHS) {
            CheckBox b = new CheckBox(String.valueOf(d));
            b.setId("degradation-depth-" + d);
            b.selectedProperty().bindBidirectional(vm.depthProperty(d));
            depthBoxes.getChildren().add(b);
        }
        CheckBox plain = new CheckBox(Messages.get("degradation.kind.plain"));
        plain.setId("degradation-plain");
        plain.selectedProperty().bindBidirectional(vm.plainProperty());
        CheckBox residual = new CheckBox(Messages.get("degradation.kind.residual"));
        residual.setId("degradation-residual");
        residual.selectedProperty().bindBidirectional(vm.residualProperty());
        HBox kinds = new HBox(10, plain, residual);

        Spinner<Integer> epochs = spinner("degradation-epochs", 1, 200, 1, vm.epochsProperty().get());
        Spinner<Integer> train = spinner("degradation-train", 1, SeriesSettings.MAX_IMAGES, Degradation.BATCH,
                vm.trainImagesProperty().get());
        Spinner<Integer> test = spinner("degradation-test", 1, SeriesSettings.MAX_IMAGES, 100,
                vm.testImagesProperty().get());
        bind(epochs, vm.epochsProperty());
        bind(train, vm.trainImagesProperty());
        bind(test, vm.testImagesProperty());
        GridPane form = new GridPane();
        form.setHgap(6);
        form.setVgap(6);
        form.addRow(0, new Label(Messages.get("degradation.epochs")), epochs);
        form.addRow(1, new Label(Messages.get("degradation.trainImages")), train);
        form.addRow(2, new Label(Messages.get("degradation.testImages")), test);

        Button quick = button("degradation-quick", "degradation.quick", vm::quick);
        quick.setTooltip(new Tooltip(Messages.get("degradation.quickTip")));
        Button shortcut = button("degradation-shortcut", "degradation.shortcut", vm::shortcut);
        shortcut.setTooltip(new Tooltip(Messages.get("degradation.shortcutTip")));
        Button start = button("degradation-start", "degradation.start", () -> show(vm.start()));
        Button pause = button("degradation-pause", "train.pause", vm::pause);
        Button resume = button("degradation-resume", "train.resume", vm::resume);
        Button cancel = button("degradation-cancel", "train.cancel", vm::cancel);
        var stateP = vm.stateProperty();
        start.disableProperty().bind(stateP.isNotEqualTo(JobStatus.State.IDLE));
        quick.disableProperty().bind(stateP.isNotEqualTo(JobStatus.State.IDLE));
        shortcut.disableProperty().bind(stateP.isNotEqualTo(JobStatus.State.IDLE));
        pause.disableProperty().bind(stateP.isNotEqualTo(JobStatus.State.RUNNING));
        resume.disableProperty().bind(stateP.isNotEqualTo(JobStatus.State.PAUSED));
        cancel.disableProperty().bind(stateP.isEqualTo(JobStatus.State.IDLE)
                .or(stateP.isEqualTo(JobStatus.State.STOPPING)));
        Button continueLast = button("degradation-continue", "degradation.continue", () -> {
            Path dir = vm.lastFolderProperty().get();
            if (dir != null) {
                show(vm.resumeFrom(dir));
            }
        });
        continueLast.disableProperty().bind(vm.lastFolderProperty().isNull()
                .or(stateP.isNotEqualTo(JobStatus.State.IDLE)));
        Button fromFolder = button("degradation-resume-folder", "degradation.resumeFolder", this::chooseFolder);
        fromFolder.disableProperty().bind(stateP.isNotEqualTo(JobStatus.State.IDLE));
        Button clear = button("degradation-clear", "degradation.clear", vm::clearLive);
        MenuButton export = new MenuButton(Messages.get("degradation.export"));
        export.setId("degradation-export");
        export.getItems().addAll(
                LineChart.menuItem("degradation.export.plainPng",
                        () -> save("png", "degradation-plain", plainChart::savePng)),
                LineChart.menuItem("degradation.export.residualPng",
                        () -> save("png", "degradation-residual", residualChart::savePng)),
                LineChart.menuItem("degradation.export.curvesCsv",
                        () -> save("csv", "degradation-curves", f -> AtomicFiles.write(f, vm.curvesCsv()))),
                LineChart.menuItem("degradation.export.tableCsv",
                        () -> save("csv", "degradation-table", f -> AtomicFiles.write(f, vm.tableCsv()))));

        Label message = new Label();
        message.setId("degradation-message");
        message.setWrapText(true);
        message.getStyleClass().add("error-message");
        message.textProperty().bind(vm.messageProperty());
        message.managedProperty().bind(message.textProperty().isNotEmpty());
        Label status = new Label();
        status.setId("degradation-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());
        progress.setId("degradation-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.visibleProperty().bind(stateP.isNotEqualTo(JobStatus.State.IDLE));
        progress.managedProperty().bind(progress.visibleProperty());
        saved.setId("degradation-saved");
        saved.getStyleClass().add("muted");
        saved.setWrapText(true);
        saved.managedProperty().bind(saved.textProperty().isNotEmpty());
        Label recipe = new Label(Messages.get("degradation.recipe"));
        recipe.getStyleClass().add("muted");
        recipe.setWrapText(true);

        VBox left = new VBox(8, title, new Label(Messages.get("degradation.depths")), depthBoxes,
                new Label(Messages.get("degradation.kinds")), kinds, form, new HBox(6, quick, shortcut),
                new HBox(6, start, pause, resume, cancel), new HBox(6, continueLast, fromFolder),
                new HBox(6, clear, export), axisChoice(), sameDepthToggle(), message, progress, status, saved, recipe);
        setLeft(LivePanes.leftColumn(left, 330));
        setCenter(LivePanes.grid(plainChart.viewer(), residualChart.viewer(), table.pane(), textBox(), 60));
    }

    private CheckBox sameDepthToggle() {
        CheckBox same = new CheckBox(Messages.get("degradation.sameDepth"));
        same.setId("degradation-same-depth");
        same.setWrapText(true);
        same.setTooltip(new Tooltip(Messages.get("degradation.sameDepthTip")));
        same.selectedProperty().bindBidirectional(vm.sameDepthProperty());
        vm.sameDepthProperty().addListener((o, a, b) -> refresh());
        return same;
    }

    /** The error axis: 0–30 % (the paper's view), 0–100 %, or log. */
    private HBox axisChoice() {
        ComboBox<ErrorAxis> axis = new ComboBox<>();
        axis.setId("degradation-axis");
        axis.getItems().setAll(ErrorAxis.values());
        axis.setConverter(new StringConverter<>() {
            @Override
            public String toString(ErrorAxis a) {
                return a == null ? "" : Messages.get("degradation.axis." + a.name().toLowerCase(Locale.ROOT));
            }

            @Override
            public ErrorAxis fromString(String s) {
                return null;
            }
        });
        axis.valueProperty().bindBidirectional(vm.axisProperty());
        vm.axisProperty().addListener((o, a, b) -> refresh());
        Label label = new Label(Messages.get("degradation.axis"));
        HBox box = new HBox(6, label, axis);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private ScrollPane textBox() {
        Label heading = new Label(Messages.get("degradation.text.title"));
        heading.getStyleClass().add("card-title");
        VBox box = new VBox(4, heading);
        box.setId("degradation-text");
        for (String part : List.of("what", "notOverfitting", "shortcut", "deep", "measure")) {
            Label h = new Label(Messages.get("degradation.text." + part + ".title"));
            h.getStyleClass().add("row-label");
            Label body = new Label(Messages.get("degradation.text." + part));
            body.setWrapText(true);
            box.getChildren().addAll(h, body);
        }
        box.setPadding(new Insets(8));
        box.getStyleClass().add("map-card");
        ScrollPane s = new ScrollPane(box);
        s.setFitToWidth(true);
        return s;
    }

    private static Spinner<Integer> spinner(String id, int min, int max, int step, int value) {
        Spinner<Integer> s = new Spinner<>(min, max, value, step);
        s.setId(id);
        s.setEditable(true);
        s.setPrefWidth(110);
        return s;
    }

    /** The spinner edits the property; the property (the quick preset, a resumed series) sets the spinner. */
    private static void bind(Spinner<Integer> s, IntegerProperty p) {
        s.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                p.set(b);
            }
        });
        p.addListener((o, a, b) -> s.getValueFactory().setValue(b.intValue()));
    }

    private static Button button(String id, String key, Runnable action) {
        Button b = new Button(Messages.get(key));
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    private void chooseFolder() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle(Messages.get("degradation.resumeFolder"));
        Path runs = DataFolders.runs();
        if (Files.isDirectory(runs)) {
            dc.setInitialDirectory(runs.toFile());
        }
        File dir = dc.showDialog(getScene().getWindow());
        if (dir != null) {
            show(vm.resumeFrom(dir.toPath()));
        }
    }

    private void save(String ext, String stem, LineChart.FileWork work) {
        LineChart.chooseFile(getScene().getWindow(), ext, stem + "." + ext)
                .ifPresent(f -> saved.setText(LineChart.saveReporting(f, work)));
    }

    /** Launches the job (the view model runs it) and shows its progress. */
    private void show(DegradationJob job) {
        Task<?> t = vm.launch(job);
        if (t != null) {
            task = t;
            progress.progressProperty().bind(t.progressProperty());
        }
    }

    /** Brings charts, legends, axes and table up to date with the view model (after each drain that changed it). */
    private void refresh() {
        List<CurveData> curves = vm.curves();
        boolean anyLive = !vm.live().isEmpty();
        if (vm.sameDepthProperty().get()) {
            shownSameDepth = true;
            shownLegends = "";
            SameDepthLayout.draw(vm.sameDepths(), List.of(plainChart, residualChart));
        } else {
            drawPapersLayout(curves, anyLive);
        }
        ErrorAxis axis = vm.axisProperty().get();
        double right = Math.max(1, vm.lastIteration());
        for (LineChart c : List.of(plainChart, residualChart)) {
            c.logScale(axis == ErrorAxis.LOG);
            // each change repaints: only what differs is set
            if (c.yAxis().getUpperBound() != axis.top() || c.yAxis().getLowerBound() != axis.bottom()) {
                c.yAxis().setRange(axis.bottom(), axis.top());
            }
            if (c.xAxis().getUpperBound() != right || c.xAxis().getLowerBound() != 0) {
                c.xAxis().setRange(0, right);
            }
        }
        List<ErrorTable.Row> rows = vm.rows();
        if (!rows.equals(shownRows)) {
            shownRows = rows;
            table.show(rows, vm.orderings());
        }
    }

    /** He et al.'s Figure 6: plain nets left, residual nets right, every depth in each. */
    private void drawPapersLayout(List<CurveData> curves, boolean anyLive) {
        plainChart.removeIf(k -> !(k instanceof Line l) || !curves.contains(l.curve()));
        residualChart.removeIf(k -> !(k instanceof Line l) || !curves.contains(l.curve()));
        if (shownSameDepth) {
            shownSameDepth = false;
            shownLegends = "";
            plainChart.setTitle(Messages.get("degradation.chart.plain"));
            residualChart.setTitle(Messages.get("degradation.chart.residual"));
            plainChart.shadeBetween(null, null, null, null);
            residualChart.shadeBetween(null, null, null, null);
        }
        for (CurveData c : curves) {
            LineChart chart = c.member().residual() ? residualChart : plainChart;
            String name = CurveData.name(c.member());
            Line train = new Line(c, false);
            Line test = new Line(c, true);
            chart.append(train, name + " · " + Messages.get("train.chart.train"), c.trainPercent());
            chart.append(test, name + " · " + Messages.get("train.chart.test"), c.testPercent());
            Color colour = CurveStyle.DEPTH_COLOURS.getOrDefault(c.member().depth(), Color.DARK_GRAY);
            if (anyLive && c.source() == CurveData.Source.SHIPPED) {
                colour = new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), FADED_ALPHA);
            }
            chart.style(train, colour, CurveStyle.TRAIN, false);
            chart.style(test, colour, CurveStyle.TEST, true);
        }
        String legends = legendKey(curves, anyLive);
        if (!legends.equals(shownLegends)) {
            shownLegends = legends;
            legend(plainChart, false, curves, anyLive);
            legend(residualChart, true, curves, anyLive);
        }
    }

    /** What the legends depend on: the members drawn and whether any is live. */
    private static String legendKey(List<CurveData> curves, boolean anyLive) {
        TreeSet<String> ids = new TreeSet<>();
        for (CurveData c : curves) {
            ids.add(c.member().modelId());
        }
        return ids + (anyLive ? " live" : "");
    }

    /** Fixed legend items: one per depth drawn in this panel, then what the strokes (and the fading) mean. */
    private static void legend(LineChart chart, boolean residual, List<CurveData> curves,
                               boolean anyLive) {
        TreeSet<Integer> depths = new TreeSet<>();
        for (CurveData c : curves) {
            if (c.member().residual() == residual) {
                depths.add(c.member().depth());
            }
        }
        LegendItemCollection items = new LegendItemCollection();
        Line2D line = new Line2D.Double(-8, 0, 8, 0);
        for (int d : depths) {
            items.add(new LegendItem(Messages.get(residual ? "degradation.legend.resnet" : "degradation.legend.plain",
                    String.valueOf(d)), null, null, null, line, CurveStyle.TEST,
                    CurveStyle.DEPTH_COLOURS.getOrDefault(d, Color.DARK_GRAY)));
        }
        items.add(new LegendItem(Messages.get("degradation.legend.train"), null, null, null, line, CurveStyle.TRAIN,
                Color.DARK_GRAY));
        items.add(new LegendItem(Messages.get("degradation.legend.test"), null, null, null, line, CurveStyle.TEST,
                Color.DARK_GRAY));
        if (anyLive) {
            items.add(new LegendItem(Messages.get("degradation.legend.shipped"), null, null, null, line,
                    CurveStyle.TEST, new Color(64, 64, 64, FADED_ALPHA)));
            items.add(new LegendItem(Messages.get("degradation.legend.live"), null, null, null, line, CurveStyle.TEST,
                    Color.DARK_GRAY));
        }
        chart.plot().setFixedLegendItems(items);
    }

    public DegradationViewModel viewModel() {
        return vm;
    }

    /** Lines drawn in the two panels (tests). */
    int seriesCount() {
        return plainChart.seriesCount() + residualChart.seriesCount();
    }

    int livePoints() {
        int n = 0;
        for (CurveData c : vm.live()) {
            n += c.trainPercent().size();
        }
        return n;
    }

    LineChart plainChart() {
        return plainChart;
    }

    LineChart residualChart() {
        return residualChart;
    }

    Task<?> task() {
        return task;
    }

    /** Starts the quick preset at once (demos, screenshots, measurements). */
    public void demoQuick() {
        vm.quick();
        show(vm.start());
    }

    /** Stops the refresh timer (window closing). */
    public void dispose() {
        ticker.stop();
    }
}
