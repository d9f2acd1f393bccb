package org.cnnexplorer.ui.classify;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.ui.ChartFonts;
import org.cnnexplorer.ui.Styles;
import org.cnnexplorer.weights.FirstDownloads;
import org.cnnexplorer.weights.KnownWeights;
import org.cnnexplorer.weights.WeightsImport;

import java.io.File;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * "Get ImageNet weights": per network, the ONNX model zoo's file (size, SHA-256) or Hugging Face's torchvision
 * weights (size and SHA-256 once a first download recorded them) with a Download button, or for torchvision's
 * networks the one command that exports them; the state says where imported weights came from; Import file… (or
 * dropping an {@code .onnx} here) hands a file to the Classify tab's import. Not modal, so the window stays usable
 * while a large file comes in; closing the dialog cancels a running download.
 */
public final class WeightsDialog extends Stage {
    private static final int SHA_SHOWN = 12;

    private final WeightsDialogModel model;
    private final Consumer<File> importer;
    private final TextField command = new TextField();
    private final Label commandHint = new Label();
    private final VBox commandBox;

    public WeightsDialog(WeightsDialogModel model, Consumer<File> importer, Window owner) {
        this.model = model;
        this.importer = importer;
        setTitle(Messages.get("weights.title"));
        if (owner != null) {
            initOwner(owner);
        }

        Label intro = new Label(Messages.get("weights.intro"));
        intro.setWrapText(true);
        // wrapped labels in a VBox are otherwise squeezed to one line when the export box opens
        intro.setMinHeight(Region.USE_PREF_SIZE);
        TableView<WeightsDialogModel.Row> table = table();

        command.setId("weights-command");
        command.setEditable(false);
        HBox.setHgrow(command, Priority.ALWAYS);
        Button copy = new Button(Messages.get("weights.copy"));
        copy.setId("weights-copy-selected");
        copy.setOnAction(e -> copy(command.getText()));
        commandHint.setWrapText(true);
        commandHint.setMinHeight(Region.USE_PREF_SIZE);
        commandBox = new VBox(4, commandHint, new HBox(6, command, copy));
        commandBox.setId("weights-export");
        commandBox.managedProperty().bind(commandBox.visibleProperty());
        commandBox.setVisible(false);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> showCommand(row));

        ProgressBar bar = new ProgressBar();
        bar.setId("weights-progress");
        bar.setPrefWidth(220);
        bar.progressProperty().bind(model.progressProperty());
        Button cancel = new Button(Messages.get("weights.cancel"));
        cancel.setId("weights-cancel");
        cancel.disableProperty().bind(model.cancellableProperty().not());
        cancel.setOnAction(e -> model.cancel());
        HBox running = new HBox(8, bar, cancel);
        running.setAlignment(Pos.CENTER_LEFT);
        running.visibleProperty().bind(model.downloadingProperty().isNotNull());
        running.managedProperty().bind(running.visibleProperty());
        Label status = new Label();
        status.setId("weights-status");
        status.textProperty().bind(model.statusProperty());
        status.managedProperty().bind(status.textProperty().isNotEmpty());
        Label error = new Label();
        error.setId("weights-error");
        error.getStyleClass().add("error-message");
        error.textProperty().bind(model.errorProperty());
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        error.setMaxWidth(Double.MAX_VALUE);
        // one line of text, but hashes and paths make it longer than the dialog is wide
        error.setWrapText(true);
        error.setMinHeight(Region.USE_PREF_SIZE);

        Button importFile = new Button(Messages.get("weights.importFile"));
        importFile.setId("weights-import");
        importFile.setTooltip(new Tooltip(Messages.get("weights.importTip")));
        importFile.setOnAction(e -> chooseFile());
        Button close = new Button(Messages.get("weights.close"));
        close.setId("weights-close");
        close.setCancelButton(true);
        close.setOnAction(e -> close());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox buttons = new HBox(8, importFile, gap, close);

