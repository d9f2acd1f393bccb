package org.cnnexplorer.ui.train;

import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.train.FineTuning;
import org.cnnexplorer.ui.Background;
import org.cnnexplorer.ui.LongTask;
import org.cnnexplorer.ui.Models;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

/**
 * "Your own classes" in the Train tab: pick a network with trained weights, choose or drop a folder of pictures,
 * name the result and fine-tune it; layout and bindings only, the state is {@link FineTuneViewModel}'s.
 */
final class FineTunePane extends VBox {
    private final FineTuneViewModel vm;
    private final ProgressBar bar = new ProgressBar(0);
    private final Label status = new Label();

    FineTunePane(FineTuneViewModel vm, Background background) {
        super(6);
        this.vm = vm;
        setId("finetune-pane");
        Label title = new Label(Messages.get("finetune.title"));
        title.getStyleClass().add("section-title");
        Label intro = new Label(Messages.get("finetune.intro"));
        intro.setWrapText(true);
        intro.getStyleClass().add("muted");

        ComboBox<String> network = new ComboBox<>();
        network.setId("finetune-network");
        network.getItems().setAll(Models.MINI);
        network.valueProperty().bindBidirectional(vm.baseIdProperty());
        network.setMaxWidth(Double.MAX_VALUE);
        background.submit("fine-tunable networks", c -> vm.bases(), ids -> {
            String keep = network.getValue();
            network.getItems().setAll(ids);
            network.setValue(keep);
        }, e -> { });
        Button folder = new Button(Messages.get("finetune.folder"));
        folder.setId("finetune-folder");
        folder.setOnAction(e -> chooseFolder());
        Label chosen = new Label();
        chosen.setId("finetune-folder-chosen");
        chosen.setWrapText(true);
        chosen.getStyleClass().add("muted");
        chosen.textProperty().bind(vm.folderProperty().map(Path::toString)
                .orElse(Messages.get("finetune.folder.none")));
        TextField name = new TextField();
        name.setId("finetune-name");
        name.setPromptText(Messages.get("finetune.name.prompt"));
        name.textProperty().bindBidirectional(vm.nameProperty());
        Spinner<Integer> epochs = new Spinner<>(FineTuneViewModel.MIN_EPOCHS, FineTuneViewModel.MAX_EPOCHS,
                vm.epochsProperty().get());
        epochs.setId("finetune-epochs");
        epochs.setEditable(true);
        epochs.setPrefWidth(110);
        epochs.valueProperty().addListener((o, was, now) -> vm.epochsProperty().set(now));
        CheckBox all = new CheckBox(Messages.get("finetune.all"));
        all.setId("finetune-all");
        all.selectedProperty().bindBidirectional(vm.allLayersProperty());

        GridPane form = new GridPane();
        form.setHgap(6);
        form.setVgap(6);
        form.addRow(0, new Label(Messages.get("finetune.network")), network);
        form.addRow(1, new Label(Messages.get("finetune.folderLabel")), folder);
        form.add(chosen, 1, 2);
        form.addRow(3, new Label(Messages.get("finetune.name")), name);
        form.addRow(4, new Label(Messages.get("finetune.epochs")), epochs);
        form.add(all, 1, 5);

        Button start = new Button(Messages.get("finetune.start"));
        start.setId("finetune-start");
        start.disableProperty().bind(vm.runningProperty());
        start.setOnAction(e -> start());
        Button cancel = new Button(Messages.get("finetune.cancel"));
        cancel.setId("finetune-cancel");
        cancel.disableProperty().bind(vm.runningProperty().not());
        cancel.setOnAction(e -> vm.cancel());
        bar.setId("finetune-progress");
        bar.visibleProperty().bind(vm.runningProperty());
        HBox buttons = new HBox(6, start, cancel, bar);
        status.setId("finetune-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());
        getChildren().addAll(title, intro, form, buttons, status);

        // a folder dropped anywhere on the pane is the folder of pictures
        setOnDragOver(e -> {
            if (droppedFolder(e.getDragboard().getFiles()) != null) {
                e.acceptTransferModes(TransferMode.COPY_OR_MOVE);
            }
            e.consume();
        });
        setOnDragDropped(e -> {
            Path dir = droppedFolder(e.getDragboard().getFiles());
            if (dir != null) {
                vm.folderProperty().set(dir);
            }
            e.setDropCompleted(dir != null);
            e.consume();
        });
    }

    private static Path droppedFolder(List<File> files) {
        return files != null && files.size() == 1 && files.get(0).isDirectory() ? files.get(0).toPath() : null;
    }

    private void chooseFolder() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle(Messages.get("finetune.folder"));
        File dir = dc.showDialog(getScene().getWindow());
        if (dir != null) {
            vm.folderProperty().set(dir.toPath());
        }
    }

    /** While it runs, the bar and the line below follow the task; afterwards the line says how it ended. */
    private void start() {
        LongTask<FineTuning.Result> task = vm.start();
        if (task == null) {
            return;
        }
        bar.progressProperty().bind(task.progressProperty());
        status.textProperty().bind(task.messageProperty());
        task.runningProperty().addListener((o, was, now) -> {
            if (!now) {
                bar.progressProperty().unbind();
                status.textProperty().bind(vm.statusProperty());
            }
        });
    }
}
