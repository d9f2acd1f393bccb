package org.cnnexplorer.ui.explore;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.Num;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.diagram.Diagram;
import org.cnnexplorer.diagram.DiagramLayout;
import org.cnnexplorer.diagram.Folding;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.ui.Background;
import org.cnnexplorer.ui.ChartFonts;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.labels.XYItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYBubbleRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * 2–4 networks side by side: a table of totals and paper errors, their layers aligned by spatial resolution
 * (112, 56, 28, 14, 7, fc) where clicking a row highlights that resolution in every column, and a bubble chart of
 * MACs against error with bubble area proportional to parameters.
 */
public final class CompareView extends ScrollPane {
    private static final String NONE = "—";
    private static final double ZOOM_STEP = 1.25;
    private final List<ComboBox<String>> pickers = new ArrayList<>();
    private final TableView<Comparison.Row> table = new TableView<>();
    private final GridPane aligned = new GridPane();
    private final ChartViewer bubbles = new ChartViewer();
    private final ChartViewer paramsBars = new ChartViewer();
    private final ChartViewer macsBars = new ChartViewer();
    private final ChartViewer depthBars = new ChartViewer();
    private final ChartViewer errorBars = new ChartViewer();
    private final ReadOnlyObjectWrapper<Comparison> comparison = new ReadOnlyObjectWrapper<>(this, "comparison");
    private final SimpleObjectProperty<Integer> selectedResolution = new SimpleObjectProperty<>(this, "resolution");
    private final Background background;
    private final AlignedGraphs graphs = new AlignedGraphs(selectedResolution);
    private Background.Handle pending;

    public CompareView(Background background) {
        this.background = background;
        setId("compare");
        setFitToWidth(true);
        HBox picks = new HBox(8);
        String[] defaults = {"plain34", "resnet34", NONE, NONE};
        for (int i = 0; i < 4; i++) {
            ComboBox<String> c = new ComboBox<>();
            c.setId("compare-pick-" + i);
            if (i >= 2) {
                c.getItems().add(NONE);
            }
            c.getItems().addAll(Catalog.ids());
            c.setValue(defaults[i]);
            c.valueProperty().addListener((o, a, b) -> rebuild());
            pickers.add(c);
            picks.getChildren().add(c);
        }
        Button vgg = new Button(Messages.get("compare.presetVggGoogLeNet"));
        vgg.setOnAction(e -> preset("vgg16", "googlenet", NONE, NONE));
        Button resnets = new Button(Messages.get("compare.presetResNets"));
        resnets.setOnAction(e -> preset(Comparison.RESNET_PRESET.toArray(String[]::new)));
        picks.getChildren().addAll(vgg, resnets);
        columns();
        table.setId("compare-table");
        table.setPrefHeight(120);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        aligned.setId("compare-aligned");
        aligned.setHgap(6);
        aligned.setVgap(4);
        bubbles.setPrefHeight(380);
        Label alignedTitle = new Label(Messages.get("compare.aligned"));
        alignedTitle.getStyleClass().add("section-title");
        Label graphsTitle = new Label(Messages.get("compare.graphs"));
        graphsTitle.getStyleClass().add("section-title");
        ScrollPane graphScroll = new ScrollPane(graphs);
        graphScroll.setPrefViewportHeight(600);
        // Ctrl + wheel zooms, as in the graph view; the wheel alone keeps scrolling
        graphScroll.addEventFilter(ScrollEvent.SCROLL, e -> {
            if (e.isShortcutDown() && e.getDeltaY() != 0) {
                graphs.zoomBy(e.getDeltaY() > 0 ? ZOOM_STEP : 1 / ZOOM_STEP);
                e.consume();
            }
        });
        Button zoomOut = zoomButton("compare-zoom-out", "compare.zoomOut", "compare.zoomOutTip",
                () -> graphs.zoomBy(1 / ZOOM_STEP));
        Button zoomIn = zoomButton("compare-zoom-in", "compare.zoomIn", "compare.zoomInTip",
                () -> graphs.zoomBy(ZOOM_STEP));
        Button zoomReset = zoomButton("compare-zoom-reset", "compare.zoomReset", "compare.zoomResetTip",
                graphs::resetZoom);
        HBox graphsHeader = new HBox(8, graphsTitle, zoomOut, zoomIn, zoomReset);
        graphsHeader.setAlignment(Pos.CENTER_LEFT);
        // the buttons keep their size; the title wraps if the window is narrow
        graphsTitle.setWrapText(true);
        graphsTitle.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(graphsTitle, Priority.ALWAYS);
        HBox bars = new HBox(6, paramsBars, macsBars, depthBars, errorBars);
        for (ChartViewer v : List.of(paramsBars, macsBars, depthBars, errorBars)) {
            v.setPrefSize(260, 240);
            HBox.setHgrow(v, Priority.ALWAYS);
        }
        VBox box = new VBox(10, picks, table, bars, graphsHeader, graphScroll, alignedTitle, aligned, bubbles);
        box.setPadding(new Insets(10));
        setContent(box);
        selectedResolution.addListener((o, a, b) -> highlight());
        // Built when first shown, so opening the window does not compete with the first graph.
    }

