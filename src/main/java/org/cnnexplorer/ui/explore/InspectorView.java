package org.cnnexplorer.ui.explore;

import javafx.geometry.Insets;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.ui.UiWords;

import java.util.List;

/** The selected layer's or block's facts, each number with the formula that produced it. */
public final class InspectorView extends ScrollPane {
    public static final String STYLE_CLASS = "inspector";

    /** The topic whose lessons are linked under the receptive-field row. */
    public static final String RECEPTIVE_FIELD = "receptive-field";

    private final Label title = new Label();
    private final GridPane grid = new GridPane();
    private LessonLinks lessons;
    private Inspection shown;

    public InspectorView(MainViewModel vm) {
        getStyleClass().add(STYLE_CLASS);
        setId("inspector");
        setFitToWidth(true);
        title.getStyleClass().add("inspector-title");
        title.setWrapText(true);
        grid.setHgap(8);
        grid.setVgap(4);
        // the values take the room the keys leave: without this a long value (an Inception module's label) made the
        // grid wider than the pane, and shrinking it back left the value column a few pixels wide
        ColumnConstraints keys = new ColumnConstraints();
        keys.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        values.setMinWidth(80);
        values.setPrefWidth(80);
        grid.getColumnConstraints().setAll(keys, values);
        VBox box = new VBox(8, title, grid);
        box.setPadding(new Insets(10));
        setContent(box);
        vm.inspectionProperty().addListener((o, a, b) -> show(b));
        show(null);
    }

    /** Links every layer to the lessons that explain its type; {@code null} removes the links. */
    public void setLessonLinks(LessonLinks links) {
        this.lessons = links;
        show(shown);
    }

    private void show(Inspection in) {
        shown = in;
        grid.getChildren().clear();
        if (in == null) {
            title.setText(Messages.get("inspector.empty"));
            return;
        }
        title.setText(in.title());
        int r = 0;
        for (Inspection.Row row : in.rows()) {
            Label k = new Label(row.label());
            k.getStyleClass().add("inspector-key");
            k.setMinWidth(Region.USE_PREF_SIZE);
            Label v = new Label(row.value());
            v.setId("inspector-" + row.key().replace(':', '-').replace('.', '-'));
            v.getStyleClass().add("inspector-value");
            v.setWrapText(true);
            grid.add(k, 0, r);
            grid.add(v, 1, r++);
            if (!row.formula().isEmpty()) {
                Label f = new Label("= " + row.formula());
                f.setId("inspector-" + row.key() + "-formula");
                f.getStyleClass().add("inspector-formula");
                // the monospace font has no Hangul: a translated formula takes the language's font instead
                UiWords.fontFamily().ifPresent(family -> f.setStyle("-fx-font-family: '" + family + "';"));
                f.setWrapText(true);
                grid.add(f, 1, r++);
            }
            if (row.key().equals("receptiveField")) {
                r = links(RECEPTIVE_FIELD, "inspector-lessons-rf", r);
            }
        }
        in.rows().stream().filter(row -> row.key().equals("type")).findFirst()
                .ifPresent(row -> links(row.value(), "inspector-lessons", grid.getRowCount()));
    }

    /** Hyperlinks to the lessons about {@code topic} in column 1 from row {@code r}; returns the next free row. */
    private int links(String topic, String id, int r) {
        if (lessons == null) {
            return r;
        }
        List<LessonLinks.Link> found = lessons.explaining(topic);
        if (found.isEmpty()) {
            return r;
        }
        VBox box = new VBox(0);
        box.setId(id);
        for (LessonLinks.Link l : found) {
            Hyperlink h = new Hyperlink(l.title());
            h.setId("lesson-link-" + l.id());
            h.setWrapText(true);
            h.setOnAction(e -> lessons.open(l.id()));
            box.getChildren().add(h);
        }
        Label k = new Label(Messages.get("inspector.lessons"));
        k.getStyleClass().add("inspector-key");
        grid.add(k, 0, r);
        grid.add(box, 1, r);
        return r + 1;
    }
}
