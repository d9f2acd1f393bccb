package org.cnnexplorer.ui.explore;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.cnnexplorer.arch.Group;
import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.diagram.Diagram;
import org.cnnexplorer.diagram.DiagramLayout;
import org.cnnexplorer.diagram.Folding;
import org.cnnexplorer.diagram.Metric;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.ui.Background;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * State of the main window as properties: the open network, its fold state and laid-out diagram, the selection
 * and the compute unit. No controls here, so it is tested without a toolkit (with {@link Background#synchronous()}).
 */
public final class MainViewModel {
    /** Which way the arrow keys step through the graph. */
    public enum Step { NEXT, PREVIOUS, SIBLING_LEFT, SIBLING_RIGHT }

    private final Background background;
    private final ReadOnlyObjectWrapper<Network> network = new ReadOnlyObjectWrapper<>(this, "network");
    private final ReadOnlyObjectWrapper<Set<String>> folded = new ReadOnlyObjectWrapper<>(this, "folded", Set.of());
    private final ReadOnlyObjectWrapper<Diagram> diagram = new ReadOnlyObjectWrapper<>(this, "diagram");
    private final ReadOnlyStringWrapper selectedNode = new ReadOnlyStringWrapper(this, "selectedNode");
    private final ReadOnlyObjectWrapper<Inspection> inspection = new ReadOnlyObjectWrapper<>(this, "inspection");
    private final ObjectProperty<Metric> metric = new SimpleObjectProperty<>(this, "metric", Metric.MACS);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    /** Whether the graph shows the training graph (with auxiliary heads) or the inference graph (without). */
    private final BooleanProperty trainingGraph = new SimpleBooleanProperty(this, "trainingGraph", true);
    /** Whether the open network has auxiliary heads at all, so the training/inference switch means something. */
    private final ReadOnlyBooleanWrapper auxiliaryHeads = new ReadOnlyBooleanWrapper(this, "auxiliaryHeads");
    /** Node to select (and centre) once the pending layout arrives. */
    private String pendingSelection;
    private Background.Handle running;
    /** The id {@link #running} opens. */
    private String opening;
    private long layoutMillis;

    public MainViewModel(Background background) {
        this.background = background;
        metric.addListener((o, a, b) -> refreshInspection());
        trainingGraph.addListener((o, a, training) -> {
            // rebuilt with or without its auxiliary heads: the network being opened if any, else the one shown
            Network n = network.get();
            String id = running != null ? opening : n == null ? null : n.id();
            boolean heads = running != null || n != null && n.layers().stream().anyMatch(Layer::aux);
            if (id != null && (training || heads)) {
                String target = running != null ? revealAfterOpen : selectedTarget();
                open(id);
                revealAfterOpen = target; // a layer of a dropped head is simply not found
            }
        });
    }

    /** The training graph (auxiliary heads drawn) or the inference graph; switching rebuilds the open network. */
    public BooleanProperty trainingGraphProperty() {
        return trainingGraph;
    }

    public ReadOnlyBooleanProperty auxiliaryHeadsProperty() {
        return auxiliaryHeads.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Network> networkProperty() {
        return network.getReadOnlyProperty();
    }

    public Network getNetwork() {
        return network.get();
    }

    public ReadOnlyObjectProperty<Set<String>> foldedProperty() {
        return folded.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Diagram> diagramProperty() {
        return diagram.getReadOnlyProperty();
    }

    public Diagram getDiagram() {
        return diagram.get();
    }

    public ReadOnlyStringProperty selectedNodeProperty() {
        return selectedNode.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Inspection> inspectionProperty() {
        return inspection.getReadOnlyProperty();
    }

    public ObjectProperty<Metric> metricProperty() {
        return metric;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** A message for the status line (export results, errors). */
    public void report(String message) {
        status.set(message);
    }

    /**
     * Opens a catalog network: building it and laying it out happen in the background (ResNet-1202 takes a
     * noticeable moment), and a newer request cancels an older one. An unknown id only sets the status message.
     */
    public boolean open(String id) {
        return open(id, null);
    }

    /** As {@link #open(String)}, taking {@code ahead}'s result when it prepared this very network. */
    public boolean open(String id, PreparedNetwork ahead) {
        Optional<Catalog.Entry> e = Catalog.find(id);
        if (e.isEmpty()) {
            status.set(Messages.get("status.unknownNetwork", id));
            return false;
        }
        if (running != null) {
            running.cancel();
        }
        revealAfterOpen = null;
        busy.set(true);
        status.set(Messages.get("status.layout", id));
        boolean training = trainingGraph.get();
        opening = id;
        running = background.submit("open " + id, cancelled -> {
            if (ahead != null && ahead.matches(id, training)) {
                return ahead.await(cancelled);
            }
            return OpenedNetwork.build(e.get(), training, cancelled);
        }, o -> {
            running = null;
            busy.set(false);
            layoutMillis = o.millis();
            selectedNode.set(null);
            inspection.set(null);
            network.set(o.network());
            auxiliaryHeads.set(o.auxiliaryHeads());
            folded.set(o.folded());
            diagram.set(o.diagram());
            status.set(Messages.get("status.laidOut", id, o.diagram().nodes().size(), layoutMillis));
            String target = revealAfterOpen;
            revealAfterOpen = null;
            if (target != null) {
                reveal(target);
            }
        }, err -> {
            running = null;
            busy.set(false);
            status.set(Messages.get("status.error", String.valueOf(err.getMessage())));
        });
        return true;
    }

    /** A layer or block to select once the network being opened is shown (Compare's "show in the graph"). */
    private String revealAfterOpen;

    /**
     * Shows {@code target} (a layer or block id) of network {@code networkId} in the graph and the inspector,
     * opening that network first if another one is shown.
     */
    public void reveal(String networkId, String target) {
        Network n = network.get();
        if (n != null && n.id().equals(networkId) && running == null) {
            reveal(target);
        } else if (open(networkId)) {
            revealAfterOpen = target;
        }
    }

    private void reveal(String target) {
        Network n = network.get();
        if (n.hasGroup(target)) {
            revealGroup(n.group(target));
        } else if (n.hasLayer(target)) {
            reveal(n.layer(target));
        }
    }

    /** The target (layer or block id) of the selected node. */
    public String selectedTarget() {
        Diagram d = diagram.get();
        String id = selectedNode.get();
        if (d == null || id == null) {
            return null;
        }
        Diagram.Node node = d.nodesById().get(id);
        return node == null ? null : node.target();
    }

    public void select(String nodeId) {
        selectedNode.set(nodeId);
        refreshInspection();
    }

    /** Selects a block (e.g. a box header click) without a node of its own. */
    public void selectGroup(String groupId) {
        selectedNode.set(groupId);
        inspection.set(Inspection.of(network.get(), groupId, metric.get()));
    }

    private void refreshInspection() {
        Network n = network.get();
        String id = selectedNode.get();
        if (n == null || id == null) {
            inspection.set(null);
            return;
        }
        String target = selectedTarget();
        if (target == null && (n.hasGroup(id) || n.hasLayer(id))) {
            target = id;
        }
        inspection.set(target == null ? null : Inspection.of(n, target, metric.get()));
    }

    public void toggleFold(String groupId) {
        Set<String> f = new LinkedHashSet<>(folded.get());
        if (!f.remove(groupId)) {
            f.add(groupId);
        }
        folded.set(Set.copyOf(f));
        relayout(groupId);
    }

    public void expandAll() {
        folded.set(Set.of());
        relayout(selectedTarget());
    }

    public void collapseAll() {
        Network n = network.get();
        if (n != null) {
            folded.set(Folding.collapseAll(n));
            relayout(selectedTarget());
        }
    }

    /**
     * Selects the next layer whose id contains {@code query} or whose type equals it, after the current
     * selection; unfolds blocks that hide it. Returns false (and says so in the status) when nothing matches.
     */
    public boolean search(String query) {
        Network n = network.get();
        String q = query == null ? "" : query.trim().toLowerCase(Locale.ROOT);
        if (n == null || q.isEmpty()) {
            return false;
        }
        if (n.hasGroup(query.trim()) && !query.trim().equals(selectedNode.get())) {
            revealGroup(n.group(query.trim()));
            status.set(Messages.get("status.found", query.trim()));
            return true;
        }
        List<Layer> layers = n.layers();
        int start = 0;
        String current = selectedTarget();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).id().equals(current)) {
                start = i + 1;
            }
        }
        for (int k = 0; k < layers.size(); k++) {
            Layer l = layers.get((start + k) % layers.size());
            if (l.id().toLowerCase(Locale.ROOT).contains(q) || l.type().equals(q)) {
                reveal(l);
                status.set(Messages.get("status.found", l.id()));
                return true;
            }
        }
        status.set(Messages.get("status.notFound", query.trim()));
        return false;
    }

    /** Unfolds the blocks around {@code g} and selects it (its box, or its node when it is folded itself). */
    private void revealGroup(Group g) {
        Set<String> f = new LinkedHashSet<>(folded.get());
        boolean changed = false;
        for (String p = g.parent(); p != null; p = network.get().group(p).parent()) {
            changed |= f.remove(p);
        }
        if (changed) {
            folded.set(Set.copyOf(f));
            relayout(g.id());
        } else {
            selectGroup(g.id());
        }
    }

    private void reveal(Layer l) {
        Set<String> f = new LinkedHashSet<>(folded.get());
        boolean changed = false;
        for (String g = l.group(); g != null; g = network.get().group(g).parent()) {
            changed |= f.remove(g);
        }
        String nodeId = l.role() == Layer.Role.TOWER && diagram.get() != null
                && !diagram.get().nodesById().containsKey(l.id()) ? Diagram.laneNode(l.id(), 1) : l.id();
        if (changed) {
            folded.set(Set.copyOf(f));
            relayout(nodeId);
        } else {
            select(nodeId);
        }
    }

    /** Arrow keys: along the edges of the drawn graph. */
    public void step(Step step) {
        Diagram d = diagram.get();
        if (d == null) {
            return;
        }
        String cur = selectedNode.get();
        if (cur == null || !d.nodesById().containsKey(cur)) {
            select(d.nodes().get(0).id());
            return;
        }
        List<String> next = new ArrayList<>();
        List<String> prev = new ArrayList<>();
        for (Diagram.Edge e : d.edges()) {
            if (e.from().equals(cur) && !next.contains(e.to())) {
                next.add(e.to());
            }
            if (e.to().equals(cur) && !prev.contains(e.from())) {
                prev.add(e.from());
            }
        }
        String target = switch (step) {
            case NEXT -> next.isEmpty() ? null : next.get(0);
            case PREVIOUS -> prev.isEmpty() ? null : prev.get(0);
            case SIBLING_LEFT, SIBLING_RIGHT -> sibling(d, cur, step == Step.SIBLING_RIGHT);
        };
        if (target != null) {
            select(target);
        }
    }

    /** The node left or right of {@code cur} among nodes at about the same height. */
    private static String sibling(Diagram d, String cur, boolean right) {
        Diagram.Node c = d.nodesById().get(cur);
        Diagram.Node best = null;
        for (Diagram.Node n : d.nodes()) {
            boolean sameRow = Math.abs(n.cy() - c.cy()) < c.h() * 1.5;
            boolean side = right ? n.cx() > c.cx() + 1 : n.cx() < c.cx() - 1;
            if (sameRow && side && (best == null || Math.abs(n.cx() - c.cx()) < Math.abs(best.cx() - c.cx()))) {
                best = n;
            }
        }
        return best == null ? null : best.id();
    }

    private void relayout(String select) {
        Network n = network.get();
        if (n == null) {
            return;
        }
        if (running != null) {
            running.cancel();
        }
        pendingSelection = select;
        Set<String> f = folded.get();
        busy.set(true);
        status.set(Messages.get("status.layout", n.id()));
        long t0 = System.nanoTime();
        running = background.submit("layout " + n.id(), cancelled -> DiagramLayout.layout(n, f, cancelled),
                d -> {
                    if (network.get() != n) {
                        return;
                    }
                    layoutMillis = (System.nanoTime() - t0) / 1_000_000;
                    running = null;
                    busy.set(false);
                    diagram.set(d);
                    status.set(Messages.get("status.laidOut", n.id(), d.nodes().size(), layoutMillis));
                    String s = pendingSelection;
                    if (s != null && !d.nodesById().containsKey(s)) {
                        String lane = Diagram.laneNode(s, 1);
                        s = d.nodesById().containsKey(lane) ? lane : representative(n, d, s);
                    }
                    selectedNode.set(null);
                    if (s != null && !d.nodesById().containsKey(s) && n.hasGroup(s)) {
                        selectGroup(s);
                    } else {
                        select(s);
                    }
                },
                err -> {
                    running = null;
                    busy.set(false);
                    status.set(Messages.get("status.error", String.valueOf(err.getMessage())));
                });
    }

    /** The drawn node that contains layer or block {@code id} (its folded ancestor), if any. */
    private static String representative(Network n, Diagram d, String id) {
        if (id == null) {
            return null;
        }
        String group = n.hasLayer(id) ? n.layer(id).group() : n.hasGroup(id) ? n.group(id).parent() : null;
        for (String g = group; g != null; g = n.group(g).parent()) {
            if (d.nodesById().containsKey(g)) {
                return g;
            }
        }
        return n.hasGroup(id) ? id : null;
    }
}
