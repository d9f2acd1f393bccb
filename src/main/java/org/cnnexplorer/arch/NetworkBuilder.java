package org.cnnexplorer.arch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Builds a {@link Network} layer by layer, inferring every shape as it goes so that an impossible input
 * fails at the layer that cannot take it, with that layer's id in the message.
 */
public final class NetworkBuilder {
    public static final String INPUT = "input";

    private final String id;
    private final String title;
    private final String paper;
    private final Shape input;
    private final int classes;
    private int towers = 1;
    private final List<Layer> layers = new ArrayList<>();
    private final Map<String, Layer> byId = new LinkedHashMap<>();
    private final Map<String, GroupFrame> groups = new LinkedHashMap<>();
    private final Deque<GroupFrame> open = new ArrayDeque<>();
    private boolean aux;
    private boolean shortcut;
    private Map<String, LayerSpec> overrides = Map.of();
    private final Set<String> overridden = new HashSet<>();

    private record GroupFrame(String id, Group.Kind kind, String label, String parent, List<String> layers) {
    }

    public NetworkBuilder(String id, String title, String paper, Shape input, int classes) {
        if (classes <= 0) {
            throw new ShapeException("the number of classes must be positive, got " + classes);
        }
        this.id = id;
        this.title = title;
        this.paper = paper;
        this.input = input;
        this.classes = classes;
        add(INPUT, new LayerSpec.Input(input));
    }

    public Shape input() {
        return input;
    }

    public int classes() {
        return classes;
    }

    /**
     * Replaces the spec of the layers named in {@code specs} by one of the same kind when the definition adds them:
     * imported weights trained with other constants (Caffe's LRN) run with theirs, and every count and drawing shows
     * them. {@link #build} refuses ids that no layer had.
     */
    public NetworkBuilder override(Map<String, LayerSpec> specs) {
        this.overrides = Map.copyOf(specs);
        return this;
    }

    /**
     * Declares that grouped layers ran as {@code n} towers on separate devices (AlexNet's two GPUs). Comes before the
     * first layer, whose role ({@link Layer.Role#TOWER}) depends on it.
     */
    public NetworkBuilder towers(int n) {
        if (layers.size() > 1) {
            throw new IllegalStateException(id + ": towers(" + n + ") after the first layer");
        }
        this.towers = n;
        return this;
    }

    public Shape shape(String layerId) {
        return layer(layerId).output();
    }

    private Layer layer(String layerId) {
        Layer l = byId.get(layerId);
        if (l == null) {
            throw new IllegalArgumentException(id + ": no layer '" + layerId + "' declared yet");
        }
        return l;
    }

    /**
     * Adds a layer reading {@code inputs}; returns its id so calls chain like {@code x = b.add("relu1", relu(), x)}.
     */
    public String add(String layerId, LayerSpec spec, String... inputs) {
        if (byId.containsKey(layerId) || groups.containsKey(layerId)) {
            throw new IllegalArgumentException(id + ": duplicate id '" + layerId + "'");
        }
        LayerSpec replaced = overrides.get(layerId);
        if (replaced != null) {
            if (replaced.getClass() != spec.getClass()) {
                throw new IllegalArgumentException(id + ": layer '" + layerId + "' is " + spec.type() + ", not "
                        + replaced.type());
            }
            spec = replaced;
            overridden.add(layerId);
        }
        List<Layer> sources = Arrays.stream(inputs).map(this::layer).toList();
        List<Shape> inShapes = sources.stream().map(Layer::output).toList();
        Shape out;
        try {
            out = spec.output(inShapes);
        } catch (ShapeException e) {
            throw new ShapeException(id + " on input " + input + ": layer " + layerId + ": " + e.getMessage());
        }
        int rfIn = sources.stream().mapToInt(Layer::receptiveField).max().orElse(1);
        int jumpIn = sources.stream().mapToInt(Layer::jump).max().orElse(1);
        int window = spec.window();
        int stride = spec.stride();
        if (spec instanceof LayerSpec.GlobalAvgPool || spec instanceof LayerSpec.Flatten
                || spec instanceof LayerSpec.AdaptiveAvgPool) {
            Shape in = inShapes.get(0);
            int cells = spec instanceof LayerSpec.AdaptiveAvgPool a ? a.size() : 1;
            window = (Math.max(in.height(), in.width()) + cells - 1) / cells;
            stride = Math.max(1, Math.max(in.height(), in.width()) / cells);
        }
        int rf = saturate((long) rfIn + (long) (window - 1) * jumpIn);
        int jump = saturate((long) jumpIn * stride);
        GroupFrame top = open.peek();
        Layer layer = new Layer(layerId, spec, Arrays.asList(inputs), inShapes, out, spec.params(inShapes),
                spec.macs(inShapes, out), top == null ? null : top.id(), role(spec, out), aux, rf, jump);
        layers.add(layer);
        byId.put(layerId, layer);
        open.forEach(g -> g.layers().add(layerId));
        return layerId;
    }

    /** The one rule for {@link Layer.Role}, in the order of its constants. */
    private Layer.Role role(LayerSpec spec, Shape out) {
        if (shortcut) {
            return Layer.Role.SHORTCUT;
        }
        if (spec instanceof LayerSpec.Add || spec instanceof LayerSpec.Concat) {
            return Layer.Role.MERGE;
        }
        if (open.stream().anyMatch(g -> g.kind() == Group.Kind.BRANCH)) {
            return Layer.Role.BRANCH;
        }
        if (towers > 1 && !out.flat() && !(spec instanceof LayerSpec.Input)) {
            return Layer.Role.TOWER;
        }
        return Layer.Role.MAIN;
    }

    private static int saturate(long v) {
        return (int) Math.min(Integer.MAX_VALUE, v);
    }

    /** Declares a foldable block around the layers {@code body} adds; returns what the body returns (its output id). */
    public String group(String groupId, Group.Kind kind, String label, Supplier<String> body) {
        if (groups.containsKey(groupId) || byId.containsKey(groupId)) {
            throw new IllegalArgumentException(id + ": duplicate id '" + groupId + "'");
        }
        GroupFrame parent = open.peek();
        GroupFrame frame = new GroupFrame(groupId, kind, label, parent == null ? null : parent.id(), new ArrayList<>());
        groups.put(groupId, frame);
        open.push(frame);
        try {
            return body.get();
        } finally {
            open.pop();
        }
    }

    /** Layers added by {@code body} belong to a training-only auxiliary head. */
    public String auxiliary(Supplier<String> body) {
        boolean was = aux;
        aux = true;
        try {
            return body.get();
        } finally {
            aux = was;
        }
    }

    /**
     * Layers added by {@code body} form a residual block's shortcut (a projection, a zero-padding); returns what the
     * body returns (the shortcut's output id).
     */
    public String shortcut(Supplier<String> body) {
        boolean was = shortcut;
        shortcut = true;
        try {
            return body.get();
        } finally {
            shortcut = was;
        }
    }

    public Network build() {
        for (String o : overrides.keySet()) {
            if (!overridden.contains(o)) {
                throw new IllegalArgumentException(id + ": no layer '" + o + "' to take other constants");
            }
        }
        List<Group> built = groups.values().stream()
                .map(f -> new Group(f.id(), f.kind(), f.label(), f.parent(), f.layers())).toList();
        return new Network(id, title, paper, input, classes, towers, layers, built);
    }
}
