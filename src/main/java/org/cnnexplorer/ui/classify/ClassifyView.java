package org.cnnexplorer.ui.classify;

import org.cnnexplorer.ui.Models;

import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Popup;
import org.cnnexplorer.engine.LayerActivation;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.ui.explore.MainViewModel;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Drop pictures, see what a mini network makes of them: the picture as the network sees it (with the
 * preprocessing named), the top 5, the first layer's learned filters and every layer's feature maps (click a tile
 * to enlarge it, click a title to select the layer in the graph). The sample gallery is also a drag source.
 */
public final class ClassifyView extends BorderPane {
    public static final String DROP_ZONE = "classify-drop";
    private static final int SEEN_SIZE = 168;

    private final ClassifyViewModel vm;
    private final MainViewModel graph;
    private final VBox maps = new VBox(10);
    private final ScrollPane mapsScroll = new ScrollPane(maps);
    private final Map<String, Node> cards = new HashMap<>();
    private final VBox top5 = new VBox(4);
    private final GridPane four = new GridPane();
    private final ImageView seen = new ImageView();
    private final ImageView original = new ImageView();
    private final ImageView lookView = new ImageView();
    private final CheckBox lookToggle = new CheckBox(Messages.get("classify.look"));
    private final StackPane lookToggleBox = new StackPane(lookToggle);
    private final Tooltip lookTip = new Tooltip();
    private final Label lookCaption = new Label();
    private final Label steps = new Label();
    private final Label message = new Label();
    private final Label truth = new Label();
    private final Label weights = new Label();
    private final FlowPane strip = new FlowPane(4, 4);
    private final Popup enlarged = new Popup();
    private WeightsDialog weightsDialog;
    private String pendingGraphSelection;
    private Node highlighted;

    public ClassifyView(ClassifyViewModel vm, MainViewModel graph) {
        this.vm = vm;
        this.graph = graph;
        getStyleClass().add("classify-view");
        setId("classify-view");
        createView();
        initListeners();
    }

