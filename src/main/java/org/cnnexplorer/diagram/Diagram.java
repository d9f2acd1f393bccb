package org.cnnexplorer.diagram;

import org.cnnexplorer.arch.Group;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A network drawn: positioned nodes, routed edges labelled with the tensor shape they carry, boxes around
 * expanded blocks and the lanes of AlexNet's two GPUs. Pure data in one coordinate system (pixels at zoom 1);
 * the JavaFX view, PNG and SVG export all paint this same object.
 */
public record Diagram(String networkId, List<Node> nodes, List<Edge> edges, List<Box> boxes, List<Lane> lanes,
                      double width, double height) {

    public Diagram {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
        boxes = List.copyOf(boxes);
        lanes = List.copyOf(lanes);
    }

    /** The id of a tower layer's node in one GPU's lane (1 or 2), e.g. {@code conv2#1}. */
    public static String laneNode(String layerId, int lane) {
        return layerId + "#" + lane;
    }

    /**
     * @param id     unique in the diagram: a layer id, a folded group id, or {@link #laneNode} for AlexNet's lanes
     * @param target the layer id, or the folded group's id, that selecting the node inspects
     * @param lane   0 when the network has one tower, else 1 or 2 (or 0 for nodes shared by both GPUs)
     */
    public record Node(String id, String target, boolean folded, Category category, String title, String detail,
                       String shape, long params, long macs, boolean aux, int lane,
                       double x, double y, double w, double h) {
        public double cx() {
            return x + w / 2;
        }

        public double cy() {
            return y + h / 2;
        }

        public boolean contains(double px, double py) {
            return px >= x && px <= x + w && py >= y && py <= y + h;
        }
    }

    public enum EdgeKind {
        /** The main data path. */
        MAIN,
        /** Identity or zero-padding shortcut of a residual block, or the path through a projection. */
        SKIP,
        /** Into a training-only auxiliary head. */
        AUX
    }

    public record Point(double x, double y) {
    }

    /** @param projection a {@link EdgeKind#SKIP} edge into a projection shortcut's convolution ({@code W_s x}) */
    public record Edge(String from, String to, String label, EdgeKind kind, boolean projection, List<Point> points,
                       double labelX, double labelY, double labelW, double labelH) {
        public Edge {
            points = List.copyOf(points);
        }
    }

    /** An expanded block drawn as a frame around its layers; {@code depth} 0 is outermost. */
    public record Box(String groupId, Group.Kind kind, String label, int depth, double x, double y, double w,
                      double h) {
    }

    public record Lane(String label, double x, double y, double w, double h) {
    }

    public Map<String, Node> nodesById() {
        return nodes.stream().collect(Collectors.toMap(Node::id, Function.identity()));
    }

    public long skipEdges() {
        return edges.stream().filter(e -> e.kind() == EdgeKind.SKIP).count();
    }
}
