package org.cnnexplorer.lessons;

import org.cnnexplorer.arch.Group;
import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.Shape;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.List;

/**
 * A catalog block drawn the way the papers draw it (ResNet's Figures 2 and 5, GoogLeNet's Figure 2): one box per
 * convolution or pooling with the batch norm and ReLU that follow it written under it, the branches side by side,
 * the shortcut beside the residual path, and the merge (⊕ or concatenation) at the bottom. Everything comes from the
 * block's layers, so the drawing changes with the catalog.
 */
final class BlockSchematic {
    /** One box: what it computes and the layers after it that it stands for ("BN · ReLU"). */
    private record Step(String label, String after, Color colour) {
    }

    /** One path from the block's input to the merge, with its heading ("F(x)", "1×1→3×3"). */
    private record Path(String title, List<Step> steps) {
    }

    private final String input;
    private final List<Path> paths;
    private final boolean residual;
    private final String merge;
    private final String output;

    private BlockSchematic(String input, List<Path> paths, boolean residual, String merge, String output) {
        this.input = input;
        this.paths = List.copyOf(paths);
        this.residual = residual;
        this.merge = merge;
        this.output = output;
    }

    /** The block {@code groupId} of {@code net}: a residual block, an Inception module or a plain chain. */
    static BlockSchematic of(Network net, String groupId) {
        Network block = net.block(groupId);
        String input = Text.common("block.input", shape(block.input()));
        List<Layer> merges = block.layers().stream()
                .filter(l -> l.spec() instanceof LayerSpec.Add || l.spec() instanceof LayerSpec.Concat).toList();
        if (merges.isEmpty()) {
            return new BlockSchematic(input, List.of(new Path("", steps(block.layers(), Draw.accent()))), false, "",
                    Text.common("block.output", shape(block.output().output())));
        }
        Layer join = merges.get(merges.size() - 1);
        List<Layer> after = block.layers().subList(block.layers().indexOf(join) + 1, block.layers().size());
        String tail = after.stream().map(BlockSchematic::word).reduce((a, b) -> a + " · " + b).orElse("");
        String out = shape(block.output().output());
        if (join.spec() instanceof LayerSpec.Concat) {
            List<Path> branches = new ArrayList<>();
            for (Group g : block.groups()) {
                if (g.kind() == Group.Kind.BRANCH && groupId.equals(g.parent())) {
                    branches.add(new Path(g.label(), steps(g.layers().stream().map(block::layer).toList(),
                            Draw.accent())));
                }
            }
            return new BlockSchematic(input, branches, false, Text.common("block.concat", out), "");
        }
        List<Layer> before = block.layers().subList(1, block.layers().indexOf(join));
        Path main = new Path("F(x)", steps(before.stream().filter(l -> l.role() != Layer.Role.SHORTCUT).toList(),
                Draw.accent()));
        List<Layer> shortcut = before.stream().filter(l -> l.role() == Layer.Role.SHORTCUT).toList();
        Path skip = new Path(shortcut.isEmpty() ? Text.common("block.identity") : Text.common("block.shortcut"),
                steps(shortcut, Draw.warm()));
        return new BlockSchematic(input, List.of(main, skip), true, tail,
                (shortcut.isEmpty() ? "F(x) + x" : "F(x) + Ws·x") + ": " + out);
    }

    /** Each path's heading and boxes, as "heading: box (after) | box": what the drawing shows, for tests. */
    List<String> paths() {
        return paths.stream().map(p -> p.title() + ": " + String.join(" | ", p.steps().stream()
                .map(st -> st.after().isEmpty() ? st.label() : st.label() + " (" + st.after() + ")").toList()))
                .toList();
    }

    String merge() {
        return merge;
    }

    private static List<Step> steps(List<Layer> layers, Color colour) {
        List<Step> steps = new ArrayList<>();
        for (Layer l : layers) {
            String label = label(l.spec());
            if (label != null) {
                steps.add(new Step(label, "", l.spec() instanceof LayerSpec.Pool ? Draw.green() : colour));
            } else if (!steps.isEmpty() && !(l.spec() instanceof LayerSpec.Input)) {
                Step last = steps.remove(steps.size() - 1);
                steps.add(new Step(last.label(), last.after().isEmpty() ? word(l) : last.after() + " · " + word(l),
                        last.colour()));
            }
        }
        return steps;
    }

