package org.cnnexplorer.ui;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.cnnexplorer.i18n.Messages;

/** The selected layer's or block's facts, each number with the formula that produced it. */
public final class InspectorView extends ScrollPane {
    public static final String STYLE_CLASS = "inspector";

    private final Label title = new Label();
    private final GridPane grid = new GridPane();

    public InspectorView(MainViewModel vm) {
        getStyleClass().add(STYLE_CLASS);
        setId("inspector");
        setFitToWidth(true);
        title.getStyleClass().add("inspector-title");
        title.setWrapText(true);
        grid.setHgap(8);
        grid.setVgap(4);
        VBox box = new VBox(8, title, grid);
        box.setPadding(new Insets(10));
        setContent(box);
        vm.inspectionProperty().addListener((o, a, b) -> show(b));
        show(null);
    }

    private void show(Inspection in) {
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
            k.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
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
                f.setWrapText(true);
                grid.add(f, 1, r++);
            }
        }
    }
}
