package org.cnnexplorer.ui.classify;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
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
import javafx.scene.input.Dragboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.ui.explore.MainViewModel;

import java.io.File;
import java.util.List;

/**
 * Drop pictures, see what a mini network makes of them: the picture as the network sees it (with the
 * preprocessing named), the top 5, the first layer's learned filters and every layer's feature maps (click a tile
 * to enlarge it, click a title to select the layer in the graph). The sample gallery is also a drag source.
 */
public final class ClassifyView extends BorderPane {
    public static final String DROP_ZONE = "classify-drop";
    private static final KeyCombination PASTE = new KeyCodeCombination(KeyCode.V, KeyCombination.SHORTCUT_DOWN);

    private final ClassifyViewModel vm;
    private final Intake intake;
    private final Label message = new Label();
    private final ResultPanel result;
    private final MapsPane maps = new MapsPane(this::selectInGraph);
    private final GraphLink graphLink;
    private WeightsDialog weightsDialog;

    public ClassifyView(ClassifyViewModel vm, MainViewModel graph) {
        this.vm = vm;
        intake = new Intake(vm);
        result = new ResultPanel(vm);
        graphLink = new GraphLink(vm, graph, maps);
        getStyleClass().add("classify-view");
        setId("classify-view");
        setTop(toolBar());
        setLeft(leftColumn());
        // card padding and border, row label, scroll bar
        maps.viewportBoundsProperty().addListener((o, a, b) -> vm.setMosaicWidth((int) b.getWidth() - 130));
        setCenter(maps);
        acceptDropsAndPaste();
        initListeners();
    }

    private ToolBar toolBar() {
        Button open = new Button(Messages.get("classify.open"));
        open.setId("classify-open");
        open.setOnAction(e -> intake.choosePictures(window()));
        Button paste = new Button(Messages.get("classify.paste"));
        paste.setId("classify-paste");
        paste.setTooltip(new Tooltip(Messages.get("classify.pasteTip")));
        paste.setOnAction(e -> intake.paste());
        Button importOnnx = new Button(Messages.get("classify.importOnnx"));
        importOnnx.setId("classify-import");
        importOnnx.setTooltip(new Tooltip(Messages.get("classify.importTip")));
        importOnnx.setOnAction(e -> intake.chooseOnnx(window()));
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
        net.setItems(vm.networks());
        net.setVisibleRowCount(16);
        net.valueProperty().bindBidirectional(vm.modelIdProperty());
        CheckBox four = new CheckBox(Messages.get("classify.allFour"));
        four.setId("classify-all-four");
        four.selectedProperty().bindBidirectional(vm.allFourProperty());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(vm.busyProperty());
        return new ToolBar(open, paste, new Separator(), new Label(Messages.get("classify.network")), net,
                four, importOnnx, getWeights, importing, busy);
    }

    private ScrollPane leftColumn() {
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
        VBox left = new VBox(8, drop, message, new PictureStrip(vm), result, SampleGallery.create(vm::receive));
        left.setPadding(new Insets(8));
        left.setPrefWidth(330);
        ScrollPane leftScroll = new ScrollPane(left);
        leftScroll.setFitToWidth(true);
        leftScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        leftScroll.setPrefWidth(350);
        return leftScroll;
    }

    private void acceptDropsAndPaste() {
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
        addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (PASTE.match(e)) {
                intake.paste();
                e.consume();
            }
        });
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
        vm.verdictsProperty().addListener((o, a, v) -> maps.showFour(v));
    }

    private void show(ClassifyViewModel.Classification r) {
        if (r == null) {
            return;
        }
        result.show(r);
        maps.show(r.maps());
        graphLink.follow();
    }

    /**
     * What a drop does: pictures are classified, {@code .onnx} files imported as ImageNet weights. Public so that
     * drops which cannot be simulated (from a file manager) are testable.
     */
    public void drop(List<File> files) {
        vm.receive(files);
    }

    /** Scrolls the feature maps so that {@code layerId}'s card is at the top. */
    public void revealLayer(String layerId) {
        maps.revealLayer(layerId);
    }

    public ClassifyViewModel viewModel() {
        return vm;
    }

    /** Opens the "Get ImageNet weights" dialog, or brings the open one to the front. */
    void openWeightsDialog() {
        if (weightsDialog != null && weightsDialog.isShowing()) {
            weightsDialog.toFront();
            return;
        }
        weightsDialog = new WeightsDialog(vm.imports().weightsDialog(), vm.imports()::importWeights, window());
        weightsDialog.show();
    }

    /** The open "Get ImageNet weights" dialog, if any. */
    WeightsDialog weightsDialog() {
        return weightsDialog;
    }

    private void selectInGraph(String target) {
        graphLink.select(target);
    }

    private Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }
}