    /** The box a layer gets, or {@code null} for a layer written under the box before it. */
    private static String label(LayerSpec spec) {
        String stride = spec.stride() > 1 ? Text.common("block.stride", spec.stride()) : "";
        if (spec instanceof LayerSpec.Conv c) {
            return Text.common("block.conv", c.kernel(), String.valueOf(c.out())) + stride;
        }
        if (spec instanceof LayerSpec.Pool p) {
            return Text.common(p.kind() == LayerSpec.PoolKind.MAX ? "block.maxpool" : "block.avgpool", p.kernel())
                    + stride;
        }
        if (spec instanceof LayerSpec.ZeroPad) {
            return Text.common("block.pad") + stride;
        }
        if (spec instanceof LayerSpec.Linear f) {
            return Text.common("block.fc", String.valueOf(f.out()));
        }
        return null;
    }

    private static String word(Layer l) {
        return switch (l.type()) {
            case "bn" -> "BN";
            case "relu" -> "ReLU";
            case "lrn" -> "LRN";
            default -> l.type();
        };
    }

    private static String shape(Shape s) {
        return s.channels() + "×" + s.height() + "×" + s.width();
    }

    /** Draws the block into the rectangle (x, y, w, h) of the panel's design coordinates, top to bottom. */
    void paint(Graphics2D g, double x, double y, double w, double h) {
        int rows = paths.stream().mapToInt(p -> p.steps().size()).max().orElse(0);
        // input, a heading row, the rows, the merge and the output line
        double pitch = h / (rows + 3.2);
        double bh = Math.min(64, pitch * 0.75);
        double size = Math.min(17, bh * 0.36);
        double[] cx = new double[paths.size()];
        double bw;
        if (residual) {
            cx[0] = x + w * 0.36;
            cx[1] = x + w * 0.84;
            bw = w * 0.6;
        } else {
            for (int i = 0; i < cx.length; i++) {
                cx[i] = x + w * (i + 0.5) / cx.length;
            }
            bw = w / cx.length * 0.9;
        }
        double inY = y;
        double mergeY = y + pitch * (rows + 1.6);
        double r = bh * 0.28; // the ⊕'s radius
        double centre = residual ? cx[0] : x + w / 2;
        // the input and the concatenation span every branch, as in the papers' figures
        double ends = residual || paths.size() == 1 ? Math.min(w * 0.6, 360) : w - (w / cx.length - bw);
        box(g, centre - ends / 2, inY, ends, bh * 0.8, input, "", Draw.muted(), size);
        double inBottom = inY + bh * 0.8;
        for (int p = 0; p < paths.size(); p++) {
            Path path = paths.get(p);
            double from = inBottom;
            double sideW = residual && p == 1 ? w * 0.3 : bw;
            for (int i = 0; i < path.steps().size(); i++) {
                double by = y + pitch * (i + 1.6);
                Step s = path.steps().get(i);
                arrow(g, cx[p], from, cx[p], by, Draw.muted());
                box(g, cx[p] - sideW / 2, by, sideW, bh, s.label(), s.after(), s.colour(), size);
                from = by + bh;
            }
            if (residual && p == 1) {
                // the shortcut leaves the input on the right and rejoins at the ⊕
                Draw.line(g, centre + ends / 2, inY + bh * 0.4, cx[p], inY + bh * 0.4, Draw.warm(), 2.5f);
                if (path.steps().isEmpty()) {
                    Draw.line(g, cx[p], inY + bh * 0.4, cx[p], mergeY, Draw.warm(), 2.5f);
                } else {
                    arrow(g, cx[p], inY + bh * 0.4, cx[p], y + pitch * 1.6, Draw.warm());
                    Draw.line(g, cx[p], from, cx[p], mergeY, Draw.warm(), 2.5f);
                }
                arrow(g, cx[p], mergeY, centre + r, mergeY, Draw.warm());
            } else {
                arrow(g, cx[p], from, residual ? centre : cx[p], mergeY - (residual ? r : 0), Draw.muted());
            }
            if (!path.title().isEmpty()) {
                double ts = fittedSize(g, path.title(), sideW, size * 0.85, Font.BOLD);
                double twidth = g.getFontMetrics(Draw.font(Font.BOLD, ts)).getStringBounds(path.title(), g).getWidth();
                // on a patch of paper, so the arrow it sits on does not run through the words
                double ty = y + pitch * 1.45;
                Draw.fill(g, cx[p] - twidth / 2 - 3, ty - ts, twidth + 6, ts * 1.3, Draw.paper());
                Draw.centred(g, path.title(), cx[p], ty, ts, Font.BOLD, Draw.muted());
            }
        }
        if (residual) {
            g.setColor(Draw.paper());
            g.fill(new Ellipse2D.Double(centre - r, mergeY - r, 2 * r, 2 * r));
            g.setColor(Draw.ink());
            g.setStroke(Draw.stroke(2f));
            g.draw(new Ellipse2D.Double(centre - r, mergeY - r, 2 * r, 2 * r));
            Draw.line(g, centre - r * 0.6, mergeY, centre + r * 0.6, mergeY, Draw.ink(), 2f);
            Draw.line(g, centre, mergeY - r * 0.6, centre, mergeY + r * 0.6, Draw.ink(), 2f);
            // what follows the sum (ReLU) on the side the shortcut does not come from
            g.setFont(Draw.font(Font.PLAIN, size * 0.85));
            double mw = g.getFontMetrics().getStringBounds(merge, g).getWidth();
            Draw.text(g, merge, centre - r - 8 - mw, mergeY + size * 0.35, size * 0.85, Font.PLAIN, Draw.muted());
            arrow(g, centre, mergeY + r, centre, mergeY + pitch * 0.85, Draw.muted());
            Draw.centred(g, output, centre, mergeY + pitch * 0.85 + size * 1.2,
                    fittedSize(g, output, w, size, Font.BOLD), Font.BOLD, Draw.ink());
        } else if (!merge.isEmpty()) {
            box(g, centre - ends / 2, mergeY, ends, bh * 0.8, merge, "", Draw.muted(), size);
        } else {
            arrow(g, centre, mergeY - pitch * 0.4, centre, mergeY, Draw.muted());
            Draw.centred(g, output, centre, mergeY + size, size, Font.BOLD, Draw.ink());
        }
    }

