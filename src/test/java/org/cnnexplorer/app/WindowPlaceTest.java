package org.cnnexplorer.app;

import javafx.geometry.Rectangle2D;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.UUID;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;

/** The window opens where and as large as it was closed, but never off every screen. */
@ExtendWith(ApplicationExtension.class)
class WindowPlaceTest {
    private static final Rectangle2D LAPTOP = new Rectangle2D(0, 0, 1366, 740);
    private static final String NODE = "cnnexplorer-test-" + UUID.randomUUID();
    private Preferences prefs;

    @Start
    void start(Stage stage) {
        // the toolkit only
    }

    @BeforeEach
    void node() {
        prefs = Preferences.userRoot().node(NODE);
    }

    @AfterEach
    void removeNode() throws BackingStoreException {
        prefs.removeNode();
        System.clearProperty("cnnexplorer.prefs");
    }

    private void saved(double x, double y, double width, double height) {
        prefs.putDouble("x", x);
        prefs.putDouble("y", y);
        prefs.putDouble("width", width);
        prefs.putDouble("height", height);
    }

    @Test
    void aFirstStartGetsTheDefaultSizeCutToTheScreenAndNoPlace() {
        Rectangle2D r = CnnExplorerApp.restoredPlace(prefs, List.of(LAPTOP));
        assertThat(r.getWidth()).isEqualTo(1366);
        assertThat(r.getHeight()).isEqualTo(740);
        assertThat(r.getMinX()).isNaN();
    }

    @Test
    void aWindowClosedOnAProjectorThatIsGoneOpensOnTheLaptop() {
        saved(1500, 60, 1800, 1000);
        Rectangle2D r = CnnExplorerApp.restoredPlace(prefs, List.of(LAPTOP));
        assertThat(r.getMinX()).as("placed by the system").isNaN();
        assertThat(r.getWidth()).isEqualTo(1366);
        assertThat(r.getHeight()).isEqualTo(740);
        // with the projector still there (to the right of the laptop) the place is kept
        Rectangle2D projector = new Rectangle2D(1366, 0, 1920, 1080);
        Rectangle2D kept = CnnExplorerApp.restoredPlace(prefs, List.of(LAPTOP, projector));
        assertThat(kept.getMinX()).isEqualTo(1500);
        assertThat(kept.getWidth()).isEqualTo(1800);
    }

    @Test
    void aPlaceOnScreenIsKept() {
        saved(100, 80, 1000, 600);
        assertThat(CnnExplorerApp.restoredPlace(prefs, List.of(LAPTOP)))
                .isEqualTo(new Rectangle2D(100, 80, 1000, 600));
        // a title bar above the screen's top could not be dragged back
        prefs.putDouble("y", -200);
        assertThat(CnnExplorerApp.restoredPlace(prefs, List.of(LAPTOP)).getMinX()).isNaN();
    }

    /** The real window: closed at one size, it opens at that size again (its scene, not grown by a title bar). */
    @Test
    void theRealWindowOpensAtTheSizeItWasClosedAt(FxRobot robot) throws Exception {
        System.setProperty("cnnexplorer.prefs", NODE);
        Stage[] first = new Stage[1];
        robot.interact(() -> {
            first[0] = new Stage();
            new CnnExplorerApp().start(first[0]);
            first[0].setWidth(900);
            first[0].setHeight(600);
        });
        WaitForAsyncUtils.waitForFxEvents();
        double w = first[0].getScene().getWidth();
        double h = first[0].getScene().getHeight();
        robot.interact(() -> {
            first[0].fireEvent(new WindowEvent(first[0], WindowEvent.WINDOW_CLOSE_REQUEST));
            first[0].close();
        });
        assertThat(prefs.getDouble("width", 0)).isEqualTo(w);
        assertThat(prefs.getDouble("height", 0)).isEqualTo(h);
        Stage[] second = new Stage[1];
        robot.interact(() -> {
            second[0] = new Stage();
            new CnnExplorerApp().start(second[0]);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(second[0].getScene().getWidth()).isEqualTo(w);
        assertThat(second[0].getScene().getHeight()).isEqualTo(h);
        robot.interact(() -> second[0].close());
    }
}
