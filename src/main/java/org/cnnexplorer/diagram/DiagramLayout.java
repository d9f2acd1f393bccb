package org.cnnexplorer.diagram;

import org.cnnexplorer.arch.Group;
import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.Shape;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.alg.layered.options.NodePlacementStrategy;
import org.eclipse.elk.alg.layered.options.OrderingStrategy;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.math.KVector;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeLabelPlacement;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.options.HierarchyHandling;
import org.eclipse.elk.core.options.SizeConstraint;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkLabel;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Turns a network and its fold state into a {@link Diagram} with Eclipse ELK's layered (Sugiyama) algorithm,
 * top to bottom. Expanded blocks become ELK compound nodes so their frames never overlap other layers; AlexNet's
 * tower layers are split into one node per GPU, kept left/right by model order.
 */
public final class DiagramLayout {
    static final double LINE = 14;
    static final double PAD = 6;
    static final double LABEL_H = 12;

    private DiagramLayout() {
    }

    public static Diagram layout(Network n, Set<String> folded) {
        return layout(n, folded, () -> false);
    }

    /** @throws CancellationException when {@code cancelled} turns true (the user picked another network) */
    public static Diagram layout(Network n, Set<String> folded, BooleanSupplier cancelled) {
        return new Builder(n, folded, cancelled).run();
    }

