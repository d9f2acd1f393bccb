package org.cnnexplorer.lessons;

import org.cnnexplorer.arch.Group;
import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.NetworkBuilder;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.arch.zoo.ResNet;
import org.cnnexplorer.engine.LayerActivation;
import org.cnnexplorer.experiments.Curve;
import org.cnnexplorer.experiments.CurveFiles;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.cnnexplorer.arch.NetworkBuilder.INPUT;
import static org.cnnexplorer.lessons.Text.n;

/** ResNet's ideas (He et al. 2016): degradation, the residual block, its shortcuts and the bottleneck. */
final class ResNetLessons {
    static final String MINI = "mini-resnet";
    /** The stage, and its one block, that {@link #block} builds. */
    private static final String BLOCK_STAGE = "layer";
    private static final String BLOCK = BLOCK_STAGE + ".0";

    private ResNetLessons() {
    }

    /** The residual blocks of {@code net} in order: the ids of their {@code add} layers. */
    static List<String> adds(Network net) {
        return net.layers().stream().filter(l -> "add".equals(l.type())).map(Layer::id).toList();
    }

    static double norm(float[] v) {
        double s = 0;
        for (float f : v) {
            s += (double) f * f;
        }
        return Math.sqrt(s);
    }

    static Page degradation(LessonContext ctx) {
        Text t = new Text("resnet-degradation");
        List<Curve> curves = CurveFiles.shipped();
        Map<String, Long> nums = new LinkedHashMap<>();
        List<List<String>> table = new ArrayList<>();
        table.add(List.of(t.get("col.net"), t.get("col.depth"), t.get("col.params"), t.get("col.train"),
                t.get("col.test")));
        for (int depth : new int[] {20, 56}) {
            for (String kind : new String[] {"plain", "resnet"}) {
                Network net = Catalog.get(kind + depth).build();
                nums.put(kind + depth + ".params", net.params());
                Curve c = curves.stream().filter(k -> k.member().modelId().equals(net.id())).findFirst()
                        .orElse(null);
                table.add(List.of(net.id(), String.valueOf(net.depth()), n(net.params()),
                        c == null ? "—" : Text.f(100 * c.finalTrainError(), 1) + " %",
                        c == null ? "—" : Text.f(100 * c.finalTestError(), 1) + " %"));
            }
        }
        nums.put("shipped", (long) curves.size());
        List<String> text = List.of(t.get("p1"), t.get("p2"),
                curves.isEmpty() ? t.get("p3.none") : t.get("p3.shipped", curves.size()), t.get("p4"));
        List<String> formulas = List.of(t.get("f.construction"), t.get("f.paper"), t.get("f.slide1202"),
                t.get("f.slideCaption"));
        Panel panel = (g, w, h, s) -> {
            Draw.fit(g, w, h);
            Draw.text(g, t.get("panel.title"), 0, 22, 18, Font.BOLD, Draw.ink());
            // the construction argument: a shallow net, then the same net with layers that copy their input
            double y = 70;
            for (int row = 0; row < 2; row++) {
                int blocks = row == 0 ? 3 : 8;
                for (int i = 0; i < blocks; i++) {
                    boolean copy = row == 1 && i >= 3;
                    Color c = copy ? Draw.green() : Draw.accent();
                    Draw.fill(g, i * 105, y + row * 140, 90, 60, copy ? Draw.alpha(c, 90) : c);
                    Draw.centred(g, copy ? "x → x" : "F" + (i + 1), i * 105 + 45, y + row * 140 + 37, 16, Font.BOLD,
                            Color.WHITE);
                    if (i > 0) {
                        Draw.line(g, i * 105 - 15, y + row * 140 + 30, i * 105, y + row * 140 + 30, Draw.ink(), 2);
                    }
                }
                Draw.text(g, row == 0 ? t.get("panel.shallow") : t.get("panel.deep"), 0, y + row * 140 + 90, 15,
                        Font.PLAIN, Draw.ink());
            }
            Draw.paragraph(g, t.get("panel.argument"), 0, 380, 860, 16, Font.PLAIN, Draw.ink());
            double by = 520;
            Draw.text(g, t.get("panel.curves"), 0, by, 18, Font.BOLD, Draw.ink());
            if (curves.isEmpty()) {
                Draw.paragraph(g, t.get("panel.noCurves"), 0, by + 34, 860, 16, Font.PLAIN, Draw.muted());
            } else {
                double max = curves.stream().mapToDouble(Curve::finalTrainError).filter(d -> !Double.isNaN(d))
                        .max().orElse(1);
                for (int i = 0; i < curves.size() && i < 8; i++) {
                    Curve c = curves.get(i);
                    double yy = by + 20 + i * 36;
                    double len = Double.isNaN(c.finalTrainError()) ? 0 : 600 * c.finalTrainError() / max;
                    Draw.fill(g, 120, yy, len, 26, c.member().residual() ? Draw.green() : Draw.warm());
                    Draw.text(g, c.member().modelId(), 0, yy + 19, 15, Font.BOLD, Draw.ink());
                    Draw.text(g, Text.f(100 * c.finalTrainError(), 1) + " %", 128 + len, yy + 19, 14, Font.PLAIN,
                            Draw.ink());
                }
            }
            // the lecture slide's claim about 1,000 layers, and the paper's numbers that correct it
            double sy = by + 20 + Math.min(8, Math.max(1, curves.size())) * 36 + 30;
            Draw.fill(g, -10, sy - 24, 880, 128, Draw.alpha(Draw.warm(), 28));
            Draw.text(g, t.get("panel.slide"), 0, sy, 17, Font.BOLD, Draw.warm());
            Draw.paragraph(g, t.get("panel.correction"), 0, sy + 28, 860, 15, Font.PLAIN, Draw.ink());
        };
        return new Page("resnet-degradation", t.title(), text, formulas, table, List.of(),
                List.of(Page.Link.tab(t.get("openTab"), Page.DEGRADATION_TAB),
                        new Page.Link("plain56", "plain56", "layer1"), new Page.Link("resnet56", "resnet56", "layer1")),
                nums, panel);
    }

