package org.cnnexplorer.ui.explore;

import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.Num;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.ui.Background;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** Families → variants, each with its parameters, MACs and depth (computed in the background). */
public final class CatalogView extends TreeView<Object> {
    public static final String STYLE_CLASS = "catalog";

    /** One network's numbers for the list. */
    public record Stats(long params, long macs, int depth) {
        static Stats of(Network n) {
            return new Stats(n.params(), n.macs(), n.depth());
        }
    }

    private final Map<String, Stats> stats = new HashMap<>();
    private final Map<String, TreeItem<Object>> items = new HashMap<>();
    private Background background;
    private boolean statsRequested;
    /** True while the list follows the open network, so that following does not open it again. */
    private boolean showing;

    public CatalogView(Background background, Consumer<String> onOpen) {
        getStyleClass().add(STYLE_CLASS);
        setId("catalog");
        TreeItem<Object> root = new TreeItem<>("root");
        for (Catalog.Family f : Catalog.Family.values()) {
            TreeItem<Object> fam = new TreeItem<>(f);
            fam.setExpanded(true);
            for (Catalog.Entry e : Catalog.entries()) {
                if (e.family() == f) {
                    TreeItem<Object> item = new TreeItem<>(e);
                    items.put(e.id(), item);
                    fam.getChildren().add(item);
                }
            }
            root.getChildren().add(fam);
        }
        setRoot(root);
        setShowRoot(false);
        setCellFactory(t -> new Cell());
        getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (!showing && b != null && b.getValue() instanceof Catalog.Entry e) {
                onOpen.accept(e.id());
            }
        });
        this.background = background;
    }

    /** Computes every network's numbers in the background (started after the first graph, not to compete with it). */
    public void loadStats() {
        if (statsRequested) {
            return;
        }
        statsRequested = true;
        background.submit("catalog", cancelled -> {
            Map<String, Stats> m = new HashMap<>();
            for (Catalog.Entry e : Catalog.entries()) {
                m.put(e.id(), Stats.of(e.build()));
            }
            return m;
        }, m -> {
            stats.putAll(m);
            refresh();
        }, err -> { });
    }

    /** Selects (and so opens) a network without firing when it is already selected. */
    public void show(String id) {
        TreeItem<Object> item = items.get(id);
        if (item != null && getSelectionModel().getSelectedItem() != item) {
            showing = true;
            try {
                getSelectionModel().select(item);
            } finally {
                showing = false;
            }
            scrollTo(Math.max(0, getRow(item) - 3));
        }
    }

    static String familyName(Catalog.Family f) {
        return Messages.get("family." + f.name().toLowerCase(Locale.ROOT));
    }

    private final class Cell extends TreeCell<Object> {
        @Override
        protected void updateItem(Object item, boolean empty) {
            super.updateItem(item, empty);
            getStyleClass().removeAll("family", "variant");
            if (empty || item == null) {
                setText(null);
            } else if (item instanceof Catalog.Family f) {
                setText(familyName(f));
                getStyleClass().add("family");
            } else if (item instanceof Catalog.Entry e) {
                Stats s = stats.get(e.id());
                String line2 = s == null ? "…" : Messages.get("catalog.stats", Num.human(s.params()).trim(),
                        Num.human(s.macs()).trim(), s.depth());
                setText(e.id() + "  " + e.title() + "\n" + line2);
                getStyleClass().add("variant");
            }
        }
    }
}
