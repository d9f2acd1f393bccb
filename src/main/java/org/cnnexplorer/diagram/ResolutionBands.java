package org.cnnexplorer.diagram;

import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.Shape;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where each spatial resolution (56×56, 28×28, …; 0 = flat) sits vertically in a diagram: the band from the top of
 * its first node to the bottom of its last. The compare view lines these bands up across networks.
 */
public final class ResolutionBands {
    /** Vertical extent of one resolution, in diagram coordinates. */
    public record Band(double y0, double y1) {
        public double height() {
            return y1 - y0;
        }
    }

    private ResolutionBands() {
    }

    /** Resolution of what a node outputs (a folded block: its last layer's output). */
    public static int resolution(Network n, Diagram.Node node) {
        String t = node.target();
        Shape out = n.hasLayer(t) ? n.layer(t).output()
                : n.layer(n.group(t).layers().get(n.group(t).layers().size() - 1)).output();
        return out.flat() ? 0 : out.height();
    }

    /** Bands keyed by resolution, largest first, flat last; the input node and aux heads are left out. */
    public static Map<Integer, Band> of(Network n, Diagram d) {
        Map<Integer, Band> bands = new TreeMap<>((a, b) -> Integer.compare(b == 0 ? -1 : b, a == 0 ? -1 : a));
        for (Diagram.Node node : d.nodes()) {
            if (node.aux() || node.category() == Category.INPUT) {
                continue;
            }
            int r = resolution(n, node);
            Band b = bands.get(r);
            double y0 = node.y() - 6;
            double y1 = node.y() + node.h() + 6;
            bands.put(r, b == null ? new Band(y0, y1) : new Band(Math.min(b.y0(), y0), Math.max(b.y1(), y1)));
        }
        return bands;
    }
}
