package org.cnnexplorer.lessons;

import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.Layers;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.NetworkBuilder;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.data.InputSpec;
import org.cnnexplorer.data.Preprocessor;
import org.cnnexplorer.engine.ConvFilters;
import org.cnnexplorer.engine.LayerActivation;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.build.GraphFactory;
import org.cnnexplorer.i18n.FormulaWords;

import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.cnnexplorer.lessons.Text.n;

/** AlexNet's ideas, one page each (Krizhevsky, Sutskever, Hinton 2012). Every count comes from the catalog. */
final class AlexNetLessons {
    static final String MINI = "mini-alexnet";

    private AlexNetLessons() {
    }

    static String trainedNote(Model m) {
        return Text.common(m.trained() ? "weights.shipped" : "weights.untrained", m.network().id());
    }

    // ---------------------------------------------------------------- input and conv1

    static Page input(LessonContext ctx) {
        Text t = new Text("alexnet-input");
        Network a = Catalog.get("alexnet").build();
        Layer conv1 = a.layer("conv1");
        LayerSpec.Conv c = (LayerSpec.Conv) conv1.spec();
        int in = a.input().height();
        int out = conv1.output().height();
        int out224 = Catalog.get("alexnet").build(Shape.chw(3, 224, 224), a.classes()).layer("conv1").output().height();
        Network tv = Catalog.get("alexnet-tv").build();
        LayerSpec.Conv tvc = (LayerSpec.Conv) tv.layer("conv1").spec();
        int tvIn = tv.input().height();
        int tvOut = tv.layer("conv1").output().height();
        Map<String, Long> nums = new LinkedHashMap<>();
        nums.put("input", (long) in);
        nums.put("kernel", (long) c.kernel());
        nums.put("stride", (long) c.stride());
        nums.put("out", (long) out);
        nums.put("out224", (long) out224);
        nums.put("filters", (long) c.out());
        nums.put("params", conv1.params());
        nums.put("macs", conv1.macs());
        nums.put("tvPadding", (long) tvc.padding());
        nums.put("tvOut", (long) tvOut);
        List<String> formulas = List.of(
                "(" + in + " − " + c.kernel() + " + 2·" + c.padding() + ") / " + c.stride() + " + 1 = " + out,
                "(224 − " + c.kernel() + ") / " + c.stride() + " + 1 = "
                        + Text.f((224.0 - c.kernel()) / c.stride() + 1, 2) + " → " + out224,
                "(" + tvIn + " − " + tvc.kernel() + " + 2·" + tvc.padding() + ") / " + tvc.stride() + " + 1 = "
                        + Text.f((tvIn - tvc.kernel() + 2.0 * tvc.padding()) / tvc.stride() + 1, 2) + " → " + tvOut,
                t.get("params") + " = " + FormulaWords.localise(conv1.paramsFormula()),
                "MACs = " + FormulaWords.localise(conv1.macsFormula()));
        Model mini = ctx.model(MINI);
        Conv1 seen = conv1(ctx, a);
        ConvFilters filters = seen.own() ? seen.filters() : mini.filters("conv1");
        LayerActivation maps = ctx.activations(MINI).get("relu1");
        float[] picture = ctx.picture().pixels();
        String note = seen.own() ? t.get("panel.ownFilters") : trainedNote(mini);
        List<String> text = List.of(
                t.get("p1", in, c.kernel(), c.stride(), out, c.out()),
                t.get("p2", out224, tvc.padding(), tvOut),
                t.get("p3", c.out(), c.kernel(), a.input().channels(), n(conv1.params())),
                t.get(seen.own() ? "p4.own" : "p4.random", ctx.photo().name()));
        int side0 = seen.input().getWidth();
        int mapSide = seen.maps().shape().height();
        List<Knob> knobs = List.of(Knob.linear("x", t.get("knob.x"), 0, mapSide - 1, mapSide / 2, 1),
                Knob.linear("y", t.get("knob.y"), 0, mapSide - 1, mapSide / 2, 1),
                Knob.linear("filter", t.get("knob.filter"), 0, seen.maps().shape().channels() - 1, 0, 1));
        Panel panel = (g, w, h, s) -> {
            Draw.fit(g, w, h);
            // the picture as the network takes it, one 11×11 window on it, and the output cell it makes
            double side = 300;
            double scale = side / side0;
            int x = s.integer("x");
            int y = s.integer("y");
            int f = s.integer("filter");
            Draw.text(g, t.get("panel.input", side0), 0, 20, 18, Font.BOLD, Draw.ink());
            g.drawImage(seen.input(), 0, 36, (int) side, (int) side, null);
            Draw.box(g, 0, 36, side, side, Draw.muted(), 1);
            Draw.fill(g, x * c.stride() * scale, 36 + y * c.stride() * scale, c.kernel() * scale, c.kernel() * scale,
                    Draw.alpha(Draw.warm(), 110));
            Draw.box(g, x * c.stride() * scale, 36 + y * c.stride() * scale, c.kernel() * scale, c.kernel() * scale,
                    Draw.warm(), 2);
            double ox = 400;
            double oscale = side / mapSide;
            float[] map = seen.maps().channel(f);
            Draw.text(g, t.get("panel.output", mapSide, f), ox, 20, 18, Font.BOLD, Draw.ink());
            Draw.map(g, map, mapSide, mapSide, ox, 36, side, 0, Math.max(1e-6f, Draw.max(map)));
            Draw.box(g, ox + x * oscale, 36 + y * oscale, oscale, oscale, Draw.warm(), 2);
            Draw.line(g, (x * c.stride() + c.kernel()) * scale, 36 + y * c.stride() * scale, ox + x * oscale,
                    36 + y * oscale, Draw.warm(), 1.5f);
            Draw.text(g, t.get("panel.window", x * c.stride(), x * c.stride() + c.kernel() - 1, y * c.stride(),
                    y * c.stride() + c.kernel() - 1, x, y, Text.f(map[y * mapSide + x], 2)), 0, 362, 15, Font.PLAIN,
                    Draw.ink());
            Draw.text(g, t.get(seen.own() ? "panel.ownMaps" : "panel.randomMaps"), 0, 384, 13, Font.PLAIN,
                    Draw.muted());
            double top = 420;
            if (seen.own()) {
                // Figure 3 of the paper: the 96 filters in colour, each scaled to its own range
                Draw.text(g, t.get("panel.ownTitle", filters.out(), filters.kernel()), 0, top, 18, Font.BOLD,
                        Draw.ink());
                Draw.text(g, note, 0, top + 22, 14, Font.PLAIN, Draw.muted());
                int per = 16;
                double cell = 52;
                for (int k = 0; k < filters.out(); k++) {
                    double fx = (k % per) * cell;
                    double fy = top + 36 + (k / per) * cell;
                    g.drawImage(colour(filters, k, seen.bgr()), (int) fx, (int) fy, (int) cell - 6, (int) cell - 6,
                            null);
                    if (k == f) {
                        Draw.box(g, fx - 2, fy - 2, cell - 2, cell - 2, Draw.warm(), 2.5f);
                    }
                }
                return;
            }
            Draw.text(g, t.get("panel.filters", filters.out(), filters.kernel()), 0, top, 18, Font.BOLD, Draw.ink());
            Draw.text(g, note, 0, top + 22, 14, Font.PLAIN, Draw.muted());
            float m = Draw.absMax(filters.values());
            int per = 16;
            double cell = 52;
            for (int k = 0; k < filters.out(); k++) {
                double fx = (k % per) * cell;
                double fy = top + 36 + (k / per) * cell;
                Draw.signed(g, filters.kernel(k, 0), filters.kernel(), filters.kernel(), fx, fy, cell - 6, m);
            }
            double my = top + 36 + ((filters.out() + per - 1) / per) * cell + 20;
            Draw.text(g, t.get("panel.maps", ctx.picture().name()), 0, my, 18, Font.BOLD, Draw.ink());
            Draw.map(g, picture, 28, 28, 0, my + 14, 96, 0, 1);
            int hw = maps.shape().height();
            for (int k = 0; k < 12; k++) {
                float[] ch = maps.channel(k);
                Draw.map(g, ch, hw, hw, 120 + (k % 6) * 64, my + 14 + (k / 6) * 64, 58, 0,
                        Math.max(1e-6f, Draw.max(ch)));
            }
        };
        return new Page("alexnet-input", t.title(), text, formulas, List.of(), knobs, List.of(
                new Page.Link("alexnet · conv1", "alexnet", "conv1"),
                new Page.Link("alexnet-tv · conv1", "alexnet-tv", "conv1")), nums, panel);
    }

