package org.cnnexplorer.ui;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import org.cnnexplorer.diagram.Palette;

/**
 * The high-contrast theme, for a washed-out projector: one switch for the whole window (toolbar button and F6),
 * independent of projector mode's sizes. When on, the window's root carries the {@link #STYLE_CLASS} style class
 * (app.css and live.css turn text black and borders dark under it), lesson pictures are drawn in their
 * high-contrast theme (heavier lines, a palette that colour-blind readers and greyscale printers tell apart), and
 * charts painted by hand multiply their line widths by {@link #scale()}. The window remembers it between starts.
 */
public final class HighContrast {
    public static final String STYLE_CLASS = "high-contrast";
    /** How much heavier hand-painted chart lines are in the high-contrast theme. */
    public static final double SCALE = 1.75;
    public static final KeyCombination KEY = new KeyCodeCombination(KeyCode.F6);
    /** The preference key the window keeps it under. */
    public static final String PREF = "highContrast";

    private static final BooleanProperty ON = new SimpleBooleanProperty(false);

    private HighContrast() {
    }

    /** The switch; FX thread only. */
    public static BooleanProperty onProperty() {
        return ON;
    }

    public static boolean isOn() {
        return ON.get();
    }

    /** The graph's colours in the theme shown. */
    public static Palette palette() {
        return ON.get() ? Palette.highContrast() : Palette.standard();
    }

    /** 1, or {@link #SCALE} in the high-contrast theme: the factor for line widths painted by hand. */
    public static double scale() {
        return ON.get() ? SCALE : 1;
    }
}
