package org.cnnexplorer.app;

import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.image.ImageView;
import javafx.scene.image.WritableImage;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.ui.JobStatus;
import org.cnnexplorer.ui.classify.ClassifyView;
import org.cnnexplorer.ui.classify.ClassifyViewModel;
import org.cnnexplorer.ui.explore.MainView;
import org.cnnexplorer.ui.explore.MainViewModel;
import org.cnnexplorer.ui.train.RunRecord;
import org.cnnexplorer.ui.train.TrainingViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The real window with the live tabs, headless (Monocle): drop pictures, see what the network sees; train. */
@ExtendWith(ApplicationExtension.class)
class LiveWindowTest {
    private MainViewModel vm;
    private MainView view;
    private MainWindow live;

    @TempDir
    static Path runs;

    @Start
    void start(Stage stage) {
        LiveTestWindow w = LiveTestWindow.show(stage, runs);
        vm = w.vm();
        view = w.view();
        live = w.live();
    }

    @AfterEach
    void stop() {
        live.close();
    }

    /** Layer ids contain dots, which CSS selectors would read as classes. */
    private static Optional<Node> byId(FxRobot robot, String id) {
        return robot.lookup((Node n) -> id.equals(n.getId())).tryQuery();
    }

    private void showTab(FxRobot robot, String id) {
        robot.interact(() -> view.tabs().getTabs().stream().filter(t -> t.getId().equals(id)).findFirst()
                .ifPresent(t -> view.tabs().getSelectionModel().select(t)));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void waitForResult(ClassifyViewModel cvm, String picture) throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> cvm.getResult() != null
                && cvm.getResult().picture().name().equals(picture) && !cvm.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The window maps sooner when the live tabs' views wait for their tab: built on first selection, kept after. */
    @Test
    void aLiveTabIsBuiltWhenFirstShown(FxRobot robot) {
        Tab train = view.tabs().getTabs().stream().filter(t -> t.getId().equals("tab-train"))
                .findFirst().orElseThrow();
        assertThat(train.getContent()).isNull();
        assertThat(byId(robot, "train-network")).isEmpty();
        showTab(robot, "tab-train");
        Node built = train.getContent();
        assertThat(built).isSameAs(live.training());
        assertThat(byId(robot, "train-network")).isPresent();
        showTab(robot, "tab-graph");
        showTab(robot, "tab-train");
        assertThat(train.getContent()).isSameAs(built);
    }

    @Test
    void draggingASampleOntoTheDropZoneShowsTopFiveAndFeatureMaps(FxRobot robot) throws Exception {
        showTab(robot, "tab-classify");
        ClassifyViewModel cvm = live.classify().viewModel();
        robot.drag("#sample-sneaker_0009").dropTo("#" + ClassifyView.DROP_ZONE);
        waitForResult(cvm, "sneaker_0009.png");
        assertThat(robot.lookup("#classify-top5").queryAs(VBox.class).getChildren()).hasSize(5);
        assertThat(robot.lookup("#classify-steps").queryAs(Label.class).getText()).startsWith("Preprocessing:");
        assertThat(robot.lookup("#classify-weights").queryAs(Label.class).getText()).contains("mini-resnet");
        // every layer has its mosaic; the residual block shows x, F(x), the shortcut and F(x)+x
        for (String layer : List.of("conv1", "layer1.0.bn2", "layer2.0.downsample.1", "layer2.0.add", "fc")) {
            assertThat(byId(robot, "mosaic-" + layer)).as(layer).isPresent();
        }
        assertThat(robot.lookup("#classify-filters").tryQuery()).isPresent();

        // the method a drop from a file manager ends in, with two files at once
        robot.interact(() -> live.classify().drop(List.of(new File("sample-images/bag_0018.png"),
                new File("sample-images/trouser_0002.png"))));
        waitForResult(cvm, "trouser_0002.png");
        assertThat(cvm.pictures()).hasSize(3);

        // Inception modules per branch
        robot.interact(() -> cvm.modelIdProperty().set("mini-googlenet"));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> cvm.getResult() != null
                && cvm.getResult().modelId().equals("mini-googlenet") && !cvm.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#maps-inception3a").tryQuery()).isPresent();
        assertThat(byId(robot, "mosaic-inception3a.branch3.1")).isPresent();

        // click a tile: the channel opens enlarged
        robot.interact(() -> live.classify().revealLayer("conv1"));
        WaitForAsyncUtils.waitForFxEvents();
        Node conv1 = robot.lookup("#mosaic-conv1").query();
        robot.clickOn(robot.point(conv1).atPosition(Pos.TOP_LEFT)
                .atOffset(new Point2D(5, 5)));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#channel-view").tryQuery()).isPresent();
        assertThat(robot.lookup("#channel-view .label").queryAs(Label.class).getText()).startsWith("conv1, channel 0");
    }

    @Test
    void selectingInTheGraphShowsTheMapsAndClickingATitleSelectsInTheGraph(FxRobot robot) throws Exception {
        showTab(robot, "tab-classify");
        ClassifyViewModel cvm = live.classify().viewModel();
        robot.interact(() -> live.classify().drop(List.of(new File("sample-images/dress_0013.png"))));
        waitForResult(cvm, "dress_0013.png");
        robot.interact(() -> vm.open("mini-resnet"));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> vm.getDiagram() != null && vm.getDiagram().networkId().equals("mini-resnet")
                        && !vm.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> vm.search("layer2.0.add"));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!"layer2.0.add".equals(vm.selectedTarget()) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(vm.selectedTarget()).as("selected %s, status %s", vm.selectedNodeProperty().get(),
                vm.statusProperty().get()).isEqualTo("layer2.0.add");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(byId(robot, "maps-layer2.0").orElseThrow().getStyleClass()).contains("linked");

        robot.interact(() -> live.classify().revealLayer("layer3.1"));
        WaitForAsyncUtils.waitForFxEvents();
        Node title = robot.from(byId(robot, "maps-layer3.1").orElseThrow()).lookup(".card-title").query();
        robot.clickOn(title);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> "layer3.1".equals(vm.selectedNodeProperty().get())
                || "layer3.1".equals(vm.selectedTarget()));
    }

    @Test
    void aPastedPictureIsClassified(FxRobot robot) throws Exception {
        showTab(robot, "tab-classify");
        robot.interact(() -> {
            WritableImage img = new WritableImage(40, 60);
            for (int y = 10; y < 50; y++) {
                for (int x = 12; x < 28; x++) {
                    img.getPixelWriter().setArgb(x, y, 0xFF202020);
                }
            }
            ClipboardContent c = new ClipboardContent();
            c.putImage(img);
            Clipboard.getSystemClipboard().setContent(c);
        });
        robot.clickOn("#classify-paste");
        waitForResult(live.classify().viewModel(), "clipboard");
        assertThat(live.classify().viewModel().getResult().input().steps()).isNotEmpty();
    }

    @Test
    void aBadFileShowsOneMessageAndChangesNothingElse(FxRobot robot) throws Exception {
        showTab(robot, "tab-classify");
        ClassifyViewModel cvm = live.classify().viewModel();
        robot.interact(() -> live.classify().drop(List.of(new File("sample-images/coat_0006.png"))));
        waitForResult(cvm, "coat_0006.png");
        Path bad = Files.write(runs.resolve("broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
        robot.interact(() -> live.classify().drop(List.of(bad.toFile())));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> !robot.lookup("#classify-message").queryAs(Label.class).getText().isEmpty());
        String text = robot.lookup("#classify-message").queryAs(Label.class).getText();
        assertThat(text).contains("broken.jpg").doesNotContain("\n").doesNotContain("Exception");
        assertThat(cvm.getResult().picture().name()).isEqualTo("coat_0006.png");
        assertThat(cvm.pictures()).hasSize(1);
    }

    @Test
    void whereItLooksLaysTheMapOverThePictureAndIsDisabledForRandomWeights(FxRobot robot) throws Exception {
        showTab(robot, "tab-classify");
        ClassifyViewModel cvm = live.classify().viewModel();
        robot.interact(() -> live.classify().drop(List.of(new File("sample-images/dress_0013.png"))));
        waitForResult(cvm, "dress_0013.png");
        ImageView overlay = robot.lookup("#classify-look-overlay").queryAs(ImageView.class);
        assertThat(overlay.isVisible()).isFalse();

        robot.clickOn("#classify-look");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, overlay::isVisible);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(overlay.getImage().getWidth()).isEqualTo(224);
        assertThat(robot.lookup("#classify-look-caption").queryAs(Label.class).getText())
                .contains(cvm.getResult().top().get(0).label()).contains("Grad-CAM at layer3.1.relu2");

        robot.interact(() -> cvm.modelIdProperty().set("mini-plain-relu"));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> cvm.getResult().modelId().equals("mini-plain-relu")
                && !cvm.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        CheckBox toggle = robot.lookup("#classify-look").queryAs(CheckBox.class);
        assertThat(toggle.isDisabled()).isTrue();
        assertThat(toggle.getTooltip().getText()).startsWith("Random weights — structure only");
        assertThat(overlay.isVisible()).isFalse();
        assertThat(robot.lookup("#classify-look-caption").queryAs(Label.class).getText()).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Spinner<Integer> spinner(FxRobot robot, String query) {
        return (Spinner<Integer>) robot.lookup(query).query();
    }

    @Test
    void aTinyRunDrawsLossPointsAndCancelsWithACheckpoint(FxRobot robot) throws Exception {
        showTab(robot, "tab-train");
        TrainingViewModel tvm = live.training().viewModel();
        ListView<?> taskList = robot.lookup("#train-tasks .list-view").query();
        assertThat(((Label) taskList.getPlaceholder()).getText()).isEqualTo(Messages.get("train.tasks.none"));
        robot.interact(() -> {
            spinner(robot, "#train-limit").getValueFactory().setValue(2048);
            spinner(robot, "#train-epochs").getValueFactory().setValue(1);
            spinner(robot, "#train-batch").getValueFactory().setValue(32);
        });
        robot.clickOn("#train-start");
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> live.training().lossPoints() >= 3);
        assertThat(live.training().tasks()).hasSize(1);
        assertThat(robot.lookup("#train-status").queryAs(Label.class).getText()).contains("loss");
        robot.clickOn("#train-cancel");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> tvm.getState() == JobStatus.State.IDLE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(tvm.runs().get(0).outcome()).isEqualTo(RunRecord.Outcome.CANCELLED);
        assertThat(tvm.lastCheckpointProperty().get()).exists();
        assertThat(robot.lookup("#train-status").queryAs(Label.class).getText()).contains("checkpoint");
        assertThat(robot.lookup("#train-continue").queryButton().isDisabled()).isFalse();
    }
}