    private static Button zoomButton(String id, String text, String tip, Runnable action) {
        Button b = new Button(Messages.get(text));
        b.setId(id);
        b.setTooltip(new Tooltip(Messages.get(tip)));
        b.setOnAction(e -> action.run());
        b.setMinWidth(Region.USE_PREF_SIZE);
        return b;
    }

    /** What a click on a layer of the lined-up graphs does: given the network id and the layer or block id. */
    public void onLayer(BiConsumer<String, String> action) {
        graphs.onLayer(action);
    }

    /** Where a node is drawn on the lined-up graphs, for tests. */
    Optional<double[]> graphPoint(int column, String target) {
        return graphs.centreOf(column, target);
    }

    /** The graphs' scale now (diagram units to pixels), for tests. */
    double graphScale() {
        return graphs.scale();
    }

    /** Builds the comparison the first time the tab is shown. */
    public void ensureBuilt() {
        if (comparison.get() == null) {
            rebuild();
        }
    }

    private void preset(String... ids) {
        for (int i = 0; i < 4; i++) {
            pickers.get(i).setValue(ids[i]);
        }
    }

    public void pick(int index, String id) {
        pickers.get(index).setValue(id);
    }

    public ReadOnlyObjectProperty<Comparison> comparisonProperty() {
        return comparison.getReadOnlyProperty();
    }

    private <T> void column(String key, Function<Comparison.Row, T> value) {
        TableColumn<Comparison.Row, T> c = new TableColumn<>(Messages.get(key));
        c.setCellValueFactory(d -> new SimpleObjectProperty<>(value.apply(d.getValue())));
        table.getColumns().add(c);
    }

    private void columns() {
        column("compare.network", Comparison.Row::id);
        column("compare.params", r -> Num.grouped(r.params()));
        column("compare.macs", r -> Num.human(r.macs()));
        column("compare.depth", Comparison.Row::depth);
        column("compare.top1", r -> error(r.top1(), r.ensemble()));
        column("compare.top5", r -> error(r.top5(), r.ensemble()));
        column("compare.setting", Comparison.Row::setting);
    }

    private static String error(Double percent, boolean ensemble) {
        return percent == null ? NONE
                : ensemble ? Messages.get("compare.ensembleError", String.valueOf(percent)) : percent + " %";
    }

    private void rebuild() {
        List<String> ids = pickers.stream().map(ComboBox::getValue).filter(v -> v != null && !NONE.equals(v))
                .distinct().toList();
        if (ids.size() < 2) {
            return;
        }
        if (pending != null) {
            pending.cancel();
        }
        pending = background.submit("compare", cancelled -> {
            List<Network> nets = ids.stream().map(id -> Catalog.get(id).build()).toList();
            List<Diagram> ds = new ArrayList<>();
            for (Network n : nets) {
                ds.add(DiagramLayout.layout(n, Folding.defaults(n), cancelled));
            }
            return new Loaded(Comparison.of(nets), ds);
        }, r -> {
            pending = null;
            show(r.comparison());
            graphs.show(r.comparison().networks(), r.diagrams());
        }, err -> { });
    }

    private record Loaded(Comparison comparison, List<Diagram> diagrams) {
    }

