package org.cnnexplorer.ui.lessons;

import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import org.cnnexplorer.lessons.Page;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A page's text column below its title: the paragraphs, the formulas, the table and the links. */
final class PageText {
    private PageText() {
    }

    /** The nodes of {@code p}'s text; a link's click goes to {@code follow}. */
    static List<Node> of(Page p, Consumer<Page.Link> follow) {
        List<Node> out = new ArrayList<>();
        for (String s : p.text()) {
            Label para = new Label(s);
            para.setWrapText(true);
            para.getStyleClass().add("lesson-text");
            out.add(para);
        }
        if (!p.formulas().isEmpty()) {
            out.add(formulas(p.formulas()));
        }
        if (!p.table().isEmpty()) {
            // scrolls sideways on its own: its numbers do not wrap, and a wide table must not widen the whole column
            // (the formulas and paragraphs would then run past the column's edge instead of wrapping)
            ScrollPane sideways = new ScrollPane(table(p.table()));
            sideways.getStyleClass().add("lesson-table-scroll");
            sideways.setVbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
            sideways.setHbarPolicy(ScrollPane.ScrollBarPolicy.AS_NEEDED);
            sideways.setFitToHeight(true);
            sideways.setMinWidth(0);
            out.add(sideways);
        }
        if (!p.links().isEmpty()) {
            VBox links = new VBox(0);
            links.setId("lesson-links");
            for (Page.Link k : p.links()) {
                Hyperlink h = new Hyperlink(k.label());
                h.setOnAction(e -> follow.accept(k));
                links.getChildren().add(h);
            }
            out.add(links);
        }
        return out;
    }

    private static VBox formulas(List<String> formulas) {
        VBox f = new VBox(2);
        f.setId("lesson-formulas");
        f.getStyleClass().add("lesson-formulas");
        for (String s : formulas) {
            Label line = new Label(s);
            line.setWrapText(true);
            line.getStyleClass().add("lesson-formula");
            f.getChildren().add(line);
        }
        return f;
    }

    private static GridPane table(List<List<String>> table) {
        GridPane grid = new GridPane();
        grid.setId("lesson-table");
        grid.getStyleClass().add("lesson-table");
        grid.setHgap(10);
        grid.setVgap(2);
        for (int r = 0; r < table.size(); r++) {
            List<String> row = table.get(r);
            for (int c = 0; c < row.size(); c++) {
                Label cell = new Label(row.get(c));
                // numbers keep their width; words wrap, so a wide table fits the column
                cell.setWrapText(true);
                cell.setMinWidth(row.get(c).matches("[0-9.,%GM ×/-]+") ? Region.USE_PREF_SIZE
                        : widestWord(row.get(c), r == 0));
                if (r == 0) {
                    cell.getStyleClass().add("lesson-table-head");
                }
                grid.add(cell, c, r);
            }
        }
        return grid;
    }

    /** The width of the longest word of {@code s}: a table cell may wrap between words, never inside one. */
    private static double widestWord(String s, boolean bold) {
        Font base = Font.getDefault();
        Font f = Font.font(base.getFamily(), bold ? FontWeight.BOLD : FontWeight.NORMAL, base.getSize());
        double w = 0;
        for (String word : s.split(" ")) {
            Text t = new Text(word);
            t.setFont(f);
            w = Math.max(w, t.getLayoutBounds().getWidth());
        }
        return Math.ceil(w * 1.15) + 4;
    }
}