    private void createView() {
        Button open = new Button(Messages.get("classify.open"));
        open.setId("classify-open");
        open.setOnAction(e -> chooseFiles());
        Button paste = new Button(Messages.get("classify.paste"));
        paste.setId("classify-paste");
        paste.setTooltip(new Tooltip(Messages.get("classify.pasteTip")));
        paste.setOnAction(e -> paste());
        Button importOnnx = new Button(Messages.get("classify.importOnnx"));
        importOnnx.setId("classify-import");
        importOnnx.setTooltip(new Tooltip(Messages.get("classify.importTip")));
        importOnnx.setOnAction(e -> chooseOnnx());
        Button getWeights = new Button(Messages.get("classify.getWeights"));
        getWeights.setId("classify-get-weights");
        getWeights.setTooltip(new Tooltip(Messages.get("classify.getWeightsTip")));
        getWeights.setOnAction(e -> openWeightsDialog());
        ProgressBar importBar = new ProgressBar();
        importBar.setId("classify-import-progress");
        importBar.setPrefWidth(140);
        importBar.progressProperty().bind(vm.imports().importProgressProperty());
        Button cancelImport = new Button(Messages.get("classify.cancelImport"));
        cancelImport.setId("classify-import-cancel");
        cancelImport.disableProperty().bind(vm.imports().importCancellableProperty().not());
        cancelImport.setOnAction(e -> vm.imports().cancelImport());
        HBox importing = new HBox(6, importBar, cancelImport);
        importing.setAlignment(Pos.CENTER_LEFT);
        importing.visibleProperty().bind(vm.imports().importingProperty());
        importing.managedProperty().bind(importing.visibleProperty());
        ComboBox<String> net = new ComboBox<>();
        net.setId("classify-network");
        net.getItems().addAll(Models.ids());
        net.setVisibleRowCount(16);
        net.valueProperty().bindBidirectional(vm.modelIdProperty());
        CheckBox four = new CheckBox(Messages.get("classify.allFour"));
        four.setId("classify-all-four");
        four.selectedProperty().bindBidirectional(vm.allFourProperty());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(vm.busyProperty());
        weights.setId("classify-weights");
        weights.getStyleClass().add("weights-label");
        weights.setWrapText(true);
        ToolBar bar = new ToolBar(open, paste, new Separator(), new Label(Messages.get("classify.network")), net,
                four, importOnnx, getWeights, importing, busy);
        setTop(bar);

        Label drop = new Label(Messages.get("classify.dropHere"));
        drop.setWrapText(true);
        drop.setMaxWidth(Double.MAX_VALUE);
        drop.setAlignment(Pos.CENTER);
        drop.getStyleClass().add("drop-zone");
        drop.setId(DROP_ZONE);
        message.setId("classify-message");
        message.getStyleClass().add("error-message");
        message.setWrapText(true);
        message.managedProperty().bind(message.textProperty().isNotEmpty());
        seen.setId("classify-seen");
        seen.setFitWidth(SEEN_SIZE);
        seen.setFitHeight(SEEN_SIZE);
        seen.setSmooth(false);
        seen.setPreserveRatio(true);
        original.setFitWidth(SEEN_SIZE / 2.0);
        original.setFitHeight(SEEN_SIZE / 2.0);
        original.setPreserveRatio(true);
        lookView.setId("classify-look-overlay");
        lookView.setFitWidth(SEEN_SIZE);
        lookView.setFitHeight(SEEN_SIZE);
        lookView.setPreserveRatio(true);
        lookView.setMouseTransparent(true);
        lookToggle.setId("classify-look");
        lookToggle.selectedProperty().bindBidirectional(vm.showLookProperty());
        lookTip.setText(Messages.get("classify.lookTip"));
        lookTip.setWrapText(true);
        lookTip.setMaxWidth(360);
        // on the box as well: a disabled control shows no tooltip, and then it says why it is disabled
        lookToggle.setTooltip(lookTip);
        Tooltip.install(lookToggleBox, lookTip);
        lookToggleBox.setAlignment(Pos.CENTER_LEFT);
        lookToggleBox.setMaxWidth(Region.USE_PREF_SIZE);
        lookCaption.setId("classify-look-caption");
        lookCaption.setWrapText(true);
        lookCaption.getStyleClass().add("muted");
        lookCaption.managedProperty().bind(lookCaption.textProperty().isNotEmpty());
        steps.setId("classify-steps");
        steps.setWrapText(true);
        steps.getStyleClass().add("muted");
        top5.setId("classify-top5");
        truth.getStyleClass().add("muted");
        Label seenTitle = section(Messages.get("classify.seen"));
        HBox pictures = new HBox(8, new StackPane(seen, lookView), original);
        pictures.setAlignment(Pos.BOTTOM_LEFT);
        VBox left = new VBox(8, drop, message, strip, seenTitle, pictures, lookToggleBox, lookCaption, steps,
                section(Messages.get("classify.top5")),
                weights, top5, truth, section(Messages.get("classify.samples")), samples());
        left.setPadding(new Insets(8));
        left.setPrefWidth(330);
        ScrollPane leftScroll = new ScrollPane(left);
        leftScroll.setFitToWidth(true);
        leftScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        leftScroll.setPrefWidth(350);
        setLeft(leftScroll);

        this.four.setId("classify-four");
        this.four.setHgap(24);
        this.four.setVgap(8);
        maps.setId("classify-maps");
        maps.setPadding(new Insets(8));
        mapsScroll.setFitToWidth(true);
        // card padding and border, row label, scroll bar
        mapsScroll.viewportBoundsProperty().addListener((o, a, b) -> vm.setMosaicWidth((int) b.getWidth() - 130));
        Label empty = new Label(Messages.get("classify.empty"));
        empty.getStyleClass().add("muted");
        maps.getChildren().add(empty);
        setCenter(mapsScroll);
        enlarged.setAutoHide(true);

        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        setOnDragDropped(e -> {
            Dragboard db = e.getDragboard();
            boolean ok = db.hasFiles();
            if (ok) {
                drop(db.getFiles());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
        addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (new KeyCodeCombination(KeyCode.V, KeyCombination.SHORTCUT_DOWN).match(e)) {
                paste();
                e.consume();
            }
        });
    }

    /** What a drop does; public so that drops which cannot be simulated (from a file manager) are testable. */
    /** Pictures are classified; {@code .onnx} files are imported as ImageNet weights. */
    public void drop(List<File> files) {
        List<File> pictures = new java.util.ArrayList<>();
        for (File f : files) {
            if (f.getName().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx")) {
                vm.imports().importWeights(f);
            } else {
                pictures.add(f);
            }
        }
        vm.open(pictures);
    }

    /** Opens the "Get ImageNet weights" dialog, or brings the open one to the front. */
    void openWeightsDialog() {
        if (weightsDialog != null && weightsDialog.isShowing()) {
            weightsDialog.toFront();
            return;
        }
        weightsDialog = new WeightsDialog(vm.imports().weightsDialog(), vm.imports()::importWeights, getScene() == null ? null : getScene().getWindow());
        weightsDialog.show();
    }

    /** The open "Get ImageNet weights" dialog, if any. */
    WeightsDialog weightsDialog() {
        return weightsDialog;
    }

    private void chooseOnnx() {
        FileChooser fc = new FileChooser();
        fc.setTitle(Messages.get("classify.importOnnx"));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(Messages.get("classify.onnxFiles"), "*.onnx"));
        File file = fc.showOpenDialog(getScene() == null ? null : getScene().getWindow());
        if (file != null) {
            vm.imports().importWeights(file);
        }
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.getStyleClass().add("section-title");
        return l;
    }