    /** The ImageNet AlexNet the user imported, if any: its conv1 has the paper's 96 filters of 11×11×3. */
    static final String IMAGENET = "alexnet";

    /**
     * AlexNet's conv1 and ReLU on the context's photograph as the network takes it ({@code input}): with the imported
     * ImageNet weights ({@code own}) and their filters, else with random ones.
     */
    record Conv1(boolean own, BufferedImage input, LayerActivation maps, ConvFilters filters, boolean bgr) {
    }

    static Conv1 conv1(LessonContext ctx, Network alexnet) {
        Optional<Model> imported = ctx.imported(IMAGENET);
        if (imported.isPresent()) {
            LessonContext.PhotoPass pass = ctx.onPhoto(IMAGENET);
            return new Conv1(true, pass.seen(), pass.activations().get("relu1"), imported.get().filters("conv1"),
                    pass.bgr());
        }
        // conv1 alone: a classifier head only so that the graph has an output; its numbers are never shown
        Layer conv1 = alexnet.layer("conv1");
        NetworkBuilder b = new NetworkBuilder("alexnet-conv1", "AlexNet conv1", alexnet.paper(), alexnet.input(),
                alexnet.classes());
        String x = b.add("relu1", Layers.relu(), b.add("conv1", conv1.spec(), NetworkBuilder.INPUT));
        b.add("prob", Layers.softmax(), b.add("fc", Layers.fc(alexnet.classes()),
                b.add("flatten", Layers.flatten(), b.add("gap", Layers.gap(), x))));
        InputSpec spec = InputSpec.imagenet(alexnet.input());
        Preprocessor.Result r = Preprocessor.apply(ctx.photo().image(), spec);
        try (Model m = Model.untrained(b.build(), GraphFactory.Settings.defaults().withSeed(RANDOM_SEED))) {
            return new Conv1(false, r.seen(), m.activations(r.input(), () -> false).get("relu1"), null, false);
        }
    }

