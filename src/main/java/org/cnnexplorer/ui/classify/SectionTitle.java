package org.cnnexplorer.ui.classify;

import javafx.scene.control.Label;

/** The title of one part of the Classify tab's left column. */
final class SectionTitle extends Label {

    SectionTitle(String text) {
        super(text);
        setWrapText(true);
        getStyleClass().add("section-title");
    }
}
