package org.cnnexplorer.ui.train;

import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.cnnexplorer.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The gradient strip in a real window, headless: one picture rewritten by every repaint, showing the latest steps. */
@ExtendWith(ApplicationExtension.class)
class GradientStripTest {
    private GradientStrip strip;
    private Stage stage;

    @Start
    void start(Stage s) {
        stage = s;
        strip = new GradientStrip();
        s.setScene(new Scene(new StackPane(strip), 700, 160));
        s.show();
    }

    /**
     * Two layers, the first quiet except for one step whose norm is the run's largest. Each repaint must redraw the
     * same picture (a picture per repaint left a texture behind each time) with that step's column moving left as
     * steps arrive, and a new picture only when the strip changes size.
     */
    @Test
    void everyRepaintRewritesOnePictureWithTheLatestSteps(FxRobot robot) {
        RunRecord r = new RunRecord(1, TrainingConfig.defaults("mini-resnet", Path.of("out")), "test");
        r.gradientLayers.addAll(List.of("conv1", "conv2"));
        for (int k = 0; k < 20; k++) {
            r.addStep(k, 1, 100, new float[] {-3, -1});
        }
        r.addStep(20, 1, 100, new float[] {2, -1});
        robot.interact(() -> strip.show(r));
        WritableImage first = strip.heat();
        assertThat(first).isNotNull();
        int w = (int) first.getWidth();
        assertThat(topRow(first, w - 1)).as("the newest step, the run's largest norm").isEqualTo(GradientStrip.heat(1));
        assertThat(topRow(first, 0)).as("the oldest step, the run's smallest norm").isEqualTo(GradientStrip.heat(0));

        for (int k = 21; k < 41; k++) {
            r.addStep(k, 1, 100, new float[] {-3, -1});
            robot.interact(strip::draw);
            assertThat(strip.heat()).as("repaint %d", k).isSameAs(first);
        }
        // 41 steps over the picture's columns: the loud step (the 21st) now sits about halfway across
        assertThat(topRow(first, w - 1)).isEqualTo(GradientStrip.heat(0));
        assertThat(topRow(first, w * 20 / 41 + w / 82)).isEqualTo(GradientStrip.heat(1));

        robot.interact(() -> stage.setWidth(stage.getWidth() - 100));
        robot.interact(strip::draw);
        assertThat(strip.heat()).isNotSameAs(first);
        assertThat(strip.heat().getWidth()).isLessThan(first.getWidth());
    }

    private static int topRow(WritableImage image, int x) {
        PixelReader reader = image.getPixelReader();
        return reader.getArgb(x, 0);
    }
}
