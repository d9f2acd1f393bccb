package org.cnnexplorer.ui.classify;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.layout.VBox;
import javafx.stage.Popup;
import org.cnnexplorer.engine.LayerActivation;
import org.cnnexplorer.i18n.Messages;

import java.util.Locale;

/** One channel of a feature map, enlarged beside the pointer on the mosaic's colour scale; a click closes it. */
final class ChannelPopup {
    private final Popup popup = new Popup();

    ChannelPopup() {
        popup.setAutoHide(true);
    }

    /** Shows {@code channel} of {@code a}, drawn in {@code m}, near screen point (x, y) over {@code owner}. */
    void show(Node owner, LayerActivation a, int channel, FeatureMaps.Mosaic m, double x, double y) {
        int h = a.shape().height();
        int w = a.shape().width();
        int scale = Math.max(1, 280 / Math.max(h, w));
        ImageView big = new ImageView(FxImages.of(w * scale, h * scale,
                FeatureMaps.single(a.channel(channel), w, h, scale, m.min(), m.max())));
        Label caption = new Label(Messages.get("classify.channel", a.layerId(), channel,
                String.format(Locale.ROOT, "%.3g", m.min()), String.format(Locale.ROOT, "%.3g", m.max())));
        VBox box = new VBox(6, caption, big);
        box.setId("channel-view");
        box.getStyleClass().add("enlarged");
        box.setPadding(new Insets(8));
        box.getStylesheets().addAll(owner.getScene().getStylesheets());
        box.setOnMouseClicked(e -> popup.hide());
        popup.getContent().setAll(box);
        popup.show(owner.getScene().getWindow(), x + 8, y + 8);
    }
}