    static Page residual(LessonContext ctx) {
        Text t = new Text("resnet-residual");
        Network net = Catalog.get(MINI).build();
        Map<String, LayerActivation> acts = ctx.activations(MINI);
        List<String> blocks = adds(net);
        List<List<String>> table = new ArrayList<>();
        table.add(List.of(t.get("col.block"), t.get("col.shortcut"), "‖F(x)‖ / ‖x‖"));
        Map<String, Long> nums = new LinkedHashMap<>();
        nums.put("blocks", (long) blocks.size());
        List<double[]> ratios = new ArrayList<>();
        Map<String, BlockSchematic> schematics = new LinkedHashMap<>();
        for (String add : blocks) {
            Layer a = net.layer(add);
            schematics.put(a.group(), BlockSchematic.of(net, a.group()));
            float[] fx = acts.get(a.inputs().get(0)).values();
            float[] x = acts.get(a.inputs().get(1)).values();
            double r = norm(fx) / Math.max(1e-12, norm(x));
            ratios.add(new double[] {r});
            boolean projection = projected(net, a);
            table.add(List.of(a.group(), projection ? t.get("projection") : t.get("identity"), Text.f(r, 2)));
        }
        List<String> text = List.of(t.get("p1"), t.get("p2"), t.get("p3", ctx.picture().name()));
        List<String> formulas = List.of("H(x) = F(x) + x", t.get("f.identity"), "∂H/∂x = ∂F/∂x + 1");
        List<Knob> knobs = List.of(Knob.linear("block", t.get("knob.block"), 0, blocks.size() - 1, 1, 1),
                Knob.linear("channel", t.get("knob.channel"), 0, 15, 0, 1));
        Panel panel = (g, w, h, s) -> {
            Draw.fit(g, w, h);
            Layer a = net.layer(blocks.get(s.integer("block")));
            LayerActivation fx = acts.get(a.inputs().get(0));
            LayerActivation x = acts.get(a.inputs().get(1));
            LayerActivation sum = acts.get(a.id());
            int c = Math.min(s.integer("channel"), sum.shape().channels() - 1);
            Draw.text(g, t.get("panel.title", a.group(), c, sum.shape().channels()), 0, 22, 18, Font.BOLD, Draw.ink());
            Draw.map(g, ctx.picture().pixels(), 28, 28, 0, 50, 120, 0, 1);
            Draw.text(g, ctx.picture().name(), 0, 190, 13, Font.PLAIN, Draw.muted());
            float[] mx = x.channel(c);
            float[] mf = fx.channel(c);
            float[] ms = sum.channel(c);
            float m = Math.max(Draw.absMax(mx), Math.max(Draw.absMax(mf), Draw.absMax(ms)));
            int hh = sum.shape().height();
            int ww = sum.shape().width();
            String[] names = {projected(net, a) ? t.get("panel.projected") : "x", "F(x)",
                    "F(x) + x"};
            float[][] maps = {mx, mf, ms};
            for (int i = 0; i < 3; i++) {
                double px = 160 + i * 245;
                Draw.signed(g, maps[i], hh, ww, px, 50, 220, m);
                Draw.box(g, px, 50, 220, 220, Draw.grid(), 1);
                Draw.centred(g, names[i], px + 110, 300, 18, Font.BOLD, Draw.ink());
                Draw.centred(g, "‖·‖ = " + Text.f(norm(maps[i]), 2), px + 110, 324, 14, Font.PLAIN, Draw.muted());
                if (i < 2) {
                    Draw.centred(g, i == 0 ? "→" : "=", px + 232, 165, 22, Font.BOLD, Draw.ink());
                }
            }
            Draw.text(g, t.get("panel.scale"), 160, 350, 13, Font.PLAIN, Draw.muted());
            // ‖F(x)‖/‖x‖ of every block on this picture, and the selected block as the paper draws it
            double by = 420;
            double bar = 290;
            Draw.text(g, t.get("panel.ratios"), 0, by, 18, Font.BOLD, Draw.ink());
            double max = ratios.stream().mapToDouble(r -> r[0]).max().orElse(1);
            for (int i = 0; i < blocks.size(); i++) {
                double yy = by + 20 + i * 44;
                double len = bar * ratios.get(i)[0] / Math.max(max, 1);
                boolean here = i == s.integer("block");
                Draw.text(g, net.layer(blocks.get(i)).group(), 0, yy + 22, 15, here ? Font.BOLD : Font.PLAIN,
                        Draw.ink());
                Draw.fill(g, 100, yy, len, 30, here ? Draw.warm() : Draw.accent());
                Draw.text(g, Text.f(ratios.get(i)[0], 2), 108 + len, yy + 21, 14, Font.PLAIN, Draw.ink());
            }
            Draw.line(g, 100 + bar / Math.max(max, 1), by + 14, 100 + bar / Math.max(max, 1),
                    by + 24 + blocks.size() * 44, Draw.muted(), 1);
            Draw.text(g, "1", 96 + bar / Math.max(max, 1), by + 40 + blocks.size() * 44, 13, Font.PLAIN, Draw.muted());
            schematics.get(a.group()).paint(g, 470, 380, 430, 470);
        };
        return new Page("resnet-residual", t.title(), text, formulas, table, knobs,
                List.of(new Page.Link("mini-resnet · layer1.1", MINI, "layer1.1"),
                        new Page.Link("resnet34 · layer1.0", "resnet34", "layer1.0")), nums, panel);
    }

