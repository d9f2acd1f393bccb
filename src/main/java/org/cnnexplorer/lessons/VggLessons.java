package org.cnnexplorer.lessons;

import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.NetworkBuilder;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.arch.zoo.Vgg;
import org.cnnexplorer.i18n.FormulaWords;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.cnnexplorer.arch.Layers.convNoBias;
import static org.cnnexplorer.arch.Layers.relu;
import static org.cnnexplorer.arch.NetworkBuilder.INPUT;
import static org.cnnexplorer.lessons.Text.n;

/** VGG's ideas (Simonyan &amp; Zisserman 2015): stacks of 3×3 convolutions, and the configurations A–E. */
final class VggLessons {
    /** The paper's Table 1 columns and the catalog ids that build them. */
    static final List<String[]> COLUMNS = List.of(new String[] {"A", "vgg11"}, new String[] {"A-LRN", "vgg11-lrn"},
            new String[] {"B", "vgg13"}, new String[] {"C", "vgg16-c"}, new String[] {"D", "vgg16"},
            new String[] {"E", "vgg19"});

    private VggLessons() {
    }

    /** {@code layers} stacked 3×3 convolutions (C → C, no bias) against one k×k, built by the catalog's builder. */
    static Network stack(int channels, int layers, int kernel) {
        NetworkBuilder b = new NetworkBuilder("stack", "stack", "", Shape.chw(channels, 28, 28), 1);
        String x = INPUT;
        for (int i = 1; i <= layers; i++) {
            x = b.add("relu" + i, relu(), b.add("conv" + i, convNoBias(channels, kernel, 1, kernel / 2), x));
        }
        return b.build();
    }

    static long weights(Network n) {
        return n.layers().stream().mapToLong(Layer::params).sum();
    }

    static Page stacking(LessonContext ctx) {
        Text t = new Text("vgg-stacking");
        Network vgg16 = Catalog.get("vgg16").build();
        int c0 = 256;
        Network three = stack(c0, 3, 3);
        Network seven = stack(c0, 1, 7);
        Map<String, Long> nums = new LinkedHashMap<>();
        nums.put("rf1", (long) vgg16.layer("block1.conv1").receptiveField());
        nums.put("rf2", (long) vgg16.layer("block1.conv2").receptiveField());
        nums.put("rf3", (long) three.layer("conv3").receptiveField());
        nums.put("rf7", (long) seven.layer("conv1").receptiveField());
        nums.put("C", (long) c0);
        nums.put("three", weights(three));
        nums.put("seven", weights(seven));
        List<String> formulas = List.of(
                "3 · (3² · C²) = 27C²   vs   7² · C² = 49C²",
                "C = " + c0 + ": 27 · " + c0 + "² = " + n(weights(three)) + "   vs   49 · " + c0 + "² = "
                        + n(weights(seven)),
                t.get("f.rf", vgg16.layer("block1.conv1").receptiveField(),
                        vgg16.layer("block1.conv2").receptiveField(), three.layer("conv3").receptiveField()));
        List<String> text = List.of(t.get("p1"),
                t.get("p2", Text.f(100.0 * (weights(seven) - weights(three)) / weights(seven), 0)), t.get("p3"),
                t.get("p4"));
        List<Knob> knobs = List.of(Knob.linear("layers", t.get("knob.layers"), 1, 3, 3, 1),
                Knob.linear("C", "C", 1, 1024, c0, 1));
        Panel panel = (g, w, h, s) -> {
            Draw.fit(g, w, h);
            int layers = s.integer("layers");
            int c = s.integer("C");
            Network st = stack(c, layers, 3);
            int rf = st.layer("conv" + layers).receptiveField();
            // input grid (7×7 around the centre) and the stacked layers above it, each seeing 3×3 of the one below
            double cell = 40;
            double gx = 90;
            Draw.text(g, t.get("panel.rf", layers, rf), 0, 22, 18, Font.BOLD, Draw.ink());
            String[] names = {t.get("panel.input"), "conv1", "conv2", "conv3"};
            for (int level = 0; level <= 3; level++) {
                double y = 60 + (3 - level) * 90;
                int field = level > layers ? 0 : layers == 0 ? 1 : 2 * (layers - level) + 1;
                Draw.text(g, names[level], 0, y + 26, 15, Font.PLAIN, level > layers ? Draw.grid() : Draw.ink());
                for (int i = 0; i < 7; i++) {
                    boolean in = field > 0 && Math.abs(i - 3) <= field / 2;
                    Color fill = level > layers ? new Color(0xf6, 0xf6, 0xf6)
                            : in ? (level == layers ? Draw.warm() : Draw.alpha(Draw.accent(), 60 + 40 * level))
                            : new Color(0xee, 0xee, 0xee);
                    Draw.fill(g, gx + i * cell, y, cell - 4, cell - 4, fill);
                }
                if (level > 0 && level <= layers) {
                    int below = 2 * (layers - level + 1) + 1;
                    double yb = y + 90;
                    Draw.line(g, gx + (3 - (field / 2)) * cell, y + cell - 4, gx + (3 - below / 2) * cell, yb,
                            Draw.muted(), 1);
                    Draw.line(g, gx + (3 + field / 2) * cell + cell - 4, y + cell - 4,
                            gx + (3 + below / 2) * cell + cell - 4, yb, Draw.muted(), 1);
                }
            }
            // the calculator: weights of the stack against one 7×7, at C channels
            long w3 = weights(stack(c, 3, 3));
            long w7 = weights(stack(c, 1, 7));
            double by = 470;
            Draw.text(g, t.get("panel.calc", c), 0, by, 18, Font.BOLD, Draw.ink());
            double max = 700;
            Draw.fill(g, 0, by + 20, max * w3 / w7, 40, Draw.accent());
            Draw.text(g, "3 × conv3: 27 · " + c + "² = " + n(w3), 10, by + 47, 16, Font.BOLD, Color.WHITE);
            Draw.fill(g, 0, by + 74, max, 40, Draw.warm());
            Draw.text(g, "1 × conv7: 49 · " + c + "² = " + n(w7), 10, by + 101, 16, Font.BOLD, Color.WHITE);
            Draw.text(g, t.get("panel.saving", Text.f(100.0 * (w7 - w3) / w7, 1)), 0, by + 146, 16, Font.PLAIN,
                    Draw.ink());
            Draw.text(g, t.get("panel.relus"), 0, by + 174, 16, Font.PLAIN, Draw.ink());
        };
        return new Page("vgg-stacking", t.title(), text, formulas, List.of(), knobs,
                List.of(new Page.Link("vgg16 · block1.conv2", "vgg16", "block1.conv2"),
                        new Page.Link("vgg16 · block3", "vgg16", "block3")), nums, panel);
    }

