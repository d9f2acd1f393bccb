package org.cnnexplorer.ui.classify;

import org.cnnexplorer.engine.Model;
import org.cnnexplorer.i18n.TestLocale;
import org.cnnexplorer.onnx.OnnxWriter;
import org.cnnexplorer.ui.Background;
import org.cnnexplorer.ui.Models;
import org.cnnexplorer.weights.ImportedWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The import on its own, with the synchronous background: the tab's message line, busy sign and chosen network. */
class WeightsImportModelTest {
    @RegisterExtension
    static final TestLocale LOCALE = TestLocale.english();

    @TempDir
    Path dir;

    private final SimpleStringProperty chosen = new SimpleStringProperty("mini-alexnet");
    private final SimpleStringProperty message = new SimpleStringProperty("");
    private final SimpleBooleanProperty busy = new SimpleBooleanProperty();
    private final List<String> installed = new ArrayList<>();

    private WeightsImportModel imports(Models models) {
        return new WeightsImportModel(Background.synchronous(), models, chosen, message, busy,
                (id, source, p) -> installed.add(id + " from " + source + " as " + p.id()));
    }

    @Test
    void aFileGoesOntoTheNetworkItsNameNamesElseOntoTheChosenOne() throws Exception {
        Path named = dir.resolve("mini-vgg.onnx");
        Path unnamed = dir.resolve("my-export.onnx");
        try (Model m = Model.untrained("mini-vgg")) {
            OnnxWriter.write(m, false, named);
        }
        try (Model m = Model.untrained("mini-alexnet")) {
            OnnxWriter.write(m, false, unnamed);
        }
        ImportedWeights store = new ImportedWeights(dir.resolve("weights"));
        try (Models models = new Models(store)) {
            WeightsImportModel imports = imports(models);
            imports.importWeights(named.toFile());
            imports.importWeights(unnamed.toFile());
            assertThat(installed).containsExactly("mini-vgg from mini-vgg.onnx as torchvision",
                    "mini-alexnet from my-export.onnx as torchvision");
            assertThat(store.has("mini-vgg")).isTrue();
            assertThat(store.has("mini-alexnet")).isTrue();
            assertThat(busy.get()).isFalse();
            assertThat(imports.importingProperty().get()).isFalse();
        }
    }

    @Test
    void aFileThatIsNoNetworkOnlySaysSo() throws Exception {
        Path bad = Files.write(dir.resolve("vgg11.onnx"), new byte[] {1, 2, 3});
        ImportedWeights store = new ImportedWeights(dir.resolve("weights"));
        try (Models models = new Models(store)) {
            WeightsImportModel imports = imports(models);
            imports.importWeights(bad.toFile());
            assertThat(message.get()).startsWith("vgg11.onnx: ").doesNotContain("\n");
            assertThat(busy.get()).isFalse();
            assertThat(installed).isEmpty();
            assertThat(store.has("vgg11")).isFalse();
        }
    }

    @Test
    void oneImportRunsAtATime() throws Exception {
        Path first = dir.resolve("mini-vgg.onnx");
        try (Model m = Model.untrained("mini-vgg")) {
            OnnxWriter.write(m, false, first);
        }
        ImportedWeights store = new ImportedWeights(dir.resolve("weights"));
        try (Models models = new Models(store)) {
            WeightsImportModel imports = imports(models);
            List<String> said = new ArrayList<>();
            // the synchronous background reports inline: a second file arrives while the first is being read
            imports.importProgressProperty().addListener((o, a, b) -> {
                if (said.isEmpty()) {
                    imports.importWeights(dir.resolve("mini-resnet.onnx").toFile());
                    said.add(message.get());
                }
            });
            imports.importWeights(first.toFile());
            assertThat(said).containsExactly(
                    "mini-resnet.onnx: another import is running; wait for it or cancel it");
            assertThat(installed).containsExactly("mini-vgg from mini-vgg.onnx as torchvision");
            assertThat(store.has("mini-resnet")).isFalse();
        }
    }
}