    private void show(Comparison c) {
        comparison.set(c);
        table.setItems(FXCollections.observableArrayList(c.rows()));
        table.setFixedCellSize(26);
        table.setPrefHeight(26 * (c.rows().size() + 1) + 6);
        aligned.getChildren().clear();
        for (int col = 0; col < c.networks().size(); col++) {
            Label h = new Label(c.networks().get(col).id());
            h.getStyleClass().add("section-title");
            aligned.add(h, col + 1, 0);
        }
        int row = 1;
        for (int size : c.resolutions()) {
            Label res = new Label(size == 0 ? Messages.get("compare.flat") : size + "×" + size);
            res.getStyleClass().add("resolution");
            res.setMinWidth(Region.USE_PREF_SIZE);
            aligned.add(res, 0, row);
            for (int col = 0; col < c.networks().size(); col++) {
                Network n = c.networks().get(col);
                String text = c.cell(n, size).map(r -> Messages.get("compare.cell", r.layers(), r.weighted(),
                        Num.human(r.params()).trim(), Num.human(r.macs()).trim(), r.first(), r.last())).orElse("");
                Label cell = new Label(text);
                cell.setId("cell-" + n.id() + "-" + size);
                cell.getStyleClass().add("resolution-cell");
                cell.setMaxWidth(Double.MAX_VALUE);
                cell.setUserData(size);
                cell.setOnMouseClicked(e -> selectedResolution.set(size));
                aligned.add(cell, col + 1, row);
            }
            row++;
        }
        bubbles.setChart(bubbleChart(c));
        paramsBars.setChart(bars(c, Messages.get("compare.paramsM"), r -> r.params() / 1e6));
        macsBars.setChart(bars(c, Messages.get("compare.gmacs"), r -> r.macs() / 1e9));
        depthBars.setChart(bars(c, Messages.get("compare.depth"), r -> (double) r.depth()));
        errorBars.setChart(errorChart(c));
        highlight();
    }

    private void highlight() {
        aligned.getChildren().forEach(n -> {
            n.getStyleClass().remove("highlight");
            if (n.getUserData() != null && n.getUserData().equals(selectedResolution.get())) {
                n.getStyleClass().add("highlight");
            }
        });
    }

    private static JFreeChart bars(Comparison c, String title, ToDoubleFunction<Comparison.Row> value) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Comparison.Row r : c.rows()) {
            data.addValue(value.applyAsDouble(r), title, r.id());
        }
        JFreeChart chart = ChartFactory.createBarChart(title, null, null, data, PlotOrientation.VERTICAL, false, true,
                false);
        style(chart);
        return chart;
    }

    private static JFreeChart errorChart(Comparison c) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Comparison.Row r : c.rows()) {
            if (r.top1() != null) {
                data.addValue(r.top1(), Messages.get("compare.top1"), r.errorLabel());
            }
            if (r.top5() != null) {
                data.addValue(r.top5(), Messages.get("compare.top5"), r.errorLabel());
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(Messages.get("compare.errorChart"), null, "%", data,
                PlotOrientation.VERTICAL, true, true, false);
        style(chart);
        return chart;
    }

    private static void style(JFreeChart chart) {
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        BarRenderer r = (BarRenderer) plot.getRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setSeriesPaint(0, new Color(0x1c64c4));
        r.setSeriesPaint(1, new Color(0xd9480f));
        chart.getTitle().setFont(chart.getTitle().getFont().deriveFont(12f));
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        plot.getDomainAxis().setMaximumCategoryLabelWidthRatio(4f);
        ChartFonts.apply(chart);
    }

    private JFreeChart bubbleChart(Comparison c) {
        DefaultXYZDataset data = new DefaultXYZDataset();
        double maxParams = c.networks().stream().mapToLong(Network::params).max().orElse(1);
        double maxErr = c.rows().stream()
                .mapToDouble(r -> r.top1() != null ? r.top1() : r.top5() != null ? r.top5() : 0).max().orElse(1);
        for (Comparison.Row r : c.rows()) {
            Double err = r.top1() != null ? r.top1() : r.top5();
            if (err == null) {
                continue;
            }
            // Bubble diameter in range-axis units: area proportional to parameters.
            double z = maxErr * 0.25 * Math.sqrt(r.params() / maxParams);
            data.addSeries(r.errorLabel() + (r.top1() == null ? " " + Messages.get("compare.top5Mark") : ""),
                    new double[][] {{r.macs() / 1e9}, {err}, {z}});
        }
        JFreeChart chart = ChartFactory.createBubbleChart(Messages.get("compare.bubbleTitle"),
                Messages.get("compare.bubbleX"), Messages.get("compare.bubbleY"), data, PlotOrientation.VERTICAL,
                true, true, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setForegroundAlpha(0.6f);
        XYBubbleRenderer r = (XYBubbleRenderer) plot.getRenderer();
        XYItemLabelGenerator labels = (ds, s, i) -> String.valueOf(ds.getSeriesKey(s));
        r.setDefaultItemLabelGenerator(labels);
        r.setDefaultItemLabelsVisible(true);
        // Room for the bubbles: they are drawn in range-axis units around each point.
        double maxMacs = c.networks().stream().mapToLong(Network::macs).max().orElse(1) / 1e9;
        plot.getDomainAxis().setRange(0, maxMacs * 1.35);
        plot.getRangeAxis().setRange(0, maxErr * 1.35);
        chart.getTitle().setFont(chart.getTitle().getFont().deriveFont(13f));
        return ChartFonts.apply(chart);
    }
}
