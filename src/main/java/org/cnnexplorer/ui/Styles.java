package org.cnnexplorer.ui;

import javafx.scene.Scene;
import org.cnnexplorer.diagram.Palette;

import java.util.List;

/** The window's stylesheets, in the order they cascade: the diagram's palette, the explorer's, the live tabs'. */
public final class Styles {
    private static final List<String> SHEETS = List.of(Palette.RESOURCE, "/org/cnnexplorer/ui/app.css",
            "/org/cnnexplorer/ui/live.css");

    private Styles() {
    }

    /** Gives {@code scene} (the window's, or a dialog's) every stylesheet of the window. */
    public static Scene apply(Scene scene) {
        SHEETS.forEach(s -> scene.getStylesheets().add(Styles.class.getResource(s).toExternalForm()));
        return scene;
    }
}
