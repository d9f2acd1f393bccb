package org.cnnexplorer.ui.classify;

import javafx.collections.ListChangeListener;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.FlowPane;

/** Thumbnails of the pictures given so far; a click classifies that one again. */
final class PictureStrip extends FlowPane {

    PictureStrip(ClassifyViewModel vm) {
        super(4, 4);
        vm.pictures().addListener((ListChangeListener<ClassifyViewModel.Picture>) c -> {
            while (c.next()) {
                for (ClassifyViewModel.Picture p : c.getAddedSubList()) {
                    ImageView iv = new ImageView(FxImages.of(p.image().image()));
                    iv.setFitWidth(36);
                    iv.setFitHeight(36);
                    iv.setPreserveRatio(true);
                    Tooltip.install(iv, new Tooltip(p.name()));
                    iv.setOnMouseClicked(e -> vm.show(p));
                    getChildren().add(iv);
                }
            }
        });
    }
}
