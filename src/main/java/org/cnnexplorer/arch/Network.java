package org.cnnexplorer.arch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/** A network as a directed acyclic graph of layers in topological order, with its totals. */
public final class Network {
    private final String id;
    private final String title;
    private final String paper;
    private final Shape input;
    private final int classes;
    private final int towers;
    private final List<Layer> layers;
    private final Map<String, Layer> byId = new LinkedHashMap<>();
    private final List<Group> groups;
    private final Map<String, Group> groupById = new LinkedHashMap<>();

    Network(String id, String title, String paper, Shape input, int classes, int towers, List<Layer> layers,
            List<Group> groups) {
        this.id = id;
        this.title = title;
        this.paper = paper;
        this.input = input;
        this.classes = classes;
        this.towers = towers;
        this.layers = List.copyOf(layers);
        this.groups = List.copyOf(groups);
        layers.forEach(l -> byId.put(l.id(), l));
        groups.forEach(g -> groupById.put(g.id(), g));
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** Citation of the paper the network comes from. */
    public String paper() {
        return paper;
    }

    public Shape input() {
        return input;
    }

    public int classes() {
        return classes;
    }

    /** 2 for AlexNet as trained on two GPUs (its grouped layers are drawn as two towers), else 1. */
    public int towers() {
        return towers;
    }

    public List<Layer> layers() {
        return layers;
    }

    public List<Group> groups() {
        return groups;
    }

    public Layer layer(String layerId) {
        Layer l = byId.get(layerId);
        if (l == null) {
            throw new NoSuchElementException("no layer '" + layerId + "' in " + id);
        }
        return l;
    }

    public boolean hasLayer(String layerId) {
        return byId.containsKey(layerId);
    }

    public Group group(String groupId) {
        Group g = groupById.get(groupId);
        if (g == null) {
            throw new NoSuchElementException("no block '" + groupId + "' in " + id);
        }
        return g;
    }

    public boolean hasGroup(String groupId) {
        return groupById.containsKey(groupId);
    }

    /** Layers that read the output of {@code layerId}. */
    public List<Layer> consumers(String layerId) {
        List<Layer> out = new ArrayList<>();
        for (Layer l : layers) {
            if (l.inputs().contains(layerId)) {
                out.add(l);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** The layer whose output is the network's prediction (the last non-auxiliary layer). */
    public Layer output() {
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (!layers.get(i).aux()) {
                return layers.get(i);
            }
        }
        throw new IllegalStateException("empty network");
    }

    /** The layers whose outputs the network trains on: the prediction first, then auxiliary heads (training only). */
    public List<String> heads() {
        List<String> out = new ArrayList<>();
        out.add(output().id());
        for (Layer l : layers) {
            if (l.aux() && consumers(l.id()).isEmpty()) {
                out.add(l.id());
            }
        }
        return out;
    }

    /** Parameters of the inference network (auxiliary heads excluded). */
    public long params() {
        return layers.stream().filter(l -> !l.aux()).mapToLong(Layer::params).sum();
    }

    public long macs() {
        return layers.stream().filter(l -> !l.aux()).mapToLong(Layer::macs).sum();
    }

    /**
     * The network as it runs at inference: the training-only auxiliary heads left out (GoogLeNet drops them after
     * training, paper §5). Nothing on the main path reads an auxiliary layer, so the rest is unchanged; a network
     * without auxiliary heads is its own inference graph.
     */
    public Network inference() {
        if (layers.stream().noneMatch(Layer::aux)) {
            return this;
        }
        List<Layer> kept = layers.stream().filter(l -> !l.aux()).toList();
        Set<String> ids = new HashSet<>();
        kept.forEach(l -> ids.add(l.id()));
        List<Group> keptGroups = groups.stream()
                .map(g -> new Group(g.id(), g.kind(), g.label(), g.parent(), g.layers().stream().filter(ids::contains)
                        .toList()))
                .filter(g -> !g.layers().isEmpty()).toList();
        return new Network(id, title, paper, input, classes, towers, kept, keptGroups);
    }

    /**
     * One block alone, as a network of its own: the block's layers and nested blocks unchanged, fed by an input layer
     * of the shape the block receives. Lessons draw a residual block or an Inception module from it exactly as the
     * graph draws it inside the whole network.
     *
     * @throws IllegalArgumentException when the block reads more than one tensor from outside itself
     */
    public Network block(String groupId) {
        Group outer = group(groupId);
        Set<String> inside = new HashSet<>(outer.layers());
        Set<String> outside = new LinkedHashSet<>();
        for (String lid : outer.layers()) {
            byId.get(lid).inputs().stream().filter(i -> !inside.contains(i)).forEach(outside::add);
        }
        if (outside.size() != 1) {
            throw new IllegalArgumentException(id + ": block " + groupId + " reads " + outside + ", not one input");
        }
        Layer feed = byId.get(outside.iterator().next());
        Shape in = feed.output();
        List<Layer> kept = new ArrayList<>();
        kept.add(new Layer(NetworkBuilder.INPUT, new LayerSpec.Input(in), List.of(), List.of(), in, 0, 0, null,
                Layer.Role.MAIN, false, 1, 1));
        for (String lid : outer.layers()) {
            Layer l = byId.get(lid);
            List<String> inputs = l.inputs().stream().map(i -> inside.contains(i) ? i : NetworkBuilder.INPUT).toList();
            kept.add(new Layer(l.id(), l.spec(), inputs, l.inputShapes(), l.output(), l.params(), l.macs(), l.group(),
                    l.role(), l.aux(), l.receptiveField(), l.jump()));
        }
        List<Group> nested = new ArrayList<>();
        for (Group g : groups) {
            if (g.id().equals(groupId)) {
                nested.add(new Group(g.id(), g.kind(), g.label(), null, g.layers()));
            } else if (inside.containsAll(g.layers())) {
                nested.add(g);
            }
        }
        return new Network(id + "/" + groupId, title, paper, in, classes, 1, kept, nested);
    }

    public long auxParams() {
        return layers.stream().filter(Layer::aux).mapToLong(Layer::params).sum();
    }

    public long auxMacs() {
        return layers.stream().filter(Layer::aux).mapToLong(Layer::macs).sum();
    }

    /**
     * The most layers with weights on any path from input to output: the depth papers quote (AlexNet 8,
     * VGG-16 16, GoogLeNet 22, ResNet-50 50). Parallel branches and shortcuts do not add to it.
     */
    public int depth() {
        Map<String, Integer> deepest = new HashMap<>();
        int best = 0;
        for (Layer l : layers) {
            if (l.aux()) {
                continue;
            }
            int before = l.inputs().stream().mapToInt(i -> deepest.getOrDefault(i, 0)).max().orElse(0);
            int here = before + (l.weighted() ? 1 : 0);
            deepest.put(l.id(), here);
            best = Math.max(best, here);
        }
        return best;
    }

    /** Number of layers with weights (conv and fc) on the inference path, branches included. */
    public int weightedLayers() {
        return (int) layers.stream().filter(l -> !l.aux() && l.weighted()).count();
    }

    public long groupParams(Group g) {
        return g.layers().stream().mapToLong(lid -> byId.get(lid).params()).sum();
    }

    public long groupMacs(Group g) {
        return g.layers().stream().mapToLong(lid -> byId.get(lid).macs()).sum();
    }

    @Override
    public String toString() {
        return id + " (" + layers.size() + " layers)";
    }
}
