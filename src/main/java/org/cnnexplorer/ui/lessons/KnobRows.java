package org.cnnexplorer.ui.lessons;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.util.Duration;
import org.cnnexplorer.lessons.Knob;
import org.cnnexplorer.lessons.Settings;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleBiFunction;

/**
 * The sliders of a page's panel, one row per knob (name, slider, value), a log knob's slider moving along log10 of
 * its value; a knob of a few steps also gets a ▶ that steps it round by itself.
 */
final class KnobRows {
    private Timeline playing;

    /**
     * One row per knob of {@code knobs}, set to {@code s}; a slider's move goes to {@code moved}, which returns the
     * value kept (clamped), for the row's label. Stops the ▶ of the rows made before.
     */
    List<HBox> rows(List<Knob> knobs, Settings s, ToDoubleBiFunction<Knob, Double> moved) {
        stopPlaying();
        List<HBox> out = new ArrayList<>();
        for (Knob k : knobs) {
            double v = s.get(k.id());
            Slider slider = k.log() ? new Slider(Math.log10(k.min()), Math.log10(k.max()), Math.log10(v))
                    : new Slider(k.min(), k.max(), v);
            slider.setId("knob-" + k.id());
            if (k.integer()) {
                slider.setMajorTickUnit(Math.max(1, Math.round((k.max() - k.min()) / 8)));
                slider.setMinorTickCount(0);
                slider.setSnapToTicks(false);
                slider.setBlockIncrement(k.step());
            }
            HBox.setHgrow(slider, Priority.ALWAYS);
            // the name wraps and the slider shortens in a narrow column (projector mode at 1280×720) rather than
            // widen the column past its edge
            slider.setMinWidth(60);
            Label name = new Label(k.label());
            name.setWrapText(true);
            name.setMinWidth(60);
            name.setPrefWidth(140);
            Label value = new Label(k.format(v));
            value.setId("knob-value-" + k.id());
            value.setMinWidth(70);
            slider.valueProperty().addListener((o, a, b) -> {
                double raw = k.log() ? Math.pow(10, b.doubleValue()) : b.doubleValue();
                value.setText(k.format(moved.applyAsDouble(k, raw)));
            });
            HBox row = new HBox(8, name, slider, value);
            if (k.integer() && k.max() - k.min() <= 5) {
                row.getChildren().add(player(k, slider));
            }
            row.setAlignment(Pos.CENTER_LEFT);
            out.add(row);
        }
        return out;
    }

    /**
     * ▶ for a knob of a few steps (towers 1–2, stacked layers 1–3): steps it round every 0.9 s, so a projected
     * picture animates by itself; ■ or leaving the page stops it.
     */
    private ToggleButton player(Knob k, Slider slider) {
        ToggleButton play = new ToggleButton("▶");
        play.setId("knob-play-" + k.id());
        play.selectedProperty().addListener((o, a, on) -> {
            stopPlaying();
            if (on) {
                play.setText("■");
                playing = new Timeline(new KeyFrame(Duration.millis(900), e -> {
                    double v = Math.round(slider.getValue()) + 1;
                    slider.setValue(v > k.max() ? k.min() : v);
                }));
                playing.setCycleCount(Animation.INDEFINITE);
                playing.play();
            } else {
                play.setText("▶");
            }
        });
        return play;
    }

    /** Stops a ▶ that plays. */
    void stopPlaying() {
        if (playing != null) {
            playing.stop();
            playing = null;
        }
    }
}
