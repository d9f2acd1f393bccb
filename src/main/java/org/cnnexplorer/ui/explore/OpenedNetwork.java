package org.cnnexplorer.ui.explore;

import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.diagram.Diagram;
import org.cnnexplorer.diagram.DiagramLayout;
import org.cnnexplorer.diagram.Folding;

import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A catalog network built and laid out for the explorer: the network shown (the training graph or the inference
 * one), its blocks folded as they open, its diagram, whether the full network has auxiliary heads, and {@code millis},
 * how long building and laying out took, wherever that ran.
 */
record OpenedNetwork(Network network, Set<String> folded, Diagram diagram, boolean auxiliaryHeads, long millis) {

    static OpenedNetwork build(Catalog.Entry e, boolean training, BooleanSupplier cancelled) {
        long t0 = System.nanoTime();
        Network full = e.build();
        Network n = training ? full : full.inference();
        Set<String> f = Folding.defaults(n);
        Diagram d = DiagramLayout.layout(n, f, cancelled);
        return new OpenedNetwork(n, f, d, full.auxParams() > 0, (System.nanoTime() - t0) / 1_000_000);
    }
}
