package org.cnnexplorer.ui;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/**
 * Projector mode: one switch for the whole window (toolbar button and F5). When on, the window's root carries the
 * {@link #STYLE_CLASS} style class (app.css and live.css enlarge every text and raise contrast under it), chrome a
 * class does not need (catalog, status line) is hidden, the graph is zoomed by {@link #SCALE}, and painted pictures
 * (charts) multiply their line widths by {@link #scale()}. The window remembers the setting between starts.
 */
public final class Projector {
    public static final String STYLE_CLASS = "projector";
    /** How much larger lines and the graph are drawn in projector mode. */
    public static final double SCALE = 1.6;
    public static final KeyCombination KEY = new KeyCodeCombination(KeyCode.F5);
    /** The preference key the window keeps it under. */
    public static final String PREF = "projector";

    private static final BooleanProperty ON = new SimpleBooleanProperty(false);

    private Projector() {
    }

    /** The switch; FX thread only. */
    public static BooleanProperty onProperty() {
        return ON;
    }

    public static boolean isOn() {
        return ON.get();
    }

    /** 1, or {@link #SCALE} in projector mode: the factor for line widths painted by hand. */
    public static double scale() {
        return ON.get() ? SCALE : 1;
    }
}
