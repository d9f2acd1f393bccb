package org.cnnexplorer.ui.explore;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.Num;
import org.cnnexplorer.diagram.Metric;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.ui.Background;
import org.cnnexplorer.ui.HighContrast;
import org.cnnexplorer.ui.Projector;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The main window's content: toolbar, catalog | graph / summary / compare tabs and the window's other tabs |
 * inspector, status line.
 */
public final class MainView extends BorderPane {
    private final MainViewModel vm;
    private final Background background;
    private final GraphView graph;
    private final CatalogView catalog;
    private final InspectorView inspector;
    private final SummaryView summary;
    private final CompareView compare;
    private final SplitPane split = new SplitPane();
    private final TabPane tabs = new TabPane();
    private final Exporter exporter;
    private HBox statusBar;
    private double[] dividersBeforeProjector;
    private Supplier<Window> window = () -> getScene() == null ? null : getScene().getWindow();

    /** The explorer alone: its graph, summary and compare tabs. */
    public MainView(MainViewModel vm, Background background) {
        this(vm, background, List.of());
    }

    /** The explorer's tabs followed by {@code others} (the window's training, classifying and lesson tabs). */
    public MainView(MainViewModel vm, Background background, List<Tab> others) {
        this.vm = vm;
        this.background = background;
        getStyleClass().add("main-view");
        graph = new GraphView(vm);
        catalog = new CatalogView(background, vm::open);
        inspector = new InspectorView(vm);
        summary = new SummaryView(vm);
        compare = new CompareView(background);
        // a layer clicked in Compare opens in the graph and the inspector
        compare.onLayer(vm::reveal);
        exporter = new Exporter(vm, graph, summary);
        createView();
        tabs.getTabs().addAll(others);
        initListeners();
    }

