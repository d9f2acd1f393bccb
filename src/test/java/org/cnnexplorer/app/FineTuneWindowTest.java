package org.cnnexplorer.app;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.cnnexplorer.data.SampleFolders;
import org.cnnexplorer.ui.classify.ClassifyViewModel;
import org.cnnexplorer.ui.explore.MainView;
import org.cnnexplorer.ui.train.FineTuneViewModel;
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

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The window's "Your own classes", headless: a folder of trousers and ankle boots, a name typed in, Fine-tune; then
 * Classify lists the name and shows a held-out picture with the two classes. The last view is kept as
 * target/screenshots/fine-tuned-classify.png for a person to look at.
 */
@ExtendWith(ApplicationExtension.class)
class FineTuneWindowTest {
    @TempDir
    static Path dir;
    private static String before;
    private MainView view;
    private MainWindow live;

    @BeforeAll
    static void privateStore() {
        before = System.setProperty("cnnexplorer.weights", dir.resolve("weights").toString());
    }

    @AfterAll
    static void restore() {
        if (before == null) {
            System.clearProperty("cnnexplorer.weights");
        } else {
            System.setProperty("cnnexplorer.weights", before);
        }
    }

    @Start
    void start(Stage stage) {
        LiveTestWindow w = LiveTestWindow.show(stage, dir.resolve("runs"));
        view = w.view();
        live = w.live();
    }

    @AfterEach
    void stop() {
        live.close();
    }

    private void showTab(FxRobot robot, String id) {
        robot.interact(() -> view.tabs().getTabs().stream().filter(t -> t.getId().equals(id)).findFirst()
                .ifPresent(t -> view.tabs().getSelectionModel().select(t)));
        WaitForAsyncUtils.waitForFxEvents();
    }


    @Test
    void aFolderWithOneUsableClassIsOneLineInTheStatusAndSavesNothing(FxRobot robot) throws Exception {
        Path folder = dir.resolve("damaged");
        SampleFolders.copyAllButFirst("trouser_", folder.resolve("trouser"));
        // the second class holds only files that are no pictures
        Files.createDirectories(folder.resolve("boot"));
        Files.writeString(folder.resolve("boot").resolve("notes.png"), "not a picture");
        Files.write(folder.resolve("boot").resolve("half.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        showTab(robot, "tab-train");
        FineTuneViewModel tune = live.fineTune();
        robot.interact(() -> {
            tune.folderProperty().set(folder);
            robot.lookup("#finetune-name").queryAs(TextField.class).setText("damaged-run");
            robot.lookup("#finetune-start").queryAs(Button.class).fire();
        });
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !tune.runningProperty().get()
                && !tune.statusProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        String status = robot.lookup("#finetune-status").queryAs(Label.class).getText();
        assertThat(status).contains("boot").doesNotContain("\n").doesNotContain("Exception");
        assertThat(dir.resolve("weights").resolve("damaged-run.zip")).doesNotExist();
    }

    @Test
    void aNetworkFineTunedInTheTrainTabClassifiesInTheClassifyTab(FxRobot robot) throws Exception {
        Path folder = dir.resolve("clothes");
        SampleFolders.copyAllButFirst("trouser_", folder.resolve("trouser"));
        SampleFolders.copyAllButFirst("ankle-boot_", folder.resolve("ankle-boot"));
        showTab(robot, "tab-train");
        FineTuneViewModel tune = live.fineTune();
        // the folder comes from a chooser or a drop, which a headless robot cannot make; the rest is the pane's own
        robot.interact(() -> tune.folderProperty().set(folder));
        robot.interact(() -> {
            robot.lookup("#finetune-name").queryAs(TextField.class).setText("my-clothes");
            robot.lookup("#finetune-epochs").<Spinner<Integer>>query().getValueFactory().setValue(12);
            robot.lookup("#finetune-start").queryAs(Button.class).fire();
        });
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> !tune.runningProperty().get()
                && !tune.statusProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#finetune-status").queryAs(Label.class).getText()).startsWith("Saved my-clothes");
        assertThat(WeightsIO.info(dir.resolve("weights").resolve("my-clothes.zip")).provenance())
                .as("the spinner's epochs, not a fixed number").containsEntry("epochs", "12");

        showTab(robot, "tab-classify");
        ClassifyViewModel cvm = live.classify().viewModel();
        @SuppressWarnings("unchecked")
        ComboBox<String> networks = robot.lookup("#classify-network").queryAs(ComboBox.class);
        assertThat(networks.getItems()).contains("my-clothes");
        assertThat(cvm.modelIdProperty().get()).isEqualTo("my-clothes");
        robot.interact(() -> live.classify().drop(List.of(new File("sample-images/trouser_0002.png"))));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> cvm.getResult() != null
                && cvm.getResult().modelId().equals("my-clothes") && !cvm.busyProperty().get());
        robot.interact(() -> cvm.showLookProperty().set(true));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> cvm.lookProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cvm.getResult().top().get(0).label()).isEqualTo("trouser");
        assertThat(cvm.getResult().top()).hasSize(2);

        Path shot = Path.of("target", "screenshots", "fine-tuned-classify.png");
        Files.createDirectories(shot.getParent());
        WritableImage[] image = new WritableImage[1];
        robot.interact(() -> image[0] = view.tabs().getScene().snapshot(null));
        ImageIO.write(SwingFXUtils.fromFXImage(image[0], null), "png", shot.toFile());
    }
}
