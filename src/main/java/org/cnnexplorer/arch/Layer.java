package org.cnnexplorer.arch;

import java.util.List;

/**
 * One layer placed in a network, with everything derived from its inputs: shapes, parameters, MACs and
 * receptive field. Ids are stable dotted paths ({@code layer3.2.conv2}, {@code inception4a.branch2.1})
 * used unchanged by the DL4J engine, the UI and the CLI.
 *
 * @param group innermost block containing the layer, or {@code null} at top level
 * @param role  its place in the network's topology, recorded by {@link NetworkBuilder}
 * @param aux   part of a training-only auxiliary head: outside the network's params and MACs
 * @param receptiveField side of the input window one output value sees (input pixels); the whole input for global
 *                       layers
 * @param jump  distance in input pixels between adjacent output values
 */
public record Layer(String id, LayerSpec spec, List<String> inputs, List<Shape> inputShapes, Shape output,
                    long params, long macs, String group, Role role, boolean aux, int receptiveField, int jump) {

    /**
     * A layer's place in the topology. {@link NetworkBuilder} records it as the network is declared, so the views
     * (graph, per-layer sections, selection) read it here instead of guessing it from ids such as
     * {@code layer2.0.downsample.0}. One role per layer; where two could apply, the first listed here wins.
     */
    public enum Role {
        /** On a residual shortcut: the projection (1×1 convolution and its batch norm) or the zero-padding. */
        SHORTCUT,
        /** Joins paths: a residual add or an Inception concatenation. */
        MERGE,
        /** Inside one branch of an Inception module. */
        BRANCH,
        /** Split across towers (AlexNet's two GPUs): each tower computes half of the channels. */
        TOWER,
        /** On the main path. */
        MAIN
    }

    public Layer {
        inputs = List.copyOf(inputs);
        inputShapes = List.copyOf(inputShapes);
    }

    public String type() {
        return spec.type();
    }

    public String paramsFormula() {
        return spec.paramsFormula(inputShapes);
    }

    public String macsFormula() {
        return spec.macsFormula(inputShapes, output);
    }

    /** Layers with learnable weights (conv, fc): what papers count as depth. */
    public boolean weighted() {
        return spec instanceof LayerSpec.Conv || spec instanceof LayerSpec.Linear;
    }
}