    private void createView() {
        BorderPane graphPane = new BorderPane(graph);
        graphPane.setTop(graphBar());
        Tab graphTab = new Tab(Messages.get("tab.graph"), graphPane);
        graphTab.setId("tab-graph");
        Tab summaryTab = new Tab(Messages.get("tab.summary"), summary);
        summaryTab.setId("tab-summary");
        Tab compareTab = new Tab(Messages.get("tab.compare"), compare);
        compareTab.setId("tab-compare");
        compareTab.setOnSelectionChanged(e -> {
            if (compareTab.isSelected()) {
                compare.ensureBuilt();
            }
        });
        tabs.getTabs().addAll(graphTab, summaryTab, compareTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        split.getItems().addAll(catalog, tabs, inspector);
        split.setDividerPositions(0.2, 0.75);
        SplitPane.setResizableWithParent(catalog, false);
        SplitPane.setResizableWithParent(inspector, false);
        setTop(toolbar());
        setCenter(split);
        statusBar = statusBar();
        setBottom(statusBar);
    }

    private ToolBar toolbar() {
        TextField search = new TextField();
        search.setId("search");
        search.setPromptText(Messages.get("toolbar.searchPrompt"));
        search.setPrefColumnCount(16);
        search.setOnAction(e -> {
            if (vm.search(search.getText())) {
                tabs.getSelectionModel().select(0);
                graph.requestFocus();
            }
        });
        ToggleButton flops = new ToggleButton();
        flops.setId("metric");
        flops.setTooltip(new Tooltip(Messages.get("toolbar.metricTip")));
        flops.textProperty().bind(Bindings.createStringBinding(
                () -> vm.metricProperty().get() == Metric.MACS ? Messages.get("toolbar.showingMacs")
                        : Messages.get("toolbar.showingFlops"), vm.metricProperty()));
        flops.selectedProperty().addListener((o, a, b) -> vm.metricProperty().set(b ? Metric.FLOPS : Metric.MACS));
        Button fit = button("fit", "toolbar.fit", graph::fit);
        Button expand = button("expand-all", "toolbar.expandAll", vm::expandAll);
        Button collapse = button("collapse-all", "toolbar.collapseAll", vm::collapseAll);
        MenuButton export = new MenuButton(Messages.get("toolbar.export"));
        export.setId("export");
        export.getItems().addAll(
                item("export.graphShownPng", () -> save("png", f -> exporter.graphShown(f))),
                item("export.graphWholePng", () -> save("png", f -> exporter.graphWhole(f))),
                item("export.graphWholeSvg", () -> save("svg", f -> exporter.graphWhole(f))),
                item("export.chartsPng", () -> save("png", f -> exporter.charts(f))),
                item("export.summaryCsv", () -> save("csv", f -> exporter.summary(f))),
                item("export.summaryMd", () -> save("md", f -> exporter.summary(f))),
                item("export.summaryJson", () -> save("json", f -> exporter.summary(f))));
        ToggleButton projector = new ToggleButton(Messages.get("toolbar.projector"));
        projector.setId("projector");
        projector.setTooltip(new Tooltip(Messages.get("toolbar.projectorTip")));
        projector.selectedProperty().bindBidirectional(Projector.onProperty());
        ToggleButton contrast = new ToggleButton(Messages.get("toolbar.contrast"));
        contrast.setId("high-contrast");
        contrast.setTooltip(new Tooltip(Messages.get("toolbar.contrastTip")));
        contrast.selectedProperty().bindBidirectional(HighContrast.onProperty());
        return new ToolBar(search, new Separator(Orientation.VERTICAL), flops, new Separator(Orientation.VERTICAL),
                fit, expand, collapse, new Separator(Orientation.VERTICAL), export, new Separator(Orientation.VERTICAL),
                projector, contrast);
    }

    /**
     * Above the graph: the training/inference switch and the totals of the graph as drawn, in the tab itself so no
     * toolbar overflow (projector mode's larger text) can hide them.
     */
    private HBox graphBar() {
        ToggleButton heads = new ToggleButton();
        heads.setId("training-graph");
        heads.setTooltip(new Tooltip(Messages.get("graph.trainingGraphTip")));
        heads.selectedProperty().bindBidirectional(vm.trainingGraphProperty());
        heads.disableProperty().bind(vm.auxiliaryHeadsProperty().not());
        heads.textProperty().bind(Bindings.createStringBinding(
                () -> Messages.get(vm.trainingGraphProperty().get() ? "graph.trainingGraph" : "graph.inferenceGraph"),
                vm.trainingGraphProperty()));
        Label totals = new Label();
        totals.setId("graph-totals");
        totals.textProperty().bind(Bindings.createStringBinding(
                () -> totals(vm.getNetwork(), vm.metricProperty().get()), vm.networkProperty(), vm.metricProperty()));
        HBox bar = new HBox(10, heads, totals);
        bar.setId("graph-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 8, 4, 8));
        return bar;
    }

    /** The open network's totals as the graph shows it: with its auxiliary heads' share while they are drawn. */
    static String totals(Network n, Metric metric) {
        if (n == null) {
            return "";
        }
        if (n.auxParams() > 0) {
            return Messages.get("graph.totalsTraining", Num.grouped(n.params() + n.auxParams()),
                    Num.grouped(n.auxParams()), metric.human(n.macs() + n.auxMacs()));
        }
        return Messages.get("graph.totals", Num.grouped(n.params()), metric.human(n.macs()));
    }

    private HBox statusBar() {
        Label status = new Label();
        status.setId("status");
        status.textProperty().bind(vm.statusProperty());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(16, 16);
        busy.visibleProperty().bind(vm.busyProperty());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Label legend = new Label(Messages.get("status.legend"));
        legend.getStyleClass().add("legend");
        HBox bar = new HBox(8, busy, status, grow, legend);
        bar.getStyleClass().add("status-bar");
        bar.setPadding(new Insets(3, 8, 3, 8));
        return bar;
    }

    private Button button(String id, String key, Runnable action) {
        Button b = new Button(Messages.get(key));
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    private MenuItem item(String key, Runnable action) {
        MenuItem m = new MenuItem(Messages.get(key));
        m.setId(key.replace('.', '-'));
        m.setOnAction(e -> action.run());
        return m;
    }

    interface FileAction {
        void run(Path file) throws Exception;
    }

    private void save(String ext, FileAction action) {
        FileChooser fc = new FileChooser();
        fc.setTitle(Messages.get("export.title"));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(ext.toUpperCase(), "*." + ext));
        String id = vm.getNetwork() == null ? "network" : vm.getNetwork().id();
        fc.setInitialFileName(id + "." + ext);
        File f = fc.showSaveDialog(window.get());
        if (f != null) {
            exporter.run(f.toPath(), action::run);
        }
    }

    /**
     * Projector mode on or off: the style class (larger text, more contrast), the catalog and status line hidden,
     * the graph zoomed about its centre.
     */
    private void projector(boolean on) {
        if (on == getStyleClass().contains(Projector.STYLE_CLASS)) {
            return;
        }
        if (on) {
            getStyleClass().add(Projector.STYLE_CLASS);
            // the catalog folds away as the live tabs fold it: the panes stay, so saved positions keep their meaning
            dividersBeforeProjector = split.getDividerPositions();
            split.setDividerPositions(0, Math.max(dividersBeforeProjector[1], 0.76));
        } else {
            getStyleClass().remove(Projector.STYLE_CLASS);
            if (dividersBeforeProjector != null) {
                split.setDividerPositions(dividersBeforeProjector);
            }
        }
        statusBar.setVisible(!on);
        statusBar.setManaged(!on);
        graph.zoomAt(graph.getWidth() / 2, graph.getHeight() / 2, on ? Projector.SCALE : 1 / Projector.SCALE);
    }

    /** The high-contrast theme on or off: the style class that turns the window's text black and its borders dark. */
    private void contrast(boolean on) {
        getStyleClass().remove(HighContrast.STYLE_CLASS);
        if (on) {
            getStyleClass().add(HighContrast.STYLE_CLASS);
        }
    }

    private void initListeners() {
        Projector.onProperty().addListener((o, a, on) -> projector(on));
        HighContrast.onProperty().addListener((o, a, on) -> contrast(on));
        sceneProperty().addListener((o, a, scene) -> {
            if (scene != null) {
                scene.getAccelerators().put(Projector.KEY, () -> Projector.onProperty().set(!Projector.isOn()));
                scene.getAccelerators().put(HighContrast.KEY,
                        () -> HighContrast.onProperty().set(!HighContrast.isOn()));
            }
        });
        projector(Projector.isOn());
        contrast(HighContrast.isOn());
        vm.diagramProperty().addListener((o, a, d) -> {
            if (d != null) {
                catalog.loadStats();
            }
        });
        vm.networkProperty().addListener((o, a, n) -> {
            if (n != null) {
                catalog.show(n.id());
            }
        });
    }

    /** The window's state, for views added from outside ui (the live tabs link their selection to it). */
    public MainViewModel viewModel() {
        return vm;
    }

    public GraphView graph() {
        return graph;
    }

    public SplitPane split() {
        return split;
    }

    public InspectorView inspector() {
        return inspector;
    }

    public CompareView compare() {
        return compare;
    }

    public Exporter exporter() {
        return exporter;
    }

    public TabPane tabs() {
        return tabs;
    }
}