        VBox root = new VBox(8, intro, table, commandBox, running, status, error, buttons);
        root.setId("weights-dialog");
        // a window of its own does not inherit the main window's family, whose default draws Korean as boxes
        root.setStyle("-fx-font-family: \"" + ChartFonts.fxFamily() + "\";");
        root.setPadding(new Insets(12));
        VBox.setVgrow(table, Priority.ALWAYS);
        Scene scene = Styles.apply(new Scene(root, 1000, 580));
        scene.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        scene.setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles();
            if (ok) {
                drop(e.getDragboard().getFiles());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
        setScene(scene);
        setOnHidden(e -> model.cancel());
    }

    public WeightsDialogModel model() {
        return model;
    }

    /** What a drop does: weights files are imported, the rest ignored (public: drops cannot be simulated). */
    public void drop(List<File> files) {
        files.stream().filter(f -> WeightsImport.isWeightsFile(f.getName())).forEach(this::handOver);
    }

    private void chooseFile() {
        FileChooser fc = new FileChooser();
        fc.setTitle(Messages.get("weights.importFile"));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(Messages.get("classify.onnxFiles"),
                WeightsImport.EXTENSIONS.stream().map(e -> "*" + e).toList()));
        File f = fc.showOpenDialog(this);
        if (f != null) {
            handOver(f);
        }
    }

    /** The Classify tab imports it, with its progress bar; this dialog gets out of the way unless it is downloading. */
    private void handOver(File f) {
        importer.accept(f);
        if (model.downloadingProperty().get() == null) {
            close();
        }
    }

    private TableView<WeightsDialogModel.Row> table() {
        TableView<WeightsDialogModel.Row> t = new TableView<>(model.rows());
        t.setId("weights-table");
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        t.getColumns().add(column(Messages.get("weights.col.network"), 110, r -> r.id()));
        t.getColumns().add(column(Messages.get("weights.col.source"), 300, WeightsDialog::source));
        TableColumn<WeightsDialogModel.Row, String> size = column(Messages.get("weights.col.size"), 80, r -> {
            long bytes = r.source() instanceof KnownWeights.ZooFile z ? z.size()
                    : r.recordedProperty().get() != null ? r.recordedProperty().get().size() : -1;
            return bytes >= 0 ? WeightsDialogModel.megabytes(bytes)
                    : r.source() instanceof KnownWeights.HubFile ? "?" : "—";
        });
        size.setStyle("-fx-alignment: CENTER-RIGHT;");
        t.getColumns().add(size);
        TableColumn<WeightsDialogModel.Row, String> sha = column(Messages.get("weights.col.sha"), 150, r -> {
            String full = sha256(r);
            return full != null ? full.substring(0, SHA_SHOWN) + "…"
                    : r.source() instanceof KnownWeights.HubFile ? Messages.get("weights.shaFirst") : "—";
        });
        sha.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                WeightsDialogModel.Row row = empty ? null : getTableRow().getItem();
                setText(empty ? null : item);
                setTooltip(row == null ? null : shaTip(row));
            }
        });
        t.getColumns().add(sha);
        TableColumn<WeightsDialogModel.Row, WeightsDialogModel.Row> state = new TableColumn<>(
                Messages.get("weights.col.state"));
        state.setPrefWidth(160);
        state.setStyle("-fx-alignment: CENTER-LEFT;");
        state.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        state.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(WeightsDialogModel.Row row, boolean empty) {
                super.updateItem(row, empty);
                textProperty().unbind();
                if (empty || row == null) {
                    setText(null);
                } else {
                    textProperty().bind(Bindings.createStringBinding(() -> state(row),
                            row.importedProperty(), row.fromProperty(), model.downloadingProperty()));
                }
            }
        });
        t.getColumns().add(state);
        TableColumn<WeightsDialogModel.Row, WeightsDialogModel.Row> action = new TableColumn<>();
        action.setPrefWidth(130);
        action.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        action.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(WeightsDialogModel.Row row, boolean empty) {
                super.updateItem(row, empty);
                setGraphic(empty || row == null ? null : actionButton(row));
            }
        });
        t.getColumns().add(action);
        return t;
    }

    /** The SHA-256 a row's file must have: listed, or recorded at its first download; null when none is known. */
    private static String sha256(WeightsDialogModel.Row r) {
        if (r.source() instanceof KnownWeights.ZooFile z) {
            return z.sha256();
        }
        return r.recordedProperty().get() == null ? null : r.recordedProperty().get().sha256();
    }

    private static String source(WeightsDialogModel.Row r) {
        if (r.source() instanceof KnownWeights.ZooFile z) {
            return Messages.get("weights.zoo", z.fileName());
        }
        if (r.source() instanceof KnownWeights.HubFile h) {
            return Messages.get("weights.hub", h.repository());
        }
        return Messages.get("weights.torchvision", ((KnownWeights.TorchvisionExport) r.source()).function());
    }

    private static Tooltip shaTip(WeightsDialogModel.Row r) {
        if (r.source() instanceof KnownWeights.ZooFile z) {
            return new Tooltip("SHA-256 " + z.sha256());
        }
        if (!(r.source() instanceof KnownWeights.HubFile)) {
            return null;
        }
        FirstDownloads.Entry first = r.recordedProperty().get();
        return new Tooltip(first == null ? Messages.get("weights.shaFirstTip")
                : Messages.get("weights.shaRecordedTip", first.sha256(), first.when()));
    }

    private Button actionButton(WeightsDialogModel.Row row) {
        Button b;
        if (row.source() instanceof KnownWeights.Downloadable) {
            b = new Button(Messages.get("weights.download"));
            b.setId("weights-download-" + row.id());
            b.disableProperty().bind(model.downloadingProperty().isNotNull());
            b.setOnAction(e -> model.download(row));
        } else {
            KnownWeights.TorchvisionExport x = (KnownWeights.TorchvisionExport) row.source();
            b = new Button(Messages.get("weights.copy"));
            b.setId("weights-copy-" + row.id());
            b.setTooltip(new Tooltip(x.command()));
            b.setOnAction(e -> copy(x.command()));
        }
        b.setMaxWidth(Double.MAX_VALUE);
        return b;
    }

    private void showCommand(WeightsDialogModel.Row row) {
        boolean tv = row != null && row.source() instanceof KnownWeights.TorchvisionExport;
        commandBox.setVisible(tv);
        if (tv) {
            KnownWeights.TorchvisionExport x = (KnownWeights.TorchvisionExport) row.source();
            commandHint.setText(Messages.get("weights.exportHint", x.fileName(), x.id()));
            command.setText(x.command());
        }
    }

    private static void copy(String text) {
        ClipboardContent c = new ClipboardContent();
        c.putString(text);
        Clipboard.getSystemClipboard().setContent(c);
    }

    /** A row's state; a file downloaded while the dialog is open says where it came from. */
    private String state(WeightsDialogModel.Row row) {
        if (model.downloadingProperty().get() == row) {
            return Messages.get("weights.downloadingState");
        }
        if (!row.importedProperty().get()) {
            return Messages.get("weights.notImported");
        }
        String from = row.fromProperty().get();
        return from.isEmpty() ? Messages.get("weights.imported") : Messages.get("weights.importedFrom", from);
    }

    private static TableColumn<WeightsDialogModel.Row, String> column(String title, double width,
                                                                     Function<WeightsDialogModel.Row, String> value) {
        TableColumn<WeightsDialogModel.Row, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        // level with the buttons that make the rows taller
        c.setStyle("-fx-alignment: CENTER-LEFT;");
        // a Hugging Face row's size and SHA-256 appear once its first download is recorded
        c.setCellValueFactory(d -> Bindings.createStringBinding(() -> value.apply(d.getValue()),
                d.getValue().recordedProperty()));
        return c;
    }
}