    /** A 1×1 projection (conv without bias, then BN) from {@code in} to {@code out} channels on an h×w output. */
    static long[] projection(int in, int out, int h, int w) {
        return new long[] {(long) in * out + 2L * out, (long) h * w * in * out};
    }

    /** Whether the residual add {@code add} sums F(x) with a projection W_s·x (its second input) rather than x. */
    private static boolean projected(Network net, Layer add) {
        Layer shortcut = net.layer(add.inputs().get(1));
        return shortcut.role() == Layer.Role.SHORTCUT && !(shortcut.spec() instanceof LayerSpec.ZeroPad);
    }

    static Page shortcuts(LessonContext ctx) {
        Text t = new Text("resnet-shortcuts");
        Network b = Catalog.get("resnet34").build();
        Network plain = Catalog.get("plain34").build();
        Network cifar = Catalog.get("resnet20").build();
        long[] optB = {0, 0};
        long[] optC = {0, 0};
        int reshaping = 0;
        for (String add : adds(b)) {
            Layer a = b.layer(add);
            Shape out = a.output();
            Layer first = b.layer(a.group() + ".conv1");
            int in = first.inputShapes().get(0).channels();
            long[] p = projection(in, out.channels(), out.height(), out.width());
            optC[0] += p[0];
            optC[1] += p[1];
            if (projected(b, a)) {
                reshaping++;
                for (String id : b.group(a.group()).layers()) {
                    Layer l = b.layer(id);
                    if (l.role() == Layer.Role.SHORTCUT) {
                        optB[0] += l.params();
                        optB[1] += l.macs();
                    }
                }
            }
        }
        long padParams = cifar.layers().stream().filter(l -> "pad".equals(l.type())).mapToLong(Layer::params).sum();
        Map<String, Long> nums = new LinkedHashMap<>();
        nums.put("A.params", padParams);
        nums.put("B.params", optB[0]);
        nums.put("B.macs", optB[1]);
        nums.put("C.params", optC[0]);
        nums.put("C.macs", optC[1]);
        nums.put("reshaping", (long) reshaping);
        nums.put("blocks", (long) adds(b).size());
        nums.put("resnet34.params", b.params());
        nums.put("plain34.params", plain.params());
        List<List<String>> table = new ArrayList<>();
        table.add(List.of(t.get("col.option"), t.get("col.what"), t.get("col.params"), "MACs", t.get("col.paper")));
        table.add(List.of(t.get("panel.identity"), t.get("identity"), "0", "0", "—"));
        table.add(List.of("A", t.get("optA"), n(padParams), "0", "25.03 / 7.76 %"));
        table.add(List.of("B", t.get("optB", reshaping), "+" + n(optB[0]), "+" + Text.m(optB[1]), "24.52 / 7.46 %"));
        table.add(List.of("C", t.get("optC", adds(b).size()), "+" + n(optC[0]), "+" + Text.m(optC[1]),
                "24.19 / 7.40 %"));
        List<String> text = List.of(t.get("p1"), t.get("p2"), t.get("p3"));
        List<String> formulas = List.of(t.get("f.pad"), t.get("f.proj"),
                "resnet34 − plain34 = " + n(b.params()) + " − " + n(plain.params()) + " = "
                        + n(b.params() - plain.params()) + " (" + t.get("f.optB") + ")",
                t.get("f.setting"));
        Panel panel = (g, w, h, s) -> {
            Draw.fit(g, w, h);
            String[] names = {t.get("panel.identity"), t.get("panel.zeroPad"), t.get("panel.projection")};
            Color[] colours = {Draw.green(), Draw.accent(), Draw.warm()};
            for (int i = 0; i < 3; i++) {
                double y = 20 + i * 150;
                Draw.text(g, names[i], 0, y + 20, 18, Font.BOLD, colours[i]);
                // main path
                Draw.fill(g, 250, y + 40, 120, 50, Draw.alpha(Draw.ink(), 40));
                Draw.centred(g, "F(x)", 310, y + 71, 16, Font.BOLD, Draw.ink());
                Draw.line(g, 200, y + 65, 250, y + 65, Draw.ink(), 2);
                Draw.line(g, 370, y + 65, 450, y + 65, Draw.ink(), 2);
                Draw.centred(g, "+", 462, y + 72, 24, Font.BOLD, Draw.ink());
                Draw.text(g, "x", 180, y + 71, 18, Font.BOLD, Draw.ink());
                // shortcut
                Draw.line(g, 200, y + 65, 200, y + 120, colours[i], 3);
                Draw.line(g, 200, y + 120, 462, y + 120, colours[i], 3);
                Draw.line(g, 462, y + 120, 462, y + 80, colours[i], 3);
                if (i > 0) {
                    Draw.fill(g, 280, y + 104, 90, 32, colours[i]);
                    Draw.centred(g, i == 1 ? "pad 0" : "1×1", 325, y + 126, 15, Font.BOLD, Color.WHITE);
                }
                String cost = i == 0 ? t.get("panel.free") : i == 1 ? t.get("panel.pad", n(padParams))
                        : t.get("panel.proj", n(optB[0]), n(optC[0]));
                Draw.paragraph(g, cost, 500, y + 55, 390, 15, Font.PLAIN, Draw.ink());
            }
            Draw.paragraph(g, t.get("panel.note"), 0, 500, 860, 15, Font.PLAIN, Draw.muted());
        };
        return new Page("resnet-shortcuts", t.title(), text, formulas, table, List.of(),
                List.of(new Page.Link("resnet34 · layer2.0", "resnet34", "layer2.0"),
                        new Page.Link("resnet20 · layer2.0", "resnet20", "layer2.0")), nums, panel);
    }

