package org.cnnexplorer.ui.classify;

import org.cnnexplorer.arch.Group;
import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.i18n.Messages;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How the feature maps of a network are laid out: one section per top-level layer, one per Inception module
 * (a row per branch, then the concatenation) and one per residual block (x, the residual path F(x), the shortcut,
 * F(x) + x). Plain data, so it is tested without a toolkit.
 */
public final class Sections {

    public enum Kind { LAYER, INCEPTION, RESIDUAL, BLOCK }

    /** One picture: a layer's output with what to call it in this section. */
    public record Item(String layerId, String caption) {
    }

    public record Row(String label, List<Item> items) {
        public Row {
            items = List.copyOf(items);
        }
    }

    public record Section(Kind kind, String id, String title, List<Row> rows) {
        public Section {
            rows = List.copyOf(rows);
        }

        public List<String> layerIds() {
            return rows.stream().flatMap(r -> r.items().stream()).map(Item::layerId).distinct().toList();
        }
    }

    private Sections() {
    }

    public static List<Section> of(Network n) {
        List<Section> out = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (Layer l : n.layers()) {
            Group g = block(n, l);
            if (g == null) {
                out.add(new Section(Kind.LAYER, l.id(), l.id(),
                        List.of(new Row("", List.of(new Item(l.id(), caption(l)))))));
            } else if (done.add(g.id())) {
                out.add(switch (g.kind()) {
                    case INCEPTION -> inception(n, g);
                    case BASIC_BLOCK, BOTTLENECK -> residual(n, g);
                    default -> plain(n, g);
                });
            }
        }
        return out;
    }

    /** The outermost Inception module or residual/plain block around {@code l}, if any. */
    private static Group block(Network n, Layer l) {
        Group found = null;
        for (String id = l.group(); id != null; id = n.group(id).parent()) {
            Group g = n.group(id);
            if (switch (g.kind()) {
                case INCEPTION, BASIC_BLOCK, BOTTLENECK, PLAIN_BLOCK -> true;
                default -> false;
            }) {
                found = g;
            }
        }
        return found;
    }

    private static Section inception(Network n, Group g) {
        List<Row> rows = new ArrayList<>();
        for (Group b : n.groups()) {
            if (g.id().equals(b.parent()) && b.kind() == Group.Kind.BRANCH) {
                rows.add(new Row(b.label(), b.layers().stream().map(id -> item(n, g, id)).toList()));
            }
        }
        List<Item> rest = g.layers().stream().filter(id -> n.layer(id).role() != Layer.Role.BRANCH)
                .map(id -> item(n, g, id)).toList();
        if (!rest.isEmpty()) {
            rows.add(new Row(Messages.get("classify.concat"), rest));
        }
        return new Section(Kind.INCEPTION, g.id(), g.label(), rows);
    }

    private static Section residual(Network n, Group g) {
        List<Layer> layers = g.layers().stream().map(n::layer).toList();
        Layer add = layers.stream().filter(l -> l.role() == Layer.Role.MERGE).findFirst().orElse(null);
        if (add == null) {
            return plain(n, g);
        }
        String x = layers.get(0).inputs().get(0);
        List<Item> residual = new ArrayList<>();
        List<Item> shortcut = new ArrayList<>();
        List<Item> sum = new ArrayList<>();
        boolean afterAdd = false;
        for (Layer l : layers) {
            if (l == add) {
                afterAdd = true;
                sum.add(new Item(l.id(), Messages.get("classify.residual.sum")));
            } else if (afterAdd) {
                sum.add(new Item(l.id(), l.type().equals("relu") ? Messages.get("classify.residual.out")
                        : short_(g, l.id())));
            } else if (l.role() == Layer.Role.SHORTCUT) {
                shortcut.add(new Item(l.id(), short_(g, l.id())));
            } else {
                residual.add(new Item(l.id(), short_(g, l.id())));
            }
        }
        if (!residual.isEmpty()) {
            Item last = residual.remove(residual.size() - 1);
            residual.add(new Item(last.layerId(), Messages.get("classify.residual.fx", short_(g, last.layerId()))));
        }
        if (!shortcut.isEmpty()) {
            Item last = shortcut.remove(shortcut.size() - 1);
            boolean padded = n.layer(last.layerId()).spec() instanceof LayerSpec.ZeroPad;
            shortcut.add(new Item(last.layerId(), Messages.get(padded ? "classify.residual.padded"
                    : "classify.residual.projected", short_(g, last.layerId()))));
        }
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("x", List.of(new Item(x, Messages.get("classify.residual.x", x)))));
        rows.add(new Row("F(x)", residual));
        if (!shortcut.isEmpty()) {
            rows.add(new Row(Messages.get("classify.residual.shortcut"), shortcut));
        }
        rows.add(new Row("F(x) + x", sum));
        return new Section(Kind.RESIDUAL, g.id(), g.label(), rows);
    }

    private static Section plain(Network n, Group g) {
        return new Section(Kind.BLOCK, g.id(), g.label(),
                List.of(new Row("", g.layers().stream().map(id -> item(n, g, id)).toList())));
    }

    private static Item item(Network n, Group g, String id) {
        return new Item(id, short_(g, id) + " · " + n.layer(id).type());
    }

    private static String caption(Layer l) {
        return l.id() + " · " + l.type() + (l.aux() ? " · " + Messages.get("classify.trainingOnly") : "");
    }

    private static String short_(Group g, String id) {
        return id.startsWith(g.id() + ".") ? id.substring(g.id().length() + 1) : id;
    }
}
