package org.cnnexplorer.ui.lessons;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.assertj.core.data.Offset;
import org.cnnexplorer.app.LiveTestWindow;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.lessons.Draw;
import org.cnnexplorer.lessons.Knob;
import org.cnnexplorer.lessons.Lesson;
import org.cnnexplorer.lessons.LessonContext;
import org.cnnexplorer.lessons.Lessons;
import org.cnnexplorer.lessons.Theme;
import org.cnnexplorer.ui.HighContrast;
import org.cnnexplorer.ui.Projector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Lessons tab in the real window, headless: paging, the graph following the lesson, sliders, inspector links. */
@ExtendWith(ApplicationExtension.class)
class LessonsViewTest {
    private LiveTestWindow w;
    private Stage stage;

    @TempDir
    static Path runs;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        w = LiveTestWindow.show(stage, runs);
    }

    @AfterEach
    void stop() {
        w.live().close();
    }

    private void showLessons(FxRobot robot) {
        robot.interact(() -> w.view().tabs().getTabs().stream().filter(t -> t.getId().equals("tab-lessons"))
                .findFirst().ifPresent(t -> w.view().tabs().getSelectionModel().select(t)));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void waitForPage(String id) throws Exception {
        LessonsView v = w.live().lessons();
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> v.page() != null && v.page().id().equals(id));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void waitForSelection(String network, String layer) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> w.vm().getNetwork() != null
                && w.vm().getNetwork().id().equals(network) && layer.equals(w.vm().selectedTarget()));
    }

    @Test
    void pageDownWalksTheLessonsAndTheGraphFollows(FxRobot robot) throws Exception {
        showLessons(robot);
        waitForPage("ilsvrc-history");
        waitForSelection("alexnet", "conv1");
        assertThat(robot.lookup("#lesson-title").queryAs(Label.class).getText())
                .isEqualTo(Lessons.ALL.get(0).title());
        robot.clickOn("#lesson-title").press(KeyCode.PAGE_DOWN).release(KeyCode.PAGE_DOWN);
        waitForPage("alexnet-input");
        robot.press(KeyCode.PAGE_DOWN).release(KeyCode.PAGE_DOWN);
        waitForPage("alexnet-gpus");
        waitForSelection("alexnet", "conv3");
        robot.press(KeyCode.PAGE_DOWN).release(KeyCode.PAGE_DOWN);
        waitForPage("alexnet-relu");
        waitForSelection("alexnet", "relu1");
        robot.press(KeyCode.PAGE_UP).release(KeyCode.PAGE_UP);
        waitForPage("alexnet-gpus");
        // a VGG lesson opens its network
        robot.interact(() -> w.live().lessons().open("vgg-configs"));
        waitForPage("vgg-configs");
        waitForSelection("vgg16", "fc6");
    }

    @Test
    void theLessonsWorkOnTheClassifyTabsPictureOrASampleWhileItHasNone(FxRobot robot) throws Exception {
        showLessons(robot);
        robot.interact(() -> w.live().lessons().open("alexnet-lrn"));
        waitForPage("alexnet-lrn");
        LessonsView v = w.live().lessons();
        // nothing in Classify yet: the shipped sample stands in
        assertThat(v.pictureName()).isEqualTo(LessonContext.sample(0).name());
        int[] square = new int[28 * 28];
        for (int i = 0; i < square.length; i++) {
            int r = i / 28;
            int c = i % 28;
            square[i] = r > 7 && r < 20 && c > 7 && c < 20 ? 0xFFFFFFFF : 0xFF000000;
        }
        robot.interact(() -> w.live().classify().viewModel().open(28, 28, square, "square.png"));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> "square.png".equals(v.pictureName())
                && v.page() != null && v.page().id().equals("alexnet-lrn"));
    }

    @Test
    void projectorModeKeepsTheTitleTheFormulasAndThePictureOnScreenTogether(FxRobot robot) throws Exception {
        showLessons(robot);
        robot.interact(() -> w.live().lessons().open("alexnet-lrn"));
        waitForPage("alexnet-lrn");
        Canvas panel = robot.lookup("#lesson-panel").queryAs(Canvas.class);
        double fitted = Math.min(panel.getWidth() / Draw.DESIGN_WIDTH,
                panel.getHeight() / Draw.DESIGN_HEIGHT);
        try {
            robot.interact(() -> Projector.onProperty().set(true));
            WaitForAsyncUtils.waitForFxEvents();
            Scene scene = panel.getScene();
            // the key formula: the first line of the formulas (a long list scrolls below it)
            for (String id : List.of("#lesson-title", ".lesson-formula", "#lesson-panel")) {
                Node n = robot.lookup(id).query();
                Bounds b = n.localToScene(n.getBoundsInLocal());
                assertThat(b.getMinY()).as(id).isGreaterThanOrEqualTo(0);
                assertThat(b.getMaxY()).as(id + " on screen, no scrolling").isLessThanOrEqualTo(scene.getHeight() + 1);
                assertThat(b.getMaxX()).as(id).isLessThanOrEqualTo(scene.getWidth() + 1);
            }
            Node title = robot.lookup("#lesson-title").query();
            Node formulas = robot.lookup("#lesson-formulas").query();
            assertThat(title.localToScene(title.getBoundsInLocal()).getMaxY())
                    .as("the title above the formulas").isLessThanOrEqualTo(
                            formulas.localToScene(formulas.getBoundsInLocal()).getMinY());
            double projected = Math.min(panel.getWidth() / Draw.DESIGN_WIDTH,
                    panel.getHeight() / Draw.DESIGN_HEIGHT);
            // the projector's larger type makes the bars above it taller, so in this 1400×880 window the picture is
            // a little smaller than beside the text (0.57 against 0.63 when written); full screen it is larger
            assertThat(projected).as("picture scale %.3f, beside the text %.3f", projected, fitted)
                    .isGreaterThan(fitted * 0.85);
        } finally {
            robot.interact(() -> Projector.onProperty().set(false));
        }
        WaitForAsyncUtils.waitForFxEvents();
        // off again: fitted to the space as before (the split's dividers come back to within a pixel or two)
        double back = Math.min(panel.getWidth() / Draw.DESIGN_WIDTH,
                panel.getHeight() / Draw.DESIGN_HEIGHT);
        assertThat(back).isCloseTo(fitted, Offset.offset(0.01));
    }

    @Test
    void at1280By720TheMenuNamesEveryLessonWholeTheTextWrapsAndF6SwitchesTheHighContrastTheme(FxRobot robot)
            throws Exception {
        showLessons(robot);
        // the stage is the JVM's one primary stage: the tests after this one must get it back at its size
        double width = stage.getWidth();
        double height = stage.getHeight();
        robot.interact(() -> {
            stage.setWidth(1280);
            stage.setHeight(720);
            Projector.onProperty().set(true);
        });
        try {
            robot.interact(() -> w.live().lessons().open("vgg-configs"));
            waitForPage("vgg-configs");
            robot.push(KeyCode.F6);
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(HighContrast.isOn()).as("F6 switches the theme on").isTrue();
            assertThat(w.view().getStyleClass()).contains(HighContrast.STYLE_CLASS);
            // the menu: the shown title whole, and room in it for the longest title
            ComboBox<?> menu = robot.lookup("#lesson-list").queryAs(ComboBox.class);
            ListCell<?> shown = menu.getButtonCell();
            Text drawn = (Text) shown.lookup(".text");
            assertThat(drawn.getText()).isEqualTo(shown.getText());
            double room = shown.getWidth() - shown.snappedLeftInset() - shown.snappedRightInset();
            for (Lesson l : Lessons.ALL) {
                Text t = new Text(LessonsView.menuLabel(l));
                t.setFont(shown.getFont());
                assertThat(t.getLayoutBounds().getWidth()).as(l.id()).isLessThanOrEqualTo(room + 0.5);
            }
            // the text column wraps to its width: no sideways scrolling, the formulas inside it
            for (String id : List.of("vgg-configs", "alexnet-augmentation")) {
                robot.interact(() -> w.live().lessons().open(id));
                waitForPage(id);
                ScrollPane column = robot.lookup("#lesson-text").queryAs(ScrollPane.class);
                assertThat(column.getContent().getLayoutBounds().getWidth()).as(id)
                        .isLessThanOrEqualTo(column.getViewportBounds().getWidth() + 1);
                Node formulas = robot.lookup("#lesson-formulas").query();
                assertThat(formulas.localToScene(formulas.getBoundsInLocal()).getMaxX()).as(id)
                        .isLessThanOrEqualTo(column.localToScene(column.getBoundsInLocal()).getMaxX());
            }
            // the picture in the theme's colours: its dark blue bars, none of the standard blue
            robot.interact(() -> w.live().lessons().open("resnet-bottleneck"));
            waitForPage("resnet-bottleneck");
            Canvas panel = robot.lookup("#lesson-panel").queryAs(Canvas.class);
            assertThat(pixels(robot, panel, Theme.HIGH_CONTRAST.accent())).isGreaterThan(500);
            assertThat(pixels(robot, panel, Theme.STANDARD.accent())).isZero();
            robot.push(KeyCode.F6);
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(HighContrast.isOn()).isFalse();
            assertThat(w.view().getStyleClass()).doesNotContain(HighContrast.STYLE_CLASS);
            assertThat(pixels(robot, panel, Theme.STANDARD.accent())).isGreaterThan(500);
        } finally {
            robot.interact(() -> {
                HighContrast.onProperty().set(false);
                Projector.onProperty().set(false);
                stage.setWidth(width);
                stage.setHeight(height);
            });
        }
    }

    /** How many of the canvas's pixels are exactly {@code c}. */
    private static int pixels(FxRobot robot, Canvas canvas, Color c) {
        WritableImage[] shot = new WritableImage[1];
        robot.interact(() -> shot[0] = canvas.snapshot(null, null));
        PixelReader r = shot[0].getPixelReader();
        int argb = 0xff000000 | c.getRGB();
        int n = 0;
        for (int y = 0; y < (int) shot[0].getHeight(); y++) {
            for (int x = 0; x < (int) shot[0].getWidth(); x++) {
                if (r.getArgb(x, y) == argb) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void theAuxiliaryLessonsSwitchTurnsTheGraphIntoTheInferenceGraphAndBack(FxRobot robot) throws Exception {
        showLessons(robot);
        robot.interact(() -> w.live().lessons().open("googlenet-aux"));
        waitForPage("googlenet-aux");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> w.vm().getNetwork() != null
                && w.vm().getNetwork().id().equals("googlenet") && w.vm().getNetwork().auxParams() > 0);
        String training = robot.lookup("#graph-totals").queryAs(Label.class).getText();
        robot.interact(() -> w.live().lessons().setKnob(Knob.TRAINING_GRAPH, 0));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> w.vm().getNetwork().id().equals("googlenet")
                && w.vm().getNetwork().auxParams() == 0);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#graph-totals").queryAs(Label.class).getText()).isNotEqualTo(training);
        robot.interact(() -> w.live().lessons().setKnob(Knob.TRAINING_GRAPH, 1));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> w.vm().getNetwork().auxParams() > 0);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#graph-totals").queryAs(Label.class).getText()).isEqualTo(training);
    }

    @Test
    void theDegradationLessonOpensTheDegradationTab(FxRobot robot) throws Exception {
        showLessons(robot);
        robot.interact(() -> w.live().lessons().open("resnet-degradation"));
        waitForPage("resnet-degradation");
        String label = Messages.get("lesson.resnet-degradation.openTab");
        Hyperlink link = robot.lookup("#lesson-links .hyperlink").queryAllAs(Hyperlink.class).stream()
                .filter(h -> h.getText().equals(label)).findFirst().orElseThrow();
        robot.interact(link::fire);
        assertThat(w.view().tabs().getSelectionModel().getSelectedItem().getId()).isEqualTo("tab-degradation");
    }

    @Test
    void slidersClampAndRepaintTheLrnPanel(FxRobot robot) throws Exception {
        showLessons(robot);
        robot.interact(() -> w.live().lessons().open("alexnet-lrn"));
        waitForPage("alexnet-lrn");
        Slider alpha = robot.lookup("#knob-alpha").queryAs(Slider.class);
        robot.interact(() -> alpha.setValue(-2)); // log10: α = 0.01
        assertThat(w.live().lessons().settings().get("alpha")).isEqualTo(0.01, Offset.offset(1e-9));
        assertThat(robot.lookup("#knob-value-alpha").queryAs(Label.class).getText()).isEqualTo("1e-2");
        robot.interact(() -> w.live().lessons().setKnob("n", 99));
        assertThat(w.live().lessons().settings().get("n")).isEqualTo(15.0);
    }

    @Test
    void theInspectorLinksALayerToItsLessons(FxRobot robot) throws Exception {
        robot.interact(() -> w.vm().reveal("alexnet", "norm1"));
        waitForSelection("alexnet", "norm1");
        WaitForAsyncUtils.waitForFxEvents();
        Node link = robot.lookup("#lesson-link-alexnet-lrn").query();
        assertThat(link).isInstanceOf(Hyperlink.class);
        robot.interact(() -> ((Hyperlink) link).fire());
        waitForPage("alexnet-lrn");
        assertThat(w.view().tabs().getSelectionModel().getSelectedItem().getId()).isEqualTo("tab-lessons");
    }
}