    /**
     * A box with its label and, smaller, the layers it stands for; a label too wide for one line at nearly full size
     * breaks after its comma, else after its first word ("3×3 conv" over "128", "3×3" over "max pool").
     */
    private static void box(Graphics2D g, double x, double y, double w, double h, String label, String after,
                            Color colour, double size) {
        Draw.fill(g, x, y, w, h, Draw.alpha(colour, 40));
        Draw.box(g, x, y, w, h, colour, 1.5f);
        List<String> lines = new ArrayList<>(List.of(label));
        int comma = label.indexOf(", ");
        int cut = comma > 0 ? comma : label.indexOf(' ');
        if (cut > 0 && fittedSize(g, label, w - 8, size, Font.BOLD) < size * 0.85) {
            lines = new ArrayList<>(List.of(label.substring(0, cut), label.substring(cut + (comma > 0 ? 2 : 1))));
        }
        double ls = lines.stream().mapToDouble(l -> fittedSize(g, l, w - 8, size, Font.BOLD)).min().orElse(size);
        double as = after.isEmpty() ? 0 : fittedSize(g, after, w - 8, size * 0.8, Font.PLAIN);
        double lead = 1.2;
        double block = lines.size() * ls * lead + as * lead;
        double base = y + (h - block) / 2 + ls;
        for (String l : lines) {
            Draw.centred(g, l, x + w / 2, base, ls, Font.BOLD, Draw.ink());
            base += ls * lead;
        }
        if (!after.isEmpty()) {
            Draw.centred(g, after, x + w / 2, base - ls * lead + as * lead, as, Font.PLAIN, Draw.muted());
        }
    }

    /** The largest size up to {@code size} at which {@code s} is no wider than {@code width}. */
    private static double fittedSize(Graphics2D g, String s, double width, double size, int style) {
        g.setFont(Draw.font(style, size));
        double sw = g.getFontMetrics().getStringBounds(s, g).getWidth();
        return sw <= width ? size : size * width / sw;
    }

    private static void arrow(Graphics2D g, double x0, double y0, double x1, double y1, Color c) {
        Draw.line(g, x0, y0, x1, y1, c, 2f);
        double a = Math.atan2(y1 - y0, x1 - x0);
        double len = 9;
        Path2D head = new Path2D.Double();
        head.moveTo(x1, y1);
        head.lineTo(x1 - len * Math.cos(a - 0.4), y1 - len * Math.sin(a - 0.4));
        head.lineTo(x1 - len * Math.cos(a + 0.4), y1 - len * Math.sin(a + 0.4));
        head.closePath();
        g.setColor(c);
        g.fill(head);
    }
}
