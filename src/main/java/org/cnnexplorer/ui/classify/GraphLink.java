package org.cnnexplorer.ui.classify;

import javafx.application.Platform;
import org.cnnexplorer.ui.explore.MainViewModel;

/**
 * Keeps the feature maps and the graph on the same layer: the card of what is selected in the graph is marked and
 * scrolled to, and {@link #select} selects a layer or block in the graph, opening the classifying network there
 * first when the graph shows another. Without a graph (null) it does nothing.
 */
final class GraphLink {
    private final ClassifyViewModel vm;
    private final MainViewModel graph;
    private final MapsPane maps;
    /** What to select once the graph has laid out the network it was asked to open. */
    private String pending;

    GraphLink(ClassifyViewModel vm, MainViewModel graph, MapsPane maps) {
        this.vm = vm;
        this.graph = graph;
        this.maps = maps;
        if (graph != null) {
            graph.selectedNodeProperty().addListener((o, a, b) -> follow());
            graph.diagramProperty().addListener((o, a, d) -> {
                if (d != null && pending != null && d.networkId().equals(vm.catalogId(vm.modelIdProperty().get()))) {
                    String id = pending;
                    pending = null;
                    Platform.runLater(() -> select(id));
                }
            });
        }
    }

    /** Marks the card of the graph's selection, while the graph shows the network that classified. */
    void follow() {
        ClassifyViewModel.Classification r = vm.getResult();
        if (graph == null || r == null || graph.getNetwork() == null
                || !graph.getNetwork().id().equals(vm.catalogId(r.modelId()))) {
            return;
        }
        String target = graph.selectedTarget();
        if (target == null) {
            target = graph.selectedNodeProperty().get();
        }
        if (target != null) {
            maps.highlight(target);
        }
    }

    /** Selects {@code target} (a layer or block id) in the graph, opening the network there first if needed. */
    void select(String target) {
        ClassifyViewModel.Classification r = vm.getResult();
        if (graph == null || r == null) {
            return;
        }
        String network = vm.catalogId(r.modelId());
        if (graph.getNetwork() == null || !graph.getNetwork().id().equals(network)
                || graph.getDiagram() == null || !graph.getDiagram().networkId().equals(network)) {
            pending = target;
            graph.open(network);
            return;
        }
        graph.getDiagram().nodes().stream().filter(n -> n.target().equals(target)).findFirst()
                .ifPresentOrElse(n -> graph.select(n.id()), () -> graph.search(target));
    }
}
