package org.cnnexplorer.app;

import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.Spinner;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.stage.WindowEvent;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.ui.JobStatus;
import org.cnnexplorer.ui.explore.MainView;
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

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing the window while a network trains: the user is asked; "keep training" changes nothing, "stop and close"
 * cancels the run, which writes its checkpoint, and only then does the window close.
 */
@ExtendWith(ApplicationExtension.class)
class CloseDuringRunTest {
    private MainWindow live;
    private Stage stage;

    @TempDir
    static Path runs;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        // Closing the only window must not end the JavaFX toolkit the other UI tests share.
        Platform.setImplicitExit(false);
        live = LiveTestWindow.show(stage, runs).live();
    }

    @AfterEach
    void stop() {
        live.close();
    }

    @SuppressWarnings("unchecked")
    private static Spinner<Integer> spinner(FxRobot robot, String query) {
        return (Spinner<Integer>) robot.lookup(query).query();
    }

    /** Fires the close request as the window manager would, without waiting: the question blocks in it. */
    private void requestClose() {
        Platform.runLater(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
    }

    private static Optional<Button> dialogButton(FxRobot robot, String key) {
        return robot.lookup((Button b) -> Messages.get(key).equals(b.getText()) && b.getScene() != null
                && b.getScene().getWindow() != null && b.getScene().getWindow().isShowing()).tryQuery();
    }

    private Button waitForQuestion(FxRobot robot, String key) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> dialogButton(robot, key).isPresent());
        return dialogButton(robot, key).orElseThrow();
    }

    @Test
    void closingDuringARunAsksAndStopAndCloseSavesACheckpointFirst(FxRobot robot) throws Exception {
        robot.interact(() -> view(robot));
        TrainingViewModel tvm = live.training().viewModel();
        robot.interact(() -> {
            spinner(robot, "#train-limit").getValueFactory().setValue(4096);
            spinner(robot, "#train-epochs").getValueFactory().setValue(3);
            spinner(robot, "#train-batch").getValueFactory().setValue(32);
        });
        robot.clickOn("#train-start");
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> live.training().lossPoints() >= 2);

        requestClose();
        Button keep = waitForQuestion(robot, "train.close.keep");
        robot.interact(keep::fire);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(stage.isShowing()).as("'keep training' leaves the window open").isTrue();
        assertThat(tvm.getState()).isIn(JobStatus.State.RUNNING);
        int before = live.training().lossPoints();
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> live.training().lossPoints() > before);

        requestClose();
        Button stop = waitForQuestion(robot, "train.close.stop");
        robot.interact(stop::fire);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !stage.isShowing());
        assertThat(tvm.getState()).isEqualTo(JobStatus.State.IDLE);
        assertThat(tvm.runs().get(0).outcome()).isEqualTo(RunRecord.Outcome.CANCELLED);
        Path checkpoint = tvm.lastCheckpointProperty().get();
        assertThat(checkpoint).exists().startsWith(runs);
        assertThat(Window.getWindows()).noneMatch(w -> w.isShowing() && w != stage
                && w.getScene() != null && w.getScene().getRoot().lookup(".dialog-pane") != null);
    }

    private void view(FxRobot robot) {
        MainView view = (MainView) stage.getScene().getRoot();
        view.tabs().getTabs().stream().filter(t -> t.getId().equals("tab-train")).findFirst()
                .ifPresent(t -> view.tabs().getSelectionModel().select(t));
    }
}
