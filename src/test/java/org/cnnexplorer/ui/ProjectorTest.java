package org.cnnexplorer.ui;

import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.cnnexplorer.app.CnnExplorerApp;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.ui.explore.MainView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.Locale;
import java.util.UUID;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;

/** Projector mode: F5 and the toolbar switch it on and off, text grows, chrome hides, the window remembers it. */
@ExtendWith(ApplicationExtension.class)
class ProjectorTest {
    private static final String NODE = "cnnexplorer-test-" + UUID.randomUUID();

    @Start
    void start(Stage stage) {
        Messages.setLocale(Locale.ENGLISH);
    }

    @AfterEach
    void reset(FxRobot robot) throws BackingStoreException {
        robot.interact(() -> Projector.onProperty().set(false));
        Preferences.userRoot().node(NODE).removeNode();
        System.clearProperty("cnnexplorer.prefs");
    }

    @Test
    void f5AndTheToolbarSwitchProjectorModeOnAndOffAndTheWindowRemembersIt(FxRobot robot) throws Exception {
        System.setProperty("cnnexplorer.prefs", NODE);
        Stage[] first = new Stage[1];
        robot.interact(() -> {
            first[0] = new Stage();
            new CnnExplorerApp().start(first[0]);
        });
        WaitForAsyncUtils.waitForFxEvents();
        MainView view = (MainView) first[0].getScene().getRoot();
        Label status = robot.lookup("#status").queryAs(Label.class);
        double normal = status.getFont().getSize();
        assertThat(view.getStyleClass()).doesNotContain(Projector.STYLE_CLASS);

        robot.interact(first[0]::requestFocus);
        robot.press(KeyCode.F5).release(KeyCode.F5);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(Projector.isOn()).isTrue();
        assertThat(view.getStyleClass()).contains(Projector.STYLE_CLASS);
        assertThat(robot.lookup("#projector").queryAs(ToggleButton.class).isSelected()).isTrue();
        assertThat(view.split().getDividerPositions()[0]).as("catalog folded").isLessThan(0.01);
        assertThat(status.getParent().isVisible()).isFalse();
        // every text of the window is larger: the toolbar's own label is one of them
        ToggleButton toggle = robot.lookup("#projector").queryAs(ToggleButton.class);
        assertThat(toggle.getFont().getSize()).isGreaterThan(normal * 1.4);

        robot.clickOn("#projector");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(Projector.isOn()).isFalse();
        assertThat(view.getStyleClass()).doesNotContain(Projector.STYLE_CLASS);
        assertThat(view.split().getDividerPositions()[0]).as("catalog back").isGreaterThan(0.05);
        assertThat(status.getParent().isVisible()).isTrue();
        assertThat(toggle.getFont().getSize()).isEqualTo(normal);

        // on again, closed, opened: still on
        robot.interact(() -> Projector.onProperty().set(true));
        robot.interact(() -> {
            first[0].fireEvent(new WindowEvent(first[0], WindowEvent.WINDOW_CLOSE_REQUEST));
            first[0].close();
            Projector.onProperty().set(false);
        });
        assertThat(Preferences.userRoot().node(NODE).getBoolean("projector", false)).isTrue();
        Stage[] second = new Stage[1];
        robot.interact(() -> {
            second[0] = new Stage();
            new CnnExplorerApp().start(second[0]);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(Projector.isOn()).isTrue();
        assertThat(second[0].getScene().getRoot().getStyleClass()).contains(Projector.STYLE_CLASS);
        robot.interact(() -> second[0].close());
    }
}
