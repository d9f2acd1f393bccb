package org.cnnexplorer.ui.classify;

import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.cnnexplorer.i18n.Messages;

import java.util.List;

/** "All four": each mini net's top 5, two by two. */
final class FourGrid extends GridPane {

    FourGrid() {
        setId("classify-four");
        setHgap(24);
        setVgap(8);
    }

    void show(List<TopFive.Verdict> verdicts) {
        getChildren().clear();
        for (int i = 0; i < verdicts.size(); i++) {
            TopFive.Verdict v = verdicts.get(i);
            String weights = v.trained() ? "" : " · " + Messages.get("classify.untrainedShort");
            Label title = new Label(v.modelId() + weights);
            title.getStyleClass().add("card-title");
            VBox col = new VBox(3, title);
            v.top().forEach(b -> col.getChildren().add(new ProbabilityBar(b, 90)));
            add(col, i % 2, i / 2);
        }
    }

    /** Whether it shows any verdicts (it is empty while "All four" is off). */
    boolean hasVerdicts() {
        return !getChildren().isEmpty();
    }
}