    /** The random conv1's seed, fixed so that the page is the same at every start. */
    static final long RANDOM_SEED = 42;

    /** Filter {@code f} of a 3-channel convolution as an RGB picture, its weights stretched to 0…255. */
    static BufferedImage colour(ConvFilters filters, int f, boolean bgr) {
        int k = filters.kernel();
        float[][] ch = new float[3][];
        float lo = Float.MAX_VALUE;
        float hi = -Float.MAX_VALUE;
        for (int c = 0; c < 3; c++) {
            ch[c] = filters.kernel(f, bgr ? 2 - c : c);
            for (float v : ch[c]) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        float span = hi > lo ? hi - lo : 1;
        BufferedImage img = new BufferedImage(k, k, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < k * k; i++) {
            int rgb = 0;
            for (int c = 0; c < 3; c++) {
                rgb = rgb << 8 | Math.round((ch[c][i] - lo) / span * 255);
            }
            img.setRGB(i % k, i / k, rgb);
        }
        return img;
    }

    // ---------------------------------------------------------------- two GPUs

    static Page twoGpus(LessonContext ctx) {
        Text t = new Text("alexnet-gpus");
        Network two = Catalog.get("alexnet").build();
        Network one = Catalog.get("alexnet-single").build();
        List<Layer> weighted = two.layers().stream().filter(Layer::weighted).toList();
        List<List<String>> table = new ArrayList<>();
        table.add(List.of(t.get("col.layer"), t.get("col.groups"), t.get("col.params2"), t.get("col.params1"),
                t.get("col.macs2"), t.get("col.macs1"), t.get("col.talk")));
        Map<String, Long> nums = new LinkedHashMap<>();
        List<String> crossing = new ArrayList<>();
        for (Layer l : weighted) {
            Layer s = one.layer(l.id());
            int groups = l.spec() instanceof LayerSpec.Conv cv ? cv.groups() : 1;
            String talk;
            if (l.id().equals("conv1")) {
                talk = t.get("talk.input");
            } else if (groups > 1) {
                talk = t.get("talk.own");
            } else {
                talk = t.get("talk.both");
                crossing.add(l.id());
            }
            table.add(List.of(l.id(), String.valueOf(groups), n(l.params()), n(s.params()), Text.m(l.macs()),
                    Text.m(s.macs()), talk));
            nums.put(l.id() + ".params2", l.params());
            nums.put(l.id() + ".params1", s.params());
        }
        nums.put("params2", two.params());
        nums.put("params1", one.params());
        nums.put("paramsSaved", one.params() - two.params());
        nums.put("macs2", two.macs());
        nums.put("macs1", one.macs());
        nums.put("macsSaved", one.macs() - two.macs());
        List<String> formulas = List.of(
                t.get("f.params") + ": " + n(one.params()) + " − " + n(two.params()) + " = "
                        + n(one.params() - two.params()),
                "MACs: " + n(one.macs()) + " − " + n(two.macs()) + " = " + n(one.macs() - two.macs()) + "  ("
                        + Text.f(100.0 * (one.macs() - two.macs()) / one.macs(), 1) + " %)",
                "conv2: " + FormulaWords.localise(two.layer("conv2").paramsFormula()));
        List<String> grouped = weighted.stream().filter(l -> l.spec() instanceof LayerSpec.Conv cv && cv.groups() > 1)
                .map(Layer::id).toList();
        List<String> text = List.of(t.get("p1", String.join(", ", grouped)), t.get("p2", String.join(", ", crossing)),
                t.get("p3"));
        List<Knob> knobs = List.of(Knob.linear("towers", t.get("knob.towers"), 1, 2, 2, 1));
        Panel panel = (g, w, h, s) -> {
            Draw.fit(g, w, h);
            boolean split = s.integer("towers") == 2;
            Network shown = split ? two : one;
            Draw.text(g, split ? t.get("panel.two") : t.get("panel.one"), 0, 22, 20, Font.BOLD, Draw.ink());
            double y0 = 60;
            double rowH = 70;
            double colW = 260;
            double[] xs = split ? new double[] {60, 60 + colW + 80} : new double[] {60 + (colW + 80) / 2};
            for (int i = 0; i < weighted.size(); i++) {
                Layer l = shown.layer(weighted.get(i).id());
                int groups = l.spec() instanceof LayerSpec.Conv cv ? cv.groups() : 1;
                double y = y0 + i * rowH;
                for (int tw = 0; tw < xs.length; tw++) {
                    Color tower = tw == 0 ? new Color(0xdd, 0xe8, 0xf7) : new Color(0xf7, 0xe3, 0xd6);
                    Draw.fill(g, xs[tw], y, colW, 34, tower);
                    Draw.box(g, xs[tw], y, colW, 34, Draw.muted(), 1);
                    int perTower = l.output().channels() / xs.length;
                    String label = l.id() + "  " + (l.output().flat() ? perTower
                            : perTower + "×" + l.output().height() + "×" + l.output().width());
                    Draw.centred(g, label, xs[tw] + colW / 2, y + 23, 15, Font.PLAIN, Draw.ink());
                }
                if (i > 0) {
                    double ya = y - rowH + 34;
                    for (int from = 0; from < xs.length; from++) {
                        for (int to = 0; to < xs.length; to++) {
                            boolean own = from == to;
                            if (!own && groups > 1) {
                                continue;
                            }
                            Draw.line(g, xs[from] + colW / 2, ya, xs[to] + colW / 2, y,
                                    own ? Draw.muted() : Draw.warm(), own ? 1.5f : 2.5f);
                        }
                    }
                }
                Draw.text(g, n(l.params()), xs[xs.length - 1] + colW + 12, y + 22, 13, Font.PLAIN, Draw.muted());
            }
            double by = y0 + weighted.size() * rowH + 20;
            Draw.text(g, t.get("panel.totals", n(shown.params()), Text.g(shown.macs())), 0, by, 17, Font.BOLD,
                    Draw.ink());
            Draw.text(g, t.get("panel.legend"), 0, by + 26, 14, Font.PLAIN, Draw.warm());
        };
        return new Page("alexnet-gpus", t.title(), text, formulas, table, knobs, List.of(
                new Page.Link("alexnet", "alexnet", "conv3"),
                new Page.Link("alexnet-single", "alexnet-single", "conv3")), nums, panel);
    }

    // ---------------------------------------------------------------- overlapping pooling

    /** Max-pooling of an h×w map (no padding, floor): what the catalog's Pool computes, on real numbers. */
    static float[] maxPool(float[] v, int h, int w, int k, int stride, int[] outSize) {
        int oh = (h - k) / stride + 1;
        int ow = (w - k) / stride + 1;
        float[] out = new float[oh * ow];
        for (int r = 0; r < oh; r++) {
            for (int c = 0; c < ow; c++) {
                float m = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++) {
                        m = Math.max(m, v[(r * stride + i) * w + c * stride + j]);
                    }
                }
                out[r * ow + c] = m;
            }
        }
        outSize[0] = oh;
        outSize[1] = ow;
        return out;
    }

    static Page pooling(LessonContext ctx) {
        Text t = new Text("alexnet-pooling");
        Network a = Catalog.get("alexnet").build();
        Layer pool1 = a.layer("pool1");
        LayerSpec.Pool p = (LayerSpec.Pool) pool1.spec();
        Shape in = pool1.inputShapes().get(0);
        Shape nonOverlap = Layers.maxPool(2, 2).output(List.of(in));
        LayerActivation maps = ctx.activations(MINI).get("norm1");
        Shape mapShape = maps.shape();
        Shape miniOverlap = p.output(List.of(mapShape));
        Shape miniPlain = Layers.maxPool(2, 2).output(List.of(mapShape));
        Map<String, Long> nums = new LinkedHashMap<>();
        nums.put("in", (long) in.height());
        nums.put("kernel", (long) p.kernel());
        nums.put("stride", (long) p.stride());
        nums.put("out", (long) pool1.output().height());
        nums.put("out2x2", (long) nonOverlap.height());
        nums.put("miniIn", (long) mapShape.height());
        nums.put("miniOut", (long) miniOverlap.height());
        nums.put("miniOut2x2", (long) miniPlain.height());
        List<String> formulas = List.of(
                p.kernel() + "×" + p.kernel() + "/" + p.stride() + ": (" + in.height() + " − " + p.kernel() + ") / "
                        + p.stride() + " + 1 = " + pool1.output().height(),
                "2×2/2: (" + in.height() + " − 2) / 2 + 1 = " + nonOverlap.height(),
                "mini-alexnet: " + mapShape.height() + " → " + miniOverlap.height() + " (3×3/2), "
                        + miniPlain.height() + " (2×2/2)");
        List<String> text = List.of(t.get("p1", p.kernel(), p.stride()),
                t.get("p2", in.height(), pool1.output().height(), mapShape.height(), miniOverlap.height(),
                        miniPlain.height()), t.get("p3"));
        int channels = mapShape.channels();
        List<Knob> knobs = List.of(Knob.linear("channel", t.get("knob.channel"), 0, channels - 1, 0, 1),
                Knob.linear("window", t.get("knob.window"), 0, miniOverlap.width() - 2, 3, 1));
        Panel panel = (g, w, h, s) -> {
            Draw.fit(g, w, h);
            int ch = s.integer("channel");
            int win = s.integer("window");
            int hh = mapShape.height();
            float[] map = maps.channel(ch);
            float hi = Math.max(1e-6f, Draw.max(map));
            int[] o3 = new int[2];
            int[] o2 = new int[2];
            float[] p3 = maxPool(map, hh, hh, 3, 2, o3);
            float[] p2 = maxPool(map, hh, hh, 2, 2, o2);
            double side = 392;
            double cell = side / hh;
            Draw.text(g, t.get("panel.map", ch, hh), 0, 20, 17, Font.BOLD, Draw.ink());
            Draw.map(g, map, hh, hh, 0, 34, side, 0, hi);
            Draw.map(g, map, hh, hh, 460, 34, side, 0, hi);
            // two neighbouring windows of each kind: 3×3/2 ones share a column, 2×2/2 ones do not
            for (int k = 0; k < 2; k++) {
                Color c = k == 0 ? Draw.warm() : Draw.accent();
                Draw.box(g, (win + k) * 2 * cell, 34 + 2 * cell, 3 * cell, 3 * cell, c, 3);
                Draw.box(g, 460 + (win + k) * 2 * cell, 34 + 2 * cell, 2 * cell, 2 * cell, c, 3);
            }
            Draw.text(g, t.get("panel.overlap"), 0, 452, 15, Font.PLAIN, Draw.ink());
            Draw.text(g, t.get("panel.plain"), 460, 452, 15, Font.PLAIN, Draw.ink());
            Draw.text(g, "3×3/2 → " + o3[0] + "×" + o3[1], 0, 500, 17, Font.BOLD, Draw.ink());
            Draw.map(g, p3, o3[0], o3[1], 0, 514, 300, 0, hi);
            Draw.text(g, "2×2/2 → " + o2[0] + "×" + o2[1], 460, 500, 17, Font.BOLD, Draw.ink());
            Draw.map(g, p2, o2[0], o2[1], 460, 514, 300, 0, hi);
            Draw.text(g, t.get("panel.source", ctx.picture().name()), 0, 845, 13, Font.PLAIN, Draw.muted());
        };
        return new Page("alexnet-pooling", t.title(), text, formulas, PaperClaims.pooling(), knobs,
                List.of(new Page.Link("alexnet · pool1", "alexnet", "pool1"),
                        new Page.Link("mini-alexnet · pool1", MINI, "pool1")), nums, panel);
    }
}
