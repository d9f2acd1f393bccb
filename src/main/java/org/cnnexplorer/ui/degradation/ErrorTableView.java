package org.cnnexplorer.ui.degradation;

import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.cnnexplorer.experiments.Curve;
import org.cnnexplorer.experiments.CurveFiles;
import org.cnnexplorer.experiments.Degradation.Kind;
import org.cnnexplorer.i18n.Messages;

import java.util.List;

/** The Degradation tab's table: the paper's CIFAR-10 test errors of its ResNets beside our final errors. */
final class ErrorTableView {
    private final GridPane table = new GridPane();
    private final VBox orderings = new VBox(3);

    /** The table with its heading and note, scrolling when the panel is short. */
    ScrollPane pane() {
        Label heading = new Label(Messages.get("degradation.table.title"));
        heading.getStyleClass().add("card-title");
        table.setId("degradation-table");
        table.getStyleClass().add("error-table");
        table.setHgap(14);
        table.setVgap(3);
        Label note = new Label(Messages.get("degradation.table.note"));
        note.getStyleClass().add("map-caption");
        note.setWrapText(true);
        orderings.setId("degradation-orderings");
        VBox box = new VBox(6, heading, table, orderings, note);
        // how the shipped curves were made, in words (ShippedDegradationTest holds the words to their manifest)
        List<Curve> shipped = CurveFiles.shipped();
        if (!shipped.isEmpty()) {
            Curve c = shipped.get(0);
            Label recipe = new Label(Messages.get("degradation.table.shipped", c.trainErrorPerEpoch().length,
                    String.format(Messages.locale(), "%,d", c.points().get(c.points().size() - 1).iteration())));
            recipe.setId("degradation-shipped-recipe");
            recipe.getStyleClass().add("map-caption");
            recipe.setWrapText(true);
            box.getChildren().add(recipe);
        }
        box.setPadding(new Insets(8));
        box.getStyleClass().add("map-card");
        ScrollPane s = new ScrollPane(box);
        s.setFitToWidth(true);
        return s;
    }

    /** Shows {@code rows}, a live network's numbers with a star, and under them the orderings in words. */
    void show(List<ErrorTable.Row> rows, List<ErrorTable.Ordering> orders) {
        orderings.getChildren().clear();
        for (ErrorTable.Ordering o : orders) {
            String kind = o.kind() == Kind.PLAIN ? "plain" : "resnet";
            String verdict = o.tie() ? "tie" : o.difference() > 0 ? "worse" : "better";
            Label l = new Label(Messages.get("degradation.order." + kind + "." + verdict, o.deep(), o.shallow(),
                    String.format(Messages.locale(), "%.1f", Math.abs(o.difference())),
                    String.format(Messages.locale(), "%.1f", o.noise())));
            l.setWrapText(true);
            l.getStyleClass().add(agreesWithPaper(o) ? "ordering-kept" : "ordering-missed");
            orderings.getChildren().add(l);
        }
        if (!orders.isEmpty()) {
            int iterations = orders.stream().mapToInt(ErrorTable.Ordering::iterations).max().orElse(0);
            Label setting = new Label(Messages.get("degradation.order.setting",
                    String.format(Messages.locale(), "%,d", iterations)));
            setting.setWrapText(true);
            setting.getStyleClass().add("map-caption");
            orderings.getChildren().add(setting);
        }
        showTable(rows);
    }

    /** The paper's Figure 6: a deeper plain net trains worse, a deeper ResNet better, each by more than the noise. */
    private static boolean agreesWithPaper(ErrorTable.Ordering o) {
        return !o.tie() && (o.kind() == Kind.PLAIN) == (o.difference() > 0);
    }

    private void showTable(List<ErrorTable.Row> rows) {
        table.getChildren().clear();
        String[] heads = {"layers", "paper", "plainTrain", "plainTest", "resnetTrain", "resnetTest"};
        for (int i = 0; i < heads.length; i++) {
            Label h = new Label(Messages.get("degradation.table." + heads[i]));
            h.getStyleClass().add("table-head");
            h.setWrapText(i > 0);
            h.setMinWidth(i == 0 ? Region.USE_PREF_SIZE : 0);
            table.add(h, i, 0);
            GridPane.setHalignment(h, i == 0 ? HPos.LEFT : HPos.RIGHT);
        }
        int y = 1;
        for (ErrorTable.Row r : rows) {
            String[] cells = {String.valueOf(r.depth()),
                r.paperResnetTest() == null ? "–" : String.format(Messages.locale(), "%.2f", r.paperResnetTest()),
                percent(r.plain(), true), percent(r.plain(), false), percent(r.resnet(), true),
                percent(r.resnet(), false)};
            for (int i = 0; i < cells.length; i++) {
                Label l = new Label(cells[i]);
                l.setId("degradation-cell-" + r.depth() + "-" + heads[i]);
                l.getStyleClass().add(i == 1 ? "paper-cell" : "table-cell-number");
                table.add(l, i, y);
                GridPane.setHalignment(l, i == 0 ? HPos.LEFT : HPos.RIGHT);
            }
            y++;
        }
    }

    private static String percent(ErrorTable.Measured m, boolean train) {
        if (m == null) {
            return "–";
        }
        double v = train ? m.train() : m.test();
        String s = Double.isNaN(v) ? "–" : String.format(Messages.locale(), "%.1f", v);
        return m.source() == CurveData.Source.LIVE ? s + "*" : s;
    }
}
