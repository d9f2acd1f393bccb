package org.cnnexplorer.ui.classify;

import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.cnnexplorer.engine.LayerActivation;
import org.cnnexplorer.i18n.Messages;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The feature maps of the current classification: "All four" on top while it is on, the first layer's filters,
 * then one card per layer or block laid out as {@link Sections} says. A click on a tile enlarges its channel; a
 * click on a card's title hands the card's layer or block id to {@code onTitle}.
 */
final class MapsPane extends ScrollPane {
    private final VBox maps = new VBox(10);
    private final Map<String, Node> cards = new HashMap<>();
    private final FourGrid four = new FourGrid();
    private final ChannelPopup enlarged = new ChannelPopup();
    private final Consumer<String> onTitle;
    private Node highlighted;

    MapsPane(Consumer<String> onTitle) {
        this.onTitle = onTitle;
        maps.setId("classify-maps");
        maps.setPadding(new Insets(8));
        setContent(maps);
        setFitToWidth(true);
        Label empty = new Label(Messages.get("classify.empty"));
        empty.getStyleClass().add("muted");
        maps.getChildren().add(empty);
    }

    void show(LayerMaps m) {
        maps.getChildren().clear();
        cards.clear();
        if (four.hasVerdicts()) {
            maps.getChildren().add(four);
        }
        m.filters().ifPresent(f -> {
            VBox card = card(Messages.get("classify.filters", m.filtersLayer()), m.filtersLayer());
            card.setId("classify-filters");
            card.getChildren().add(mosaicView(f, null, "filters-" + m.filtersLayer()));
            maps.getChildren().add(card);
        });
        for (Sections.Section s : m.sections()) {
            VBox card = card(s.title(), s.id());
            for (Sections.Row row : s.rows()) {
                FlowPane items = new FlowPane(10, 6);
                for (Sections.Item it : row.items()) {
                    FeatureMaps.Mosaic mosaic = m.mosaics().get(it.layerId());
                    LayerActivation a = m.activations().get(it.layerId());
                    if (mosaic == null || a == null) {
                        continue;
                    }
                    Label caption = new Label(it.caption() + "  " + a.shape());
                    caption.getStyleClass().add("map-caption");
                    VBox box = new VBox(2, caption, mosaicView(mosaic, a, "mosaic-" + it.layerId()));
                    box.getStyleClass().add("map-item");
                    items.getChildren().add(box);
                    cards.putIfAbsent(it.layerId(), card);
                }
                if (row.label().isEmpty()) {
                    card.getChildren().add(items);
                } else {
                    Label l = new Label(row.label());
                    l.getStyleClass().add("row-label");
                    l.setMinWidth(80);
                    HBox h = new HBox(8, l, items);
                    HBox.setHgrow(items, Priority.ALWAYS);
                    card.getChildren().add(h);
                }
            }
            cards.put(s.id(), card);
            maps.getChildren().add(card);
        }
    }

    /** "All four"'s verdicts above the maps; none takes the grid away. */
    void showFour(List<TopFive.Verdict> verdicts) {
        four.show(verdicts);
        if (!verdicts.isEmpty() && !maps.getChildren().contains(four)) {
            maps.getChildren().add(0, four);
        } else if (verdicts.isEmpty()) {
            maps.getChildren().remove(four);
        }
    }

    private VBox card(String title, String target) {
        Label t = new Label(title);
        t.getStyleClass().add("card-title");
        t.setTooltip(new Tooltip(Messages.get("classify.selectInGraph")));
        t.setOnMouseClicked(e -> onTitle.accept(target));
        VBox card = new VBox(6, t);
        card.getStyleClass().add("map-card");
        card.setId("maps-" + target);
        return card;
    }

    private ImageView mosaicView(FeatureMaps.Mosaic m, LayerActivation a, String id) {
        ImageView iv = new ImageView(FxImages.of(m.width(), m.height(), m.argb()));
        iv.setSmooth(false);
        iv.getStyleClass().add("mosaic");
        iv.setId(id);
        if (a != null && !a.shape().flat()) {
            iv.setOnMouseClicked(e -> {
                int c = m.channelAt(e.getX(), e.getY());
                if (c >= 0) {
                    enlarged.show(this, a, c, m, e.getScreenX(), e.getScreenY());
                }
            });
        }
        return iv;
    }

    /** Marks the card of {@code target} (a layer or block id), if it has one, and scrolls it to the top. */
    void highlight(String target) {
        Node card = cards.get(target);
        if (card == null) {
            return;
        }
        if (highlighted != null) {
            highlighted.getStyleClass().remove("linked");
        }
        card.getStyleClass().add("linked");
        highlighted = card;
        Platform.runLater(() -> reveal(card));
    }

    /** Scrolls the feature maps so that {@code layerId}'s card is at the top. */
    void revealLayer(String layerId) {
        Node card = cards.get(layerId);
        if (card != null) {
            // new cards have no size until CSS and layout ran
            applyCss();
            layout();
            reveal(card);
        }
    }

    private void reveal(Node card) {
        double contentH = maps.getBoundsInLocal().getHeight() - getViewportBounds().getHeight();
        if (contentH > 0) {
            setVvalue(Math.min(1, card.getBoundsInParent().getMinY() / contentH));
        }
    }
}
