package org.cnnexplorer.ui.classify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.cnnexplorer.app.LiveTestWindow;
import org.cnnexplorer.app.MainWindow;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.onnx.OnnxWriter;
import org.cnnexplorer.weights.KnownWeights;
import org.cnnexplorer.weights.WeightsDownloader;
import org.cnnexplorer.weights.WeightsIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real window's "Get ImageNet weights…" dialog, headless (Monocle), downloading from HTTP servers on this
 * machine (a mirror, -Dcnnexplorer.zooUrl, then one where Hugging Face is) into a temporary weights folder
 * (-Dcnnexplorer.weights).
 */
@ExtendWith(ApplicationExtension.class)
class WeightsDialogTest {
    private static final String MINI = "test/mini-resnet-1.onnx";
    private static final String STALLS = "test/mini-vgg-1.onnx";

    @TempDir
    static Path tmp;
    private static HttpServer server;
    /** Stands where Hugging Face is, after the mirror: it has the file the mirror lacks. */
    private static HttpServer next;
    private static byte[] onnx;
    private static String known;
    private static final CountDownLatch release = new CountDownLatch(1);
    private MainWindow live;

    @BeforeAll
    static void serve() throws Exception {
        Path f = tmp.resolve("mini-resnet.onnx");
        try (Model m = Model.untrained("mini-resnet")) {
            OnnxWriter.write(m, false, f);
        }
        onnx = Files.readAllBytes(f);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(onnx));
        // the test's own files first (rows the table shows without scrolling), then the real list
        try (InputStream in = KnownWeights.class.getResourceAsStream("known-weights.tsv")) {
            known = "mini-resnet\tonnx-model-zoo\t" + MINI + "\t" + onnx.length + "\t" + sha + "\n"
                    + "mini-vgg\tonnx-model-zoo\t" + STALLS + "\t" + onnx.length + "\t" + sha + "\n"
                    + new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/zoo/" + STALLS, ex -> {
            // a third of the file, then nothing until the test ends
            ex.sendResponseHeaders(200, onnx.length);
            OutputStream out = ex.getResponseBody();
            out.write(onnx, 0, onnx.length / 3);
            out.flush();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        server.start();
        next = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        next.setExecutor(Executors.newCachedThreadPool());
        next.createContext("/hf/" + MINI, ex -> send(ex, onnx));
        next.start();
        System.setProperty("cnnexplorer.weights", tmp.resolve("weights").toString());
        System.setProperty(WeightsDownloader.BASE_PROPERTY,
                "http://127.0.0.1:" + server.getAddress().getPort() + "/zoo/");
    }

