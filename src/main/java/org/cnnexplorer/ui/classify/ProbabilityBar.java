package org.cnnexplorer.ui.classify;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import org.cnnexplorer.i18n.Messages;

/** One row of a top 5: the class, a bar as long as its probability, the percentage. */
final class ProbabilityBar extends HBox {

    /** @param width the length, in pixels, of a bar at 100 % */
    ProbabilityBar(TopFive.Bar b, double width) {
        super(6);
        Label name = new Label(b.label());
        name.setMinWidth(90);
        name.setPrefWidth(90);
        Region fill = new Region();
        fill.getStyleClass().add("bar-fill");
        fill.setPrefWidth(Math.max(1, width * b.probability()));
        fill.setMinWidth(Region.USE_PREF_SIZE);
        fill.setMaxWidth(Region.USE_PREF_SIZE);
        fill.setPrefHeight(14);
        Region track = new Region();
        track.getStyleClass().add("bar-track");
        StackPane barBox = new StackPane(track, fill);
        StackPane.setAlignment(fill, Pos.CENTER_LEFT);
        barBox.setPrefWidth(width);
        barBox.setMaxWidth(width);
        Label pct = new Label(String.format(Messages.locale(), "%.1f %%", 100 * b.probability()));
        pct.setMinWidth(52);
        getChildren().addAll(name, barBox, pct);
        setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add("top5-row");
    }
}
