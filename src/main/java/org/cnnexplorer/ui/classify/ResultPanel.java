package org.cnnexplorer.ui.classify;

import javafx.geometry.Pos;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.cnnexplorer.i18n.Messages;

/**
 * What the network made of the current picture: the picture as it sees it (with "where it looks" laid over it on
 * request) beside the picture as given, the preprocessing steps, whose weights these are, the top 5 and, for a
 * sample, its true class.
 */
final class ResultPanel extends VBox {
    private static final int SEEN_SIZE = 168;

    private final ClassifyViewModel vm;
    private final ImageView seen = new ImageView();
    private final ImageView original = new ImageView();
    private final ImageView lookView = new ImageView();
    private final CheckBox lookToggle = new CheckBox(Messages.get("classify.look"));
    private final Tooltip lookTip = new Tooltip();
    private final Label lookCaption = new Label();
    private final Label steps = new Label();
    private final Label weights = new Label();
    private final VBox top5 = new VBox(4);
    private final Label truth = new Label();

    ResultPanel(ClassifyViewModel vm) {
        super(8);
        this.vm = vm;
        seen.setId("classify-seen");
        seen.setFitWidth(SEEN_SIZE);
        seen.setFitHeight(SEEN_SIZE);
        seen.setSmooth(false);
        seen.setPreserveRatio(true);
        original.setFitWidth(SEEN_SIZE / 2.0);
        original.setFitHeight(SEEN_SIZE / 2.0);
        original.setPreserveRatio(true);
        lookView.setId("classify-look-overlay");
        lookView.setFitWidth(SEEN_SIZE);
        lookView.setFitHeight(SEEN_SIZE);
        lookView.setPreserveRatio(true);
        lookView.setMouseTransparent(true);
        lookToggle.setId("classify-look");
        lookToggle.selectedProperty().bindBidirectional(vm.showLookProperty());
        lookTip.setText(Messages.get("classify.lookTip"));
        lookTip.setWrapText(true);
        lookTip.setMaxWidth(360);
        StackPane lookToggleBox = new StackPane(lookToggle);
        // on the box as well: a disabled control shows no tooltip, and then it says why it is disabled
        lookToggle.setTooltip(lookTip);
        Tooltip.install(lookToggleBox, lookTip);
        lookToggleBox.setAlignment(Pos.CENTER_LEFT);
        lookToggleBox.setMaxWidth(Region.USE_PREF_SIZE);
        lookCaption.setId("classify-look-caption");
        lookCaption.setWrapText(true);
        lookCaption.getStyleClass().add("muted");
        lookCaption.managedProperty().bind(lookCaption.textProperty().isNotEmpty());
        steps.setId("classify-steps");
        steps.setWrapText(true);
        steps.getStyleClass().add("muted");
        weights.setId("classify-weights");
        weights.getStyleClass().add("weights-label");
        weights.setWrapText(true);
        top5.setId("classify-top5");
        truth.getStyleClass().add("muted");
        HBox pictures = new HBox(8, new StackPane(seen, lookView), original);
        pictures.setAlignment(Pos.BOTTOM_LEFT);
        getChildren().addAll(new SectionTitle(Messages.get("classify.seen")), pictures, lookToggleBox, lookCaption,
                steps, new SectionTitle(Messages.get("classify.top5")), weights, top5, truth);
        vm.lookProperty().addListener((o, a, l) -> showLook());
        vm.showLookProperty().addListener((o, a, b) -> showLook());
    }

    void show(ClassifyViewModel.Classification r) {
        seen.setImage(FxImages.of(r.input().seen()));
        original.setImage(FxImages.of(r.picture().image().image()));
        steps.setText(Messages.get("classify.steps", r.input().describe()));
        weights.setText(!r.trained() ? Messages.get("classify.untrained", r.modelId())
                : r.source().map(s -> Messages.get("classify.importedWeights", r.modelId(), s))
                .orElseGet(() -> Messages.get("classify.trained", r.modelId())));
        weights.getStyleClass().remove("untrained");
        if (!r.trained()) {
            weights.getStyleClass().add("untrained");
        }
        boolean looks = r.trained() && !r.top().isEmpty();
        lookToggle.setDisable(!looks);
        lookTip.setText(Messages.get(looks ? "classify.lookTip" : "classify.lookUntrained"));
        showLook();
        truth.setText(r.picture().truth().map(t -> Messages.get("classify.truth", t)).orElse(""));
        top5.getChildren().setAll(r.top().stream().map(b -> new ProbabilityBar(b, 160)).toList());
    }

    /** The heat map over the picture and its caption, while "where it looks" is on and the map is ready. */
    private void showLook() {
        ClassifyViewModel.Look l = vm.lookProperty().get();
        boolean on = vm.showLookProperty().get() && l != null && l.of() == vm.getResult();
        lookView.setImage(on ? FxImages.of(l.overlay()) : null);
        lookView.setVisible(on);
        lookCaption.setText(on ? Messages.get("classify.lookCaption", l.label(), l.layerId()) : "");
    }
}
