package org.cnnexplorer.arch;

import java.util.List;

/**
 * A named block of layers that the UI can fold into one node: a stage, a residual block, an Inception module,
 * one of its branches, an auxiliary head.
 *
 * @param parent enclosing group id, or {@code null}
 * @param layers ids of all layers inside, including those of nested groups, in network order
 */
public record Group(String id, Kind kind, String label, String parent, List<String> layers) {

    public enum Kind { STAGE, BASIC_BLOCK, BOTTLENECK, PLAIN_BLOCK, INCEPTION, BRANCH, AUX_HEAD, CLASSIFIER }

    public Group {
        layers = List.copyOf(layers);
    }
}