    /** The sample images as a gallery: click to classify, or drag one onto the drop zone. */
    private Node samples() {
        FlowPane gallery = new FlowPane(3, 3);
        gallery.setId("classify-samples");
        Path dir = samplesDir();
        if (dir == null) {
            Label none = new Label(Messages.get("classify.noSamples"));
            none.getStyleClass().add("muted");
            none.setWrapText(true);
            return none;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.png")) {
            ds.forEach(files::add);
        } catch (IOException e) {
            return new Label(e.getMessage());
        }
        files.sort(null);
        for (Path f : files) {
            ImageView iv = new ImageView(new Image(f.toUri().toString(), 28, 28, true, false, true));
            String name = f.getFileName().toString();
            iv.setId("sample-" + name.replace(".png", ""));
            Tooltip.install(iv, new Tooltip(name));
            iv.getStyleClass().add("sample");
            iv.setOnMouseClicked(e -> drop(List.of(f.toFile())));
            iv.setOnDragDetected(e -> {
                Dragboard db = iv.startDragAndDrop(TransferMode.COPY);
                ClipboardContent c = new ClipboardContent();
                c.putFiles(List.of(f.toFile()));
                db.setContent(c);
                e.consume();
            });
            gallery.getChildren().add(iv);
        }
        return gallery;
    }

    /** sample-images/ in the working directory, next to the application, or where cnnexplorer.samples says. */
    static Path samplesDir() {
        List<Path> candidates = new ArrayList<>();
        String prop = System.getProperty("cnnexplorer.samples");
        if (prop != null) {
            candidates.add(Path.of(prop));
        }
        candidates.add(Path.of("sample-images"));
        try {
            Path jar = Path.of(ClassifyView.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = jar.getParent(); p != null; p = p.getParent()) {
                candidates.add(p.resolve("sample-images"));
            }
        } catch (Exception e) {
            // no code source: the working directory is all we have
        }
        return candidates.stream().filter(Files::isDirectory).findFirst().orElse(null);
    }