    private static void send(HttpExchange ex, byte[] body) throws IOException {
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @AfterAll
    static void stopServer() {
        release.countDown();
        server.stop(0);
        next.stop(0);
        System.clearProperty("cnnexplorer.weights");
        System.clearProperty(WeightsDownloader.BASE_PROPERTY);
    }

    @Start
    void start(Stage stage) throws IOException {
        LiveTestWindow w = LiveTestWindow.show(stage, tmp.resolve("runs"));
        live = w.live();
        live.classify().viewModel().imports().setKnownWeights(KnownWeights.parse(new StringReader(known)));
        List<URI> hf = List.of(URI.create("http://127.0.0.1:" + next.getAddress().getPort() + "/hf/"));
        live.classify().viewModel().imports().setPublicSources(hf, hf);
        w.view().tabs().getTabs().stream().filter(t -> t.getId().equals("tab-classify")).findFirst()
                .ifPresent(t -> w.view().tabs().getSelectionModel().select(t));
    }

    @AfterEach
    void stop() {
        live.close();
    }

    private static List<String> weightsFolder() throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve("weights"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Weights files and nothing else: no .part, no .onnx (the other test may have added its own .zip). */
    private static boolean onlyWeights() throws IOException {
        List<String> names = weightsFolder();
        return names.contains("mini-resnet.zip") && names.stream().allMatch(n -> n.endsWith(".zip"));
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    @Test
    void theDialogListsTheKnownFilesDownloadsOneAndShowsErrorsAndCancelsInOneLine(FxRobot robot) throws Exception {
        robot.clickOn("#classify-get-weights");
        WaitForAsyncUtils.waitForFxEvents();
        WeightsDialog dialog = live.classify().weightsDialog();
        assertThat(dialog.isShowing()).isTrue();
        @SuppressWarnings("unchecked")
        TableView<WeightsDialogModel.Row> table = robot.lookup("#weights-table").queryAs(TableView.class);
        assertThat(table.getItems()).hasSize(KnownWeights.standard().sources().size() + 2);
        assertThat(robot.lookup("ONNX model zoo: resnet50-v1-12.onnx").tryQuery()).isPresent();
        assertThat(robot.lookup("3f03fdef724b…").tryQuery()).as("SHA-256 abbreviated").isPresent();
        assertThat(robot.lookup("#weights-download-resnet50-v1").queryAs(Button.class).isDisabled()).isFalse();

        // the mirror lacks it, the next source has it: download, verify, import; the row says where it came from
        // and Classify shows the network
        robot.clickOn("#weights-download-mini-resnet");
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> table.getItems().get(0).importedProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        String nextSource = "127.0.0.1:" + next.getAddress().getPort();
        assertThat(text(robot, "#weights-status")).isEqualTo("mini-resnet-1.onnx downloaded from " + nextSource
                + " and imported as mini-resnet (preprocessing: torchvision)");
        assertThat(robot.lookup("imported (from " + nextSource + ")").tryQuery()).as("the row's state").isPresent();
        assertThat(text(robot, "#weights-error")).isEmpty();
        assertThat(weightsFolder()).contains("mini-resnet.zip").allMatch(n -> n.endsWith(".zip"));
        assertThat(live.classify().viewModel().modelIdProperty().get()).isEqualTo("mini-resnet");
        assertThat(table.getItems().get(1).importedProperty().get()).isFalse();

        // a file no source has: one line, in the dialog, with what each answered
        robot.clickOn("#weights-download-googlenet");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !text(robot, "#weights-error").isEmpty());
        assertThat(text(robot, "#weights-error")).isEqualTo("No source has googlenet-12.onnx: 127.0.0.1:"
                + server.getAddress().getPort() + ": HTTP 404; " + nextSource + ": HTTP 404");

        // a server that stalls: Cancel stops it and leaves nothing behind
        robot.clickOn("#weights-download-mini-vgg");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> dialog.model().progressProperty().get() > 0.2);
        assertThat(text(robot, "#weights-status"))
                .startsWith("Downloading mini-vgg-1.onnx from 127.0.0.1:" + server.getAddress().getPort() + ": ");
        assertThat(robot.lookup("downloading…").tryQuery()).as("the row's state").isPresent();
        assertThat(weightsFolder()).anySatisfy(n -> assertThat(n).endsWith(".part"));
        robot.clickOn("#weights-cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(text(robot, "#weights-status")).isEqualTo("Download of mini-vgg-1.onnx cancelled: nothing kept");
        assertThat(robot.lookup("#weights-download-mini-vgg").queryAs(Button.class).isDisabled()).isFalse();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, WeightsDialogTest::onlyWeights);

        // torchvision: the command to export it, then Import file…
        int resnet50 = table.getItems().indexOf(table.getItems().stream()
                .filter(r -> r.source() instanceof KnownWeights.TorchvisionExport && r.id().equals("resnet50"))
                .findFirst().orElseThrow());
        robot.interact(() -> table.scrollTo(resnet50));
        assertThat(robot.lookup("#weights-export").query().isVisible()).isFalse();
        robot.clickOn("torchvision.models.resnet50 (export it)");
        assertThat(robot.lookup("#weights-export").query().isVisible()).isTrue();
        assertThat(robot.lookup("#weights-command").queryAs(TextField.class).getText())
                .contains("torchvision.models.resnet50(weights='DEFAULT')").contains("'resnet50.onnx'");

        // Hugging Face's torchvision weights: a Download, whose size and SHA-256 the first download will record
        int hub = table.getItems().indexOf(table.getItems().stream()
                .filter(r -> r.source() instanceof KnownWeights.HubFile && r.id().equals("resnet50"))
                .findFirst().orElseThrow());
        robot.interact(() -> table.scrollTo(hub));
        assertThat(robot.lookup("Hugging Face: timm/resnet50.tv_in1k").tryQuery()).isPresent();
        assertThat(robot.lookup("at the first download").tryQuery()).isPresent();
        assertThat(robot.lookup("#weights-download-resnet50").queryAs(Button.class).isDisabled()).isFalse();

        // closing the dialog cancels a running download
        robot.interact(() -> table.scrollTo(0));
        robot.clickOn("#weights-download-mini-vgg");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> dialog.model().progressProperty().get() > 0.2);
        robot.clickOn("#weights-close");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(dialog.isShowing()).isFalse();
        assertThat(dialog.model().downloadingProperty().get()).isNull();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, WeightsDialogTest::onlyWeights);
    }

    @Test
    void anOnnxFileDroppedOnTheDialogIsImportedByClassifyWithItsProgressBar(FxRobot robot) throws Exception {
        Path file = tmp.resolve("drop").resolve("mini-googlenet.onnx");
        Files.createDirectories(file.getParent());
        try (Model m = Model.untrained("mini-googlenet")) {
            OnnxWriter.write(m, false, file);
        }
        robot.clickOn("#classify-get-weights");
        WaitForAsyncUtils.waitForFxEvents();
        WeightsDialog dialog = live.classify().weightsDialog();
        ClassifyViewModel cvm = live.classify().viewModel();
        boolean[] barShown = {false};
        robot.interact(() -> {
            Node box = robot.lookup("#classify-import-progress").query().getParent();
            box.visibleProperty().addListener((o, a, b) -> barShown[0] |= b);
            dialog.drop(List.of(file.toFile(), tmp.resolve("not-a-network.txt").toFile()));
        });
        assertThat(dialog.isShowing()).as("handed over: the dialog gets out of the way").isFalse();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !cvm.imports().importingProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(barShown[0]).as("the progress bar and Cancel were shown while importing").isTrue();
        assertThat(robot.lookup("#classify-import-cancel").query().getParent().isVisible()).isFalse();
        assertThat(weightsFolder()).contains("mini-googlenet.zip");
        assertThat(cvm.modelIdProperty().get()).isEqualTo("mini-googlenet");
        assertThat(text(robot, "#classify-message"))
                .isEqualTo("mini-googlenet.onnx imported as mini-googlenet (preprocessing: torchvision)");
        assertThat(WeightsDialogModel.origin(WeightsIO.info(tmp.resolve("weights").resolve("mini-googlenet.zip"))))
                .as("what the dialog's state says it came from").isEqualTo("file mini-googlenet.onnx");
    }
}
