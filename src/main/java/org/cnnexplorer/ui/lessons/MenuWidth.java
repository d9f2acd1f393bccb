package org.cnnexplorer.ui.lessons;

import javafx.beans.value.ChangeListener;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.scene.layout.Region;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

import java.util.function.Function;

/**
 * Keeps a drop-down as wide as its longest item in the font it is shown in, so its shown item is never cut short. A
 * combo box measures its items once and keeps that width: after projector mode's larger type it stayed too wide and
 * the lesson bar wrapped onto another row. Here the width follows the button cell's font.
 */
final class MenuWidth {
    private MenuWidth() {
    }

    /** @param label how an item is written in the box (its cells' text) */
    static <T> void track(ComboBox<T> box, Function<T, String> label) {
        box.setMinWidth(Region.USE_PREF_SIZE);
        ChangeListener<Font> refit = (o, a, f) -> fit(box, label);
        box.buttonCellProperty().addListener((o, was, cell) -> {
            if (was != null) {
                was.fontProperty().removeListener(refit);
            }
            if (cell != null) {
                cell.fontProperty().addListener(refit);
                fit(box, label);
            }
        });
        if (box.getButtonCell() != null) {
            box.getButtonCell().fontProperty().addListener(refit);
            fit(box, label);
        }
    }

    private static <T> void fit(ComboBox<T> box, Function<T, String> label) {
        ListCell<T> cell = box.getButtonCell();
        double widest = 0;
        for (T item : box.getItems()) {
            Text t = new Text(label.apply(item));
            t.setFont(cell.getFont());
            widest = Math.max(widest, t.getLayoutBounds().getWidth());
        }
        // the arrow button is about 2 em wide (Modena pads a 0.67 em arrow by 0.67 em each side); read from the font,
        // not the button, whose size lags one pulse behind a font change
        double em = cell.getFont().getSize();
        box.setPrefWidth(Math.ceil(widest + cell.snappedLeftInset() + cell.snappedRightInset() + 2.2 * em
                + box.snappedLeftInset() + box.snappedRightInset() + 2));
    }
}