    /** Width of {@code text} at the diagram's 11 px sans font; wide (CJK) characters count double. */
    public static double textWidth(String text) {
        double w = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            w += c >= 0x1100 ? 11.5 : Character.isUpperCase(c) || Character.isDigit(c) ? 7.0 : 6.2;
        }
        return w;
    }

    /** The label shown on a folded block, e.g. "layer3: Bottleneck ×23". */
    public static String foldedTitle(Group g) {
        return g.label().contains(":") && g.kind() == Group.Kind.INCEPTION ? g.id() : g.label();
    }

    private static final class Builder {
        private final Network net;
        private final Set<String> folded;
        private final BooleanSupplier cancelled;
        private final boolean lanes;
        private final ElkNode root = ElkGraphUtil.createGraph();
        private final Map<String, ElkNode> compound = new LinkedHashMap<>();
        private final Map<String, Integer> compoundDepth = new HashMap<>();
        private final Map<String, ElkNode> elkNodes = new LinkedHashMap<>();
        private final Map<String, Diagram.Node> proto = new LinkedHashMap<>();
        private final Map<ElkEdge, Diagram.Edge> protoEdges = new LinkedHashMap<>();
        private final Map<String, String> rep = new HashMap<>();

        Builder(Network net, Set<String> folded, BooleanSupplier cancelled) {
            this.net = net;
            this.folded = folded;
            this.cancelled = cancelled;
            this.lanes = net.towers() == 2;
        }

        Diagram run() {
            configure(root);
            for (Layer l : net.layers()) {
                rep.put(l.id(), representative(l));
            }
            for (Layer l : net.layers()) {
                String r = rep.get(l.id());
                if (proto.containsKey(r) || proto.containsKey(Diagram.laneNode(r, 1))) {
                    continue;
                }
                if (!r.equals(l.id())) {
                    addFolded(net.group(r));
                } else if (towered(l)) {
                    addLayer(l, 1);
                    addLayer(l, 2);
                } else {
                    addLayer(l, 0);
                }
            }
            addEdges();
            check();
            BasicProgressMonitor monitor = new BasicProgressMonitor() {
                @Override
                public boolean isCanceled() {
                    return cancelled.getAsBoolean();
                }
            };
            new RecursiveGraphLayoutEngine().layout(root, monitor);
            check();
            return extract();
        }

        private void check() {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("layout of " + net.id() + " cancelled");
            }
        }

        private static void configure(ElkNode g) {
            g.setProperty(CoreOptions.ALGORITHM, "org.eclipse.elk.layered");
            g.setProperty(CoreOptions.DIRECTION, Direction.DOWN);
            g.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
            g.setProperty(CoreOptions.HIERARCHY_HANDLING, HierarchyHandling.INCLUDE_CHILDREN);
            g.setProperty(LayeredOptions.SPACING_NODE_NODE, 18.0);
            g.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 22.0);
            g.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 10.0);
            g.setProperty(LayeredOptions.SPACING_EDGE_EDGE, 10.0);
            g.setProperty(LayeredOptions.SPACING_EDGE_NODE, 14.0);
            g.setProperty(LayeredOptions.SPACING_EDGE_LABEL, 3.0);
            // Network simplex keeps the main path straight, so a skip arc stands clearly apart from it.
            g.setProperty(LayeredOptions.NODE_PLACEMENT_STRATEGY, NodePlacementStrategy.NETWORK_SIMPLEX);
            // Keep the order of the definition where crossings allow: branch 1 left of branch 4, GPU 1 left of GPU 2.
            g.setProperty(LayeredOptions.CONSIDER_MODEL_ORDER_STRATEGY, OrderingStrategy.NODES_AND_EDGES);
            g.setProperty(CoreOptions.PADDING, new ElkPadding(16));
        }

        /** The node a layer is drawn in: itself, or its outermost folded block. */
        private String representative(Layer l) {
            String r = l.id();
            for (String g = l.group(); g != null; g = net.group(g).parent()) {
                if (folded.contains(g) && Folding.foldable(net.group(g))) {
                    r = g;
                }
            }
            return r;
        }

        private boolean towered(Layer l) {
            return l.role() == Layer.Role.TOWER;
        }

        /** The ELK parent of a node in {@code group}: the innermost expanded block, created on demand. */
        private ElkNode parentFor(String group) {
            if (group == null) {
                return root;
            }
            Group g = net.group(group);
            if (!Folding.foldable(g)) {
                return parentFor(g.parent());
            }
            ElkNode existing = compound.get(group);
            if (existing != null) {
                return existing;
            }
            ElkNode parent = parentFor(g.parent());
            ElkNode box = ElkGraphUtil.createNode(parent);
            box.setIdentifier("box:" + group);
            box.setProperty(CoreOptions.PADDING, new ElkPadding(24, 10, 10, 10));
            box.setProperty(CoreOptions.NODE_SIZE_MINIMUM, new KVector(
                    textWidth(g.label()) + 24, 30));
            box.setProperty(CoreOptions.NODE_SIZE_CONSTRAINTS, EnumSet.of(
                    SizeConstraint.MINIMUM_SIZE));
            compound.put(group, box);
            compoundDepth.put(group, parent == root ? 0 : compoundDepth.get(parentGroupOf(parent)) + 1);
            return box;
        }

        private String parentGroupOf(ElkNode box) {
            return box.getIdentifier().substring("box:".length());
        }

        private void addLayer(Layer l, int lane) {
            String id = lane == 0 ? l.id() : Diagram.laneNode(l.id(), lane);
            String detail = l.type() + (l.spec().hyper().isEmpty() ? "" : "  " + l.spec().hyper());
            if (lane > 0) {
                detail += "  (GPU " + lane + ")";
            }
            long params = lane == 0 ? l.params() : l.params() / 2;
            long macs = lane == 0 ? l.macs() : l.macs() / 2;
            Diagram.Node node = new Diagram.Node(id, l.id(), false, Category.of(l.type()), l.id(), detail,
                    half(l.output(), lane).toString(), params, macs, l.aux(), lane, 0, 0, 0, 0);
            place(node, l.group(), l.weighted() || params > 0);
        }

        private void addFolded(Group g) {
            int count = g.layers().size();
            long params = net.groupParams(g);
            long macs = net.groupMacs(g);
            Layer last = net.layer(g.layers().get(g.layers().size() - 1));
            boolean aux = g.layers().stream().allMatch(id -> net.layer(id).aux());
            Diagram.Node node = new Diagram.Node(g.id(), g.id(), true, Category.BLOCK, foldedTitle(g),
                    count + " layers  → " + last.output(), last.output().toString(), params, macs, aux, 0,
                    0, 0, 0, 0);
            place(node, g.parent(), true);
        }

        private void place(Diagram.Node node, String group, boolean counts) {
            double w = Math.max(Math.max(textWidth(node.title()) + 8, textWidth(node.detail())),
                    counts ? 190 : 0) + 2 * PAD + 4;
            double h = (counts ? 3 : 2) * LINE + 2 * PAD;
            ElkNode e = ElkGraphUtil.createNode(parentFor(group));
            e.setIdentifier(node.id());
            e.setDimensions(Math.max(w, 80), h);
            elkNodes.put(node.id(), e);
            proto.put(node.id(), node);
        }

        private Shape half(Shape s, int lane) {
            return lane == 0 || s.flat() ? s : Shape.chw(s.channels() / 2, s.height(), s.width());
        }

        private void addEdges() {
            Map<String, Diagram.EdgeKind> seen = new HashMap<>();
            for (Layer l : net.layers()) {
                for (int k = 0; k < l.inputs().size(); k++) {
                    Layer src = net.layer(l.inputs().get(k));
                    String from = rep.get(src.id());
                    String to = rep.get(l.id());
                    if (from.equals(to)) {
                        continue;
                    }
                    // A residual add takes F(x) first and the shortcut second (ResNet.block declares it so).
                    Diagram.EdgeKind kind = l.aux() && !src.aux() ? Diagram.EdgeKind.AUX
                            : (l.spec() instanceof LayerSpec.Add && k > 0) || l.role() == Layer.Role.SHORTCUT
                            ? Diagram.EdgeKind.SKIP : Diagram.EdgeKind.MAIN;
                    if (!from.equals(src.id()) || !to.equals(l.id())) {
                        // Touches a folded block: one edge per pair, and a block's inner shortcut stays inside it.
                        String key = from + "->" + to;
                        if (seen.containsKey(key)) {
                            continue;
                        }
                        kind = kind == Diagram.EdgeKind.AUX ? kind : Diagram.EdgeKind.MAIN;
                        seen.put(key, kind);
                    }
                    boolean projection = kind == Diagram.EdgeKind.SKIP && l.role() == Layer.Role.SHORTCUT
                            && l.spec() instanceof LayerSpec.Conv;
                    boolean srcTowered = towered(src) && from.equals(src.id());
                    boolean dstTowered = towered(l) && to.equals(l.id());
                    boolean crossGpu = l.spec() instanceof LayerSpec.Conv c && c.groups() == 1;
                    if (!srcTowered && !dstTowered) {
                        edge(from, to, src.output().toString(), kind, projection);
                    } else if (!srcTowered) {
                        edge(from, Diagram.laneNode(to, 1), src.output().toString(), kind, projection);
                        edge(from, Diagram.laneNode(to, 2), src.output().toString(), kind, projection);
                    } else if (!dstTowered) {
                        edge(Diagram.laneNode(from, 1), to, half(src.output(), 1).toString(), kind, projection);
                        edge(Diagram.laneNode(from, 2), to, half(src.output(), 2).toString(), kind, projection);
                    } else {
                        for (int a = 1; a <= 2; a++) {
                            for (int b = 1; b <= 2; b++) {
                                if (a == b || crossGpu) {
                                    edge(Diagram.laneNode(from, a), Diagram.laneNode(to, b),
                                            half(src.output(), a).toString(), kind, projection);
                                }
                            }
                        }
                    }
                }
            }
        }

        private void edge(String from, String to, String label, Diagram.EdgeKind kind, boolean projection) {
            ElkEdge e = ElkGraphUtil.createSimpleEdge(elkNodes.get(from), elkNodes.get(to));
            ElkGraphUtil.updateContainment(e);
            ElkLabel lbl = ElkGraphUtil.createLabel(label, e);
            lbl.setDimensions(textWidth(label) * 0.85, LABEL_H);
            lbl.setProperty(CoreOptions.EDGE_LABELS_PLACEMENT, EdgeLabelPlacement.CENTER);
            protoEdges.put(e, new Diagram.Edge(from, to, label, kind, projection, List.of(), 0, 0, 0, 0));
        }

        private static double[] abs(ElkNode n) {
            double x = 0;
            double y = 0;
            for (ElkNode p = n; p != null; p = p.getParent()) {
                x += p.getX();
                y += p.getY();
            }
            return new double[] {x, y};
        }

        private Diagram extract() {
            List<Diagram.Node> nodes = new ArrayList<>();
            for (Diagram.Node p : proto.values()) {
                ElkNode e = elkNodes.get(p.id());
                double[] a = abs(e);
                nodes.add(new Diagram.Node(p.id(), p.target(), p.folded(), p.category(), p.title(), p.detail(),
                        p.shape(), p.params(), p.macs(), p.aux(), p.lane(), a[0], a[1], e.getWidth(), e.getHeight()));
            }
            List<Diagram.Edge> edges = new ArrayList<>();
            for (Map.Entry<ElkEdge, Diagram.Edge> en : protoEdges.entrySet()) {
                ElkEdge e = en.getKey();
                Diagram.Edge p = en.getValue();
                double[] o = abs(e.getContainingNode());
                List<Diagram.Point> pts = new ArrayList<>();
                for (ElkEdgeSection s : e.getSections()) {
                    pts.add(new Diagram.Point(o[0] + s.getStartX(), o[1] + s.getStartY()));
                    for (ElkBendPoint b : s.getBendPoints()) {
                        pts.add(new Diagram.Point(o[0] + b.getX(), o[1] + b.getY()));
                    }
                    pts.add(new Diagram.Point(o[0] + s.getEndX(), o[1] + s.getEndY()));
                }
                ElkLabel lbl = e.getLabels().get(0);
                edges.add(new Diagram.Edge(p.from(), p.to(), p.label(), p.kind(), p.projection(), pts,
                        o[0] + lbl.getX(), o[1] + lbl.getY(), lbl.getWidth(), lbl.getHeight()));
            }
            List<Diagram.Box> boxes = new ArrayList<>();
            for (Map.Entry<String, ElkNode> en : compound.entrySet()) {
                Group g = net.group(en.getKey());
                ElkNode b = en.getValue();
                double[] a = abs(b);
                boxes.add(new Diagram.Box(g.id(), g.kind(), g.label(), compoundDepth.get(g.id()), a[0], a[1],
                        b.getWidth(), b.getHeight()));
            }
            boxes.sort(Comparator.comparingInt(Diagram.Box::depth));
            List<Diagram.Lane> laneList = new ArrayList<>();
            if (lanes) {
                for (int lane = 1; lane <= 2; lane++) {
                    final int ln = lane;
                    List<Diagram.Node> in = nodes.stream().filter(nd -> nd.lane() == ln).toList();
                    double x0 = in.stream().mapToDouble(Diagram.Node::x).min().orElse(0) - 10;
                    double y0 = in.stream().mapToDouble(Diagram.Node::y).min().orElse(0) - 24;
                    double x1 = in.stream().mapToDouble(nd -> nd.x() + nd.w()).max().orElse(0) + 10;
                    double y1 = in.stream().mapToDouble(nd -> nd.y() + nd.h()).max().orElse(0) + 10;
                    laneList.add(new Diagram.Lane("GPU " + lane, x0, y0, x1 - x0, y1 - y0));
                }
            }
            return new Diagram(net.id(), nodes, edges, boxes, laneList, root.getWidth(), root.getHeight());
        }
    }
}
