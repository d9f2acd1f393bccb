package org.cnnexplorer.ui.lessons;

import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;

import java.util.function.IntFunction;
import java.util.stream.IntStream;

/** The pictures the lessons can work on: Classify's current one, then the shipped samples, each named by a label. */
final class PictureChooser extends ComboBox<Integer> {
    private final IntFunction<String> label;

    /** @param label how item {@code i} is named ({@link LessonsViewModel#pictureLabel}) */
    PictureChooser(IntFunction<String> label) {
        this.label = label;
        setId("lesson-picture");
        getItems().setAll(IntStream.range(LessonsViewModel.CLASSIFY, LessonsViewModel.SAMPLES).boxed().toList());
        setValue(LessonsViewModel.CLASSIFY);
        MenuWidth.track(this, label::apply);
        relabel();
    }

    /** Names the items again (the samples' names were read, Classify's picture changed). */
    void relabel() {
        setCellFactory(v -> new Cell());
        setButtonCell(new Cell());
    }

    private final class Cell extends ListCell<Integer> {
        @Override
        protected void updateItem(Integer i, boolean empty) {
            super.updateItem(i, empty);
            setText(empty || i == null ? null : label.apply(i));
        }
    }
}
