package org.cnnexplorer.ui;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * What the live tabs share: settings in a scrolling column on the left, a 2×2 grid of panels in the centre, redrawn
 * as training goes.
 */
public final class LivePanes {
    /** The refresh rate of the live tabs' charts. */
    static final Duration TICK = Duration.millis(100);

    private LivePanes() {
    }

    /**
     * Keeps a live tab drawn: {@code tick} every {@link #TICK}, {@code refresh} on each new {@code revision} while
     * {@code view} shows, and once more when its tab comes back (a hidden tab's content is not redrawn). Returns the
     * running ticker, to stop when the window closes.
     */
    public static Timeline keepDrawn(Node view, ObservableValue<?> revision, Runnable tick, Runnable refresh) {
        Timeline ticker = new Timeline(new KeyFrame(TICK, e -> tick.run()));
        ticker.setCycleCount(Timeline.INDEFINITE);
        ticker.play();
        revision.addListener((o, a, b) -> {
            if (view.isVisible()) {
                refresh.run();
            }
        });
        view.visibleProperty().addListener((o, a, b) -> {
            if (b) {
                refresh.run();
            }
        });
        return ticker;
    }

    /** {@code content} padded, filling the width, scrolling only vertically, {@code width} wide. */
    public static ScrollPane leftColumn(VBox content, double width) {
        content.setPadding(new Insets(10));
        content.setFillWidth(true);
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setPrefWidth(width);
        return scroll;
    }

    /** Two equal columns; the top row takes {@code topPercent} of the height. */
    public static GridPane grid(Node topLeft, Node topRight, Node bottomLeft, Node bottomRight, double topPercent) {
        GridPane grid = new GridPane();
        grid.setHgap(6);
        grid.setVgap(6);
        grid.setPadding(new Insets(6));
        grid.add(topLeft, 0, 0);
        grid.add(topRight, 1, 0);
        grid.add(bottomLeft, 0, 1);
        grid.add(bottomRight, 1, 1);
        ColumnConstraints half = new ColumnConstraints();
        half.setPercentWidth(50);
        half.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(half, half);
        grid.getRowConstraints().addAll(row(topPercent), row(100 - topPercent));
        for (Node n : grid.getChildren()) {
            GridPane.setHgrow(n, Priority.ALWAYS);
            GridPane.setVgrow(n, Priority.ALWAYS);
        }
        return grid;
    }

    private static RowConstraints row(double percent) {
        RowConstraints r = new RowConstraints();
        r.setPercentHeight(percent);
        r.setVgrow(Priority.ALWAYS);
        return r;
    }
}