    /** Two 3×3 convolutions C → C against 1×1 C → C/4, 3×3 C/4 → C/4, 1×1 C/4 → C (no biases), at 14×14. */
    /** One identity block of width {@code c} from the catalog's own builders: basic, or the bottleneck around c/4. */
    static Network block(int c, boolean bottleneck) {
        NetworkBuilder b = new NetworkBuilder(bottleneck ? "bottleneck" : "basic", "", "", Shape.chw(c, 14, 14), 1);
        ResNet.stage(b, BLOCK_STAGE, INPUT, bottleneck ? ResNet.BOTTLENECK : ResNet.BASIC, ResNet.Shortcut.PROJECTION,
                bottleneck ? c / 4 : c, 1, 1);
        return b.build();
    }

    /** The convolution weights on a block's residual path: what Figure 5 compares (no biases, no batch norm). */
    static long convWeights(Network block) {
        return block.layers().stream().filter(l -> l.spec() instanceof LayerSpec.Conv && l.role() == Layer.Role.MAIN)
                .mapToLong(Layer::params).sum();
    }

    static Page bottleneck(LessonContext ctx) {
        Text t = new Text("resnet-bottleneck");
        int c0 = 256;
        Network basic = block(c0, false);
        Network neck = block(c0, true);
        Map<String, Long> nums = new LinkedHashMap<>();
        nums.put("basic", convWeights(basic));
        nums.put("bottleneck", convWeights(neck));
        List<List<String>> table = new ArrayList<>();
        table.add(List.of(t.get("col.net"), t.get("col.block"), t.get("col.depth"), t.get("col.params"), "MACs",
                t.get("col.error")));
        String[][] rows = {{"resnet18", "27.88 / — %"}, {"resnet34", "24.52 / 7.46 %"}, {"resnet50", "22.85 / 6.71 %"},
                {"resnet101", "21.75 / 6.05 %"}, {"resnet152", "21.43 / 5.71 %"}};
        List<Network> nets = new ArrayList<>();
        for (String[] r : rows) {
            Network net = Catalog.get(r[0]).build();
            nets.add(net);
            boolean deep = net.groups().stream().anyMatch(g -> g.kind() == Group.Kind.BOTTLENECK);
            table.add(List.of(r[0], t.get(deep ? "block.bottleneck" : "block.basic"), String.valueOf(net.depth()),
                    n(net.params()), Text.g(net.macs()), r[1]));
            nums.put(r[0] + ".params", net.params());
            nums.put(r[0] + ".macs", net.macs());
            nums.put(r[0] + ".depth", (long) net.depth());
        }
        List<String> formulas = List.of(
                "2 · (3·3·256·256) = " + n(convWeights(basic)),
                "256·64 + 3·3·64·64 + 64·256 = " + n(neck.layer(BLOCK + ".conv1").params()) + " + "
                        + n(neck.layer(BLOCK + ".conv2").params()) + " + " + n(neck.layer(BLOCK + ".conv3").params())
                        + " = " + n(convWeights(neck)),
                t.get("f.ratio", Text.f((double) convWeights(basic) / convWeights(neck), 1)),
                t.get("f.setting"));
        List<String> text = List.of(t.get("p1"), t.get("p2"), t.get("p3"), t.get("p4"));
        List<Knob> knobs = List.of(Knob.linear("C", "C", 64, 2048, c0, 64));
        Panel panel = (g, w, h, s) -> {
            Draw.fit(g, w, h);
            int c = s.integer("C");
            Network a = block(c, false);
            Network bn = block(c, true);
            long wa = convWeights(a);
            long wb = convWeights(bn);
            Draw.text(g, t.get("panel.calc", c), 0, 22, 18, Font.BOLD, Draw.ink());
            BlockSchematic.of(a, BLOCK).paint(g, 0, 45, 420, 360);
            BlockSchematic.of(bn, BLOCK).paint(g, 460, 45, 440, 360);
            Draw.text(g, n(wa), 0, 440, 18, Font.BOLD, Draw.warm());
            Draw.text(g, n(wb), 460, 440, 18, Font.BOLD, Draw.green());
            double max = 820;
            Draw.fill(g, 0, 452, max, 24, Draw.warm());
            Draw.fill(g, 0, 480, max * wb / wa, 24, Draw.green());
            Draw.text(g, t.get("f.ratio", Text.f((double) wa / wb, 1)), 0, 526, 16, Font.PLAIN, Draw.ink());
            // depth against parameters and compute, from the catalog
            double by = 572;
            Draw.text(g, t.get("panel.depth"), 0, by, 18, Font.BOLD, Draw.ink());
            long maxM = nets.stream().mapToLong(Network::macs).max().orElse(1);
            long maxP = nets.stream().mapToLong(Network::params).max().orElse(1);
            for (int i = 0; i < nets.size(); i++) {
                Network net = nets.get(i);
                double y = by + 14 + i * 50;
                Draw.text(g, net.id(), 0, y + 26, 15, Font.BOLD, Draw.ink());
                Draw.fill(g, 110, y, 600 * net.params() / maxP, 20, Draw.accent());
                Draw.text(g, Text.m(net.params()), 118 + 600 * net.params() / maxP, y + 16, 13, Font.PLAIN, Draw.ink());
                Draw.fill(g, 110, y + 22, 600 * net.macs() / maxM, 20, Draw.green());
                Draw.text(g, Text.g(net.macs()) + " MACs", 118 + 600 * net.macs() / maxM, y + 38, 13, Font.PLAIN,
                        Draw.ink());
            }
            Draw.text(g, t.get("panel.legend"), 110, by + 278, 14, Font.PLAIN, Draw.muted());
        };
        return new Page("resnet-bottleneck", t.title(), text, formulas, table, knobs,
                List.of(new Page.Link("resnet50 · layer3.0", "resnet50", "layer3.0"),
                        new Page.Link("resnet34 · layer3.0", "resnet34", "layer3.0")), nums, panel);
    }
}