    static Page configs(LessonContext ctx) {
        Text t = new Text("vgg-configs");
        List<List<String>> table = new ArrayList<>();
        table.add(List.of(t.get("col.config"), "id", t.get("col.depth"), t.get("col.params"), "MACs"));
        Map<String, Long> nums = new LinkedHashMap<>();
        List<Network> nets = new ArrayList<>();
        List<Page.Link> links = new ArrayList<>();
        for (String[] col : COLUMNS) {
            Network net = Catalog.get(col[1]).build();
            nets.add(net);
            table.add(List.of(col[0], col[1], String.valueOf(net.depth()), n(net.params()), Text.g(net.macs())));
            nums.put(col[1] + ".depth", (long) net.depth());
            nums.put(col[1] + ".params", net.params());
            nums.put(col[1] + ".macs", net.macs());
            links.add(new Page.Link(col[0] + " · " + col[1], col[1], "block1"));
        }
        Network d = Catalog.get("vgg16").build();
        long fc = fcParams(d);
        nums.put("vgg16.fc", fc);
        nums.put("vgg16.fc6", d.layer("fc6").params());
        List<String> formulas = List.of(
                "fc6 + fc7 + fc8 = " + n(d.layer("fc6").params()) + " + " + n(d.layer("fc7").params()) + " + "
                        + n(d.layer("fc8").params()) + " = " + n(fc),
                t.get("f.share", Text.m(fc), Text.m(d.params()), Text.f(100.0 * fc / d.params(), 1)),
                "fc6 = " + FormulaWords.localise(d.layer("fc6").paramsFormula()));
        List<String> text = List.of(t.get("p1", nets.get(0).depth(), nets.get(nets.size() - 1).depth()),
                t.get("p2", Vgg.CONFIGS.get("D")), t.get("p3"));
        Panel panel = (g, w, h, s) -> {
            Draw.fit(g, w, h);
            Draw.text(g, t.get("panel.params"), 0, 22, 18, Font.BOLD, Draw.ink());
            long maxP = nets.stream().mapToLong(Network::params).max().orElse(1);
            long maxM = nets.stream().mapToLong(Network::macs).max().orElse(1);
            double bw = 640;
            for (int i = 0; i < nets.size(); i++) {
                Network net = nets.get(i);
                long f = fcParams(net);
                double y = 44 + i * 52;
                Draw.text(g, COLUMNS.get(i)[0], 0, y + 26, 16, Font.BOLD, Draw.ink());
                double conv = bw * (net.params() - f) / maxP;
                Draw.fill(g, 70, y, conv, 36, Draw.accent());
                Draw.fill(g, 70 + conv, y, bw * f / maxP, 36, Draw.warm());
                Draw.text(g, Text.m(net.params()), 70 + bw * net.params() / maxP + 8, y + 24, 14, Font.PLAIN,
                        Draw.ink());
            }
            Draw.fill(g, 70, 370, 16, 16, Draw.accent());
            Draw.text(g, t.get("panel.conv"), 92, 384, 14, Font.PLAIN, Draw.ink());
            Draw.fill(g, 300, 370, 16, 16, Draw.warm());
            Draw.text(g, t.get("panel.fc"), 322, 384, 14, Font.PLAIN, Draw.ink());
            Draw.text(g, t.get("panel.macs"), 0, 440, 18, Font.BOLD, Draw.ink());
            for (int i = 0; i < nets.size(); i++) {
                Network net = nets.get(i);
                double y = 462 + i * 52;
                Draw.text(g, COLUMNS.get(i)[0], 0, y + 26, 16, Font.BOLD, Draw.ink());
                double len = bw * net.macs() / maxM;
                Draw.fill(g, 70, y, len, 36, Draw.green());
                Draw.text(g, Text.g(net.macs()) + " MACs · " + t.get("panel.depth", net.depth()), 70 + len + 8, y + 24,
                        14, Font.PLAIN, Draw.ink());
            }
            Draw.text(g, t.get("panel.note"), 0, 800, 14, Font.PLAIN, Draw.muted());
        };
        return new Page("vgg-configs", t.title(), text, formulas, table, List.of(), links, nums, panel);
    }

    static long fcParams(Network n) {
        return n.layers().stream().filter(l -> "fc".equals(l.type())).mapToLong(Layer::params).sum();
    }
}