    private void chooseFiles() {
        FileChooser fc = new FileChooser();
        fc.setTitle(Messages.get("classify.open"));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(Messages.get("classify.images"),
                "*.png", "*.jpg", "*.jpeg", "*.gif", "*.bmp", "*.PNG", "*.JPG", "*.JPEG", "*.GIF", "*.BMP"));
        Path dir = samplesDir();
        if (dir != null) {
            fc.setInitialDirectory(dir.toFile());
        }
        List<File> files = fc.showOpenMultipleDialog(getScene() == null ? null : getScene().getWindow());
        if (files != null) {
            drop(files);
        }
    }

    private void paste() {
        Clipboard cb = Clipboard.getSystemClipboard();
        if (cb.hasFiles()) {
            drop(cb.getFiles());
        } else if (cb.hasImage()) {
            Image img = cb.getImage();
            int w = (int) img.getWidth();
            int h = (int) img.getHeight();
            int[] argb = new int[w * h];
            img.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
            vm.open(w, h, argb, Messages.get("classify.clipboard"));
        }
    }

    private void initListeners() {
        message.textProperty().bind(vm.messageProperty());
        vm.resultProperty().addListener((o, a, r) -> show(r));
        // an import handed over from the dialog changes what is imported
        vm.imports().importingProperty().addListener((o, was, now) -> {
            if (!now && weightsDialog != null && weightsDialog.isShowing()) {
                weightsDialog.model().refresh();
            }
        });
        vm.verdictsProperty().addListener((o, a, v) -> showFour(v));
        vm.lookProperty().addListener((o, a, l) -> showLook());
        vm.showLookProperty().addListener((o, a, b) -> showLook());
        vm.pictures().addListener((javafx.collections.ListChangeListener<ClassifyViewModel.Picture>) c -> {
            while (c.next()) {
                for (ClassifyViewModel.Picture p : c.getAddedSubList()) {
                    ImageView iv = new ImageView(toImage(p.image().image()));
                    iv.setFitWidth(36);
                    iv.setFitHeight(36);
                    iv.setPreserveRatio(true);
                    Tooltip.install(iv, new Tooltip(p.name()));
                    iv.setOnMouseClicked(e -> vm.show(p));
                    strip.getChildren().add(iv);
                }
            }
        });
        if (graph != null) {
            graph.selectedNodeProperty().addListener((o, a, b) -> followGraph());
            graph.diagramProperty().addListener((o, a, d) -> {
                if (d != null && pendingGraphSelection != null && d.networkId().equals(vm.modelIdProperty().get())) {
                    String id = pendingGraphSelection;
                    pendingGraphSelection = null;
                    Platform.runLater(() -> selectInGraph(id));
                }
            });
        }
    }

    private void show(ClassifyViewModel.Classification r) {
        if (r == null) {
            return;
        }
        seen.setImage(toImage(r.input().seen()));
        original.setImage(toImage(r.picture().image().image()));
        steps.setText(Messages.get("classify.steps", r.input().describe()));
        weights.setText(!r.trained() ? Messages.get("classify.untrained", r.modelId())
                : r.source().map(s -> Messages.get("classify.importedWeights", r.modelId(), s))
                .orElseGet(() -> Messages.get("classify.trained", r.modelId())));
        weights.getStyleClass().remove("untrained");
        if (!r.trained()) {
            weights.getStyleClass().add("untrained");
        }
        boolean looks = r.trained() && !r.top().isEmpty();
        lookToggle.setDisable(!looks);
        lookTip.setText(Messages.get(looks ? "classify.lookTip" : "classify.lookUntrained"));
        showLook();
        truth.setText(r.picture().truth().map(t -> Messages.get("classify.truth", t)).orElse(""));
        top5.getChildren().setAll(r.top().stream().map(b -> bar(b, 160)).toList());
        maps.getChildren().clear();
        cards.clear();
        if (!vm.verdictsProperty().get().isEmpty()) {
            maps.getChildren().add(four);
        }
        r.maps().filters().ifPresent(f -> {
            VBox card = card(Messages.get("classify.filters", r.maps().filtersLayer()), r.maps().filtersLayer());
            card.setId("classify-filters");
            card.getChildren().add(mosaicView(f, null, "filters-" + r.maps().filtersLayer()));
            maps.getChildren().add(card);
        });
        for (Sections.Section s : r.maps().sections()) {
            VBox card = card(s.title(), s.id());
            for (Sections.Row row : s.rows()) {
                FlowPane items = new FlowPane(10, 6);
                for (Sections.Item it : row.items()) {
                    FeatureMaps.Mosaic m = r.maps().mosaics().get(it.layerId());
                    LayerActivation a = r.maps().activations().get(it.layerId());
                    if (m == null || a == null) {
                        continue;
                    }
                    Label caption = new Label(it.caption() + "  " + a.shape());
                    caption.getStyleClass().add("map-caption");
                    VBox box = new VBox(2, caption, mosaicView(m, a, "mosaic-" + it.layerId()));
                    box.getStyleClass().add("map-item");
                    items.getChildren().add(box);
                    cards.putIfAbsent(it.layerId(), card);
                }
                if (row.label().isEmpty()) {
                    card.getChildren().add(items);
                } else {
                    Label l = new Label(row.label());
                    l.getStyleClass().add("row-label");
                    l.setMinWidth(80);
                    HBox h = new HBox(8, l, items);
                    HBox.setHgrow(items, Priority.ALWAYS);
                    card.getChildren().add(h);
                }
            }
            cards.put(s.id(), card);
            maps.getChildren().add(card);
        }
        followGraph();
    }

    /** The heat map over the picture and its caption, while "where it looks" is on and the map is ready. */
    private void showLook() {
        ClassifyViewModel.Look l = vm.lookProperty().get();
        boolean on = vm.showLookProperty().get() && l != null && l.of() == vm.getResult();
        lookView.setImage(on ? toImage(l.overlay()) : null);
        lookView.setVisible(on);
        lookCaption.setText(on ? Messages.get("classify.lookCaption", l.label(), l.layerId()) : "");
    }

    private VBox card(String title, String target) {
        Label t = new Label(title);
        t.getStyleClass().add("card-title");
        t.setTooltip(new Tooltip(Messages.get("classify.selectInGraph")));
        t.setOnMouseClicked(e -> selectInGraph(target));
        VBox card = new VBox(6, t);
        card.getStyleClass().add("map-card");
        card.setId("maps-" + target);
        return card;
    }

    private Node bar(TopFive.Bar b, double width) {
        Label name = new Label(b.label());
        name.setMinWidth(90);
        name.setPrefWidth(90);
        Region fill = new Region();
        fill.getStyleClass().add("bar-fill");
        fill.setPrefWidth(Math.max(1, width * b.probability()));
        fill.setMinWidth(Region.USE_PREF_SIZE);
        fill.setMaxWidth(Region.USE_PREF_SIZE);
        fill.setPrefHeight(14);
        Region track = new Region();
        track.getStyleClass().add("bar-track");
        StackPane barBox = new StackPane(track, fill);
        StackPane.setAlignment(fill, Pos.CENTER_LEFT);
        barBox.setPrefWidth(width);
        barBox.setMaxWidth(width);
        Label pct = new Label(String.format(Messages.locale(), "%.1f %%", 100 * b.probability()));
        pct.setMinWidth(52);
        HBox row = new HBox(6, name, barBox, pct);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add("top5-row");
        return row;
    }

    private void showFour(List<TopFive.Verdict> verdicts) {
        four.getChildren().clear();
        for (int i = 0; i < verdicts.size(); i++) {
            TopFive.Verdict v = verdicts.get(i);
            Label title = new Label(v.modelId() + (v.trained() ? "" : " · " + Messages.get("classify.untrainedShort")));
            title.getStyleClass().add("card-title");
            VBox col = new VBox(3, title);
            v.top().forEach(b -> col.getChildren().add(bar(b, 90)));
            four.add(col, i % 2, i / 2);
        }
        if (!verdicts.isEmpty() && !maps.getChildren().contains(four)) {
            maps.getChildren().add(0, four);
        } else if (verdicts.isEmpty()) {
            maps.getChildren().remove(four);
        }
    }

    private ImageView mosaicView(FeatureMaps.Mosaic m, LayerActivation a, String id) {
        ImageView iv = new ImageView(image(m.width(), m.height(), m.argb()));
        iv.setSmooth(false);
        iv.getStyleClass().add("mosaic");
        iv.setId(id);
        if (a != null && !a.shape().flat()) {
            iv.setOnMouseClicked(e -> {
                int c = m.channelAt(e.getX(), e.getY());
                if (c >= 0) {
                    enlarge(a, c, m, e.getScreenX(), e.getScreenY());
                }
            });
        }
        return iv;
    }

    private void enlarge(LayerActivation a, int channel, FeatureMaps.Mosaic m, double x, double y) {
        int h = a.shape().height();
        int w = a.shape().width();
        int scale = Math.max(1, 280 / Math.max(h, w));
        ImageView big = new ImageView(image(w * scale, h * scale,
                FeatureMaps.single(a.channel(channel), w, h, scale, m.min(), m.max())));
        Label caption = new Label(Messages.get("classify.channel", a.layerId(), channel,
                String.format(Locale.ROOT, "%.3g", m.min()), String.format(Locale.ROOT, "%.3g", m.max())));
        VBox box = new VBox(6, caption, big);
        box.setId("channel-view");
        box.getStyleClass().add("enlarged");
        box.setPadding(new Insets(8));
        box.getStylesheets().addAll(getScene().getStylesheets());
        box.setOnMouseClicked(e -> enlarged.hide());
        enlarged.getContent().setAll(box);
        enlarged.show(getScene().getWindow(), x + 8, y + 8);
    }

    private void followGraph() {
        ClassifyViewModel.Classification r = vm.getResult();
        if (graph == null || r == null || graph.getNetwork() == null || !graph.getNetwork().id().equals(r.modelId())) {
            return;
        }
        String target = graph.selectedTarget();
        if (target == null) {
            target = graph.selectedNodeProperty().get();
        }
        Node card = target == null ? null : cards.get(target);
        if (card == null) {
            return;
        }
        if (highlighted != null) {
            highlighted.getStyleClass().remove("linked");
        }
        card.getStyleClass().add("linked");
        highlighted = card;
        Platform.runLater(() -> reveal(card));
    }

    /** Scrolls the feature maps so that {@code layerId}'s card is at the top. */
    public void revealLayer(String layerId) {
        Node card = cards.get(layerId);
        if (card != null) {
            // new cards have no size until CSS and layout ran
            mapsScroll.applyCss();
            mapsScroll.layout();
            reveal(card);
        }
    }

    private void reveal(Node card) {
        double contentH = maps.getBoundsInLocal().getHeight() - mapsScroll.getViewportBounds().getHeight();
        if (contentH > 0) {
            mapsScroll.setVvalue(Math.min(1, card.getBoundsInParent().getMinY() / contentH));
        }
    }

    /** Selects {@code target} (a layer or block id) in the graph, opening the network there first if needed. */
    void selectInGraph(String target) {
        ClassifyViewModel.Classification r = vm.getResult();
        if (graph == null || r == null) {
            return;
        }
        if (graph.getNetwork() == null || !graph.getNetwork().id().equals(r.modelId())
                || graph.getDiagram() == null || !graph.getDiagram().networkId().equals(r.modelId())) {
            pendingGraphSelection = target;
            graph.open(r.modelId());
            return;
        }
        graph.getDiagram().nodes().stream().filter(n -> n.target().equals(target)).findFirst()
                .ifPresentOrElse(n -> graph.select(n.id()), () -> graph.search(target));
    }

    public ClassifyViewModel viewModel() {
        return vm;
    }

    static WritableImage image(int w, int h, int[] argb) {
        WritableImage img = new WritableImage(w, h);
        img.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        return img;
    }

    static WritableImage toImage(BufferedImage bi) {
        int w = bi.getWidth();
        int h = bi.getHeight();
        return image(w, h, bi.getRGB(0, 0, w, h, null, 0, w));
    }
}
