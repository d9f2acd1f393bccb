package org.cnnexplorer.lessons;

import org.cnnexplorer.arch.Group;
import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.NetworkBuilder;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.data.FashionMnist;
import org.cnnexplorer.engine.Prediction;
import org.cnnexplorer.weights.ShippedModels;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.cnnexplorer.arch.Layers.conv;
import static org.cnnexplorer.arch.Layers.fc;
import static org.cnnexplorer.arch.Layers.flatten;
import static org.cnnexplorer.arch.Layers.gap;
import static org.cnnexplorer.arch.NetworkBuilder.INPUT;
import static org.cnnexplorer.lessons.Text.n;

/** GoogLeNet's ideas (Szegedy et al. 2015): 1×1 reductions, the Inception module, auxiliary heads, global pooling. */
final class GoogLeNetLessons {
    static final String MINI = "mini-googlenet";
    /** The catalog's inception3a module ids, Figure 2a and 2b. */
    static final String NAIVE = "inception3a-naive";
    static final String REDUCED = "inception3a";

    private GoogLeNetLessons() {
    }

    /** A k×k convolution C → out at 28×28, with or without a 1×1 reduction to {@code red} in front of it. */
    static Network fiveByFive(int in, int red, int out, int kernel, boolean reduce) {
        NetworkBuilder b = new NetworkBuilder("reduction", "reduction", "", Shape.chw(in, 28, 28), 1);
        String x = INPUT;
        if (reduce) {
            x = b.add("reduce", conv(red, 1, 1, 0), x);
        }
        b.add("conv", conv(out, kernel, 1, kernel / 2), x);
        return b.build();
    }

    static long macs(Network n, String layer) {
        return n.layer(layer).macs();
    }

    static Page oneByOne(LessonContext ctx) {
        Text t = new Text("googlenet-1x1");
        int c = 192;
        int red = 16;
        int out = 32;
        Network without = fiveByFive(c, red, out, 5, false);
        Network with = fiveByFive(c, red, out, 5, true);
        Map<String, Long> nums = new LinkedHashMap<>();
        nums.put("without", without.macs());
        nums.put("with", with.macs());
        nums.put("reduce", macs(with, "reduce"));
        nums.put("conv", macs(with, "conv"));
        nums.put("params1x1", with.layer("reduce").params());
        List<String> formulas = List.of(
                "28·28·(5·5·" + c + ")·" + out + " = " + n(without.macs()),
                "28·28·" + c + "·" + red + " + 28·28·(5·5·" + red + ")·" + out + " = " + n(macs(with, "reduce"))
                        + " + " + n(macs(with, "conv")) + " = " + n(with.macs()),
                t.get("f.ratio", Text.f((double) without.macs() / with.macs(), 1)),
                "1×1: y[o] = b[o] + Σ_c w[o,c] · x[c]   (" + t.get("f.atEvery") + ")");
        List<String> text = List.of(t.get("p1"), t.get("p2", c, red, out), t.get("p3"));
        List<Knob> knobs = List.of(Knob.linear("C", "C", 16, 512, c, 16), Knob.linear("red", t.get("knob.red"), 4, 128,
                red, 4), Knob.linear("out", t.get("knob.out"), 8, 256, out, 8));
        Panel panel = (g, w, h, s) -> {
            Draw.fit(g, w, h);
            int ci = s.integer("C");
            int r = s.integer("red");
            int o = s.integer("out");
            // one pixel's channel vector in, a fully connected layer across channels, the vector out
            Draw.text(g, t.get("panel.pixel"), 0, 22, 18, Font.BOLD, Draw.ink());
            int shownIn = 12;
            int shownOut = 5;
            double x0 = 120;
            double x1 = 520;
            for (int i = 0; i < shownIn; i++) {
                for (int j = 0; j < shownOut; j++) {
                    Draw.line(g, x0 + 14, 60 + i * 26 + 7, x1, 60 + 55 + j * 40 + 7, Draw.alpha(Draw.accent(), 70), 1);
                }
            }
            for (int i = 0; i < shownIn; i++) {
                Draw.fill(g, x0, 60 + i * 26, 14, 14, Draw.alpha(Draw.ink(), 40 + (i * 53) % 200));
            }
            for (int j = 0; j < shownOut; j++) {
                Draw.fill(g, x1, 60 + 55 + j * 40, 14, 14, Draw.warm());
            }
            Draw.centred(g, t.get("panel.in", ci), x0 + 7, 60 + shownIn * 26 + 20, 15, Font.PLAIN, Draw.ink());
            Draw.centred(g, t.get("panel.out", r), x1 + 7, 60 + shownIn * 26 + 20, 15, Font.PLAIN, Draw.ink());
            Draw.text(g, t.get("panel.weights", n((long) ci * r + r)), 600, 200, 15, Font.PLAIN, Draw.ink());
            Draw.text(g, t.get("panel.everyPixel"), 600, 226, 15, Font.PLAIN, Draw.muted());
            // the calculator: MACs of the 5×5 with and without the reduction
            Network a = fiveByFive(ci, r, o, 5, false);
            Network b = fiveByFive(ci, r, o, 5, true);
            double by = 470;
            Draw.text(g, t.get("panel.calc", ci, r, o), 0, by, 18, Font.BOLD, Draw.ink());
            double max = 720;
            long top = Math.max(a.macs(), b.macs());
            Draw.fill(g, 0, by + 20, max * a.macs() / top, 40, Draw.warm());
            Draw.text(g, t.get("panel.without") + ": " + n(a.macs()) + " MACs", 10, by + 47, 16, Font.BOLD, Draw.ink());
            double lr = max * macs(b, "reduce") / top;
            Draw.fill(g, 0, by + 80, lr, 40, Draw.green());
            Draw.fill(g, lr, by + 80, max * macs(b, "conv") / top, 40, Draw.accent());
            Draw.text(g, t.get("panel.with") + ": " + n(b.macs()) + " MACs", 10, by + 107, 16, Font.BOLD, Draw.ink());
            Draw.text(g, t.get("f.ratio", Text.f((double) a.macs() / b.macs(), 1)), 0, by + 160, 16, Font.PLAIN,
                    Draw.ink());
            Draw.text(g, t.get("panel.note"), 0, by + 190, 14, Font.PLAIN, Draw.muted());
        };
        return new Page("googlenet-1x1", t.title(), text, formulas, List.of(), knobs,
                List.of(new Page.Link("googlenet · inception3a.branch3", "googlenet", "inception3a.branch3")), nums,
                panel);
    }

    static Page inception(LessonContext ctx) {
        Text t = new Text("googlenet-inception");
        Network naive = Catalog.get(NAIVE).build();
        Network reduced = Catalog.get(REDUCED).build();
        Network full = Catalog.get("googlenet").build();
        Map<String, Long> nums = new LinkedHashMap<>();
        nums.put("naive.out", (long) naive.output().output().channels());
        nums.put("reduced.out", (long) reduced.output().output().channels());
        nums.put("naive.macs", naive.macs());
        nums.put("reduced.macs", reduced.macs());
        nums.put("naive.params", naive.params());
        nums.put("reduced.params", reduced.params());
        nums.put("googlenet.inception3a.macs", full.groupMacs(full.group("inception3a")));
        List<List<String>> table = new ArrayList<>();
        table.add(List.of(t.get("col.branch"), t.get("col.naive"), t.get("col.reduced")));
        for (int i = 1; i <= 4; i++) {
            String id = "inception3a.branch" + i;
            Group gn = naive.group(id);
            Group gr = reduced.group(id);
            table.add(List.of(gr.label() + " / " + gn.label(), Text.m(naive.groupMacs(gn)) + " MACs",
                    Text.m(reduced.groupMacs(gr)) + " MACs"));
        }
        table.add(List.of(t.get("row.channels"), String.valueOf(naive.output().output().channels()),
                String.valueOf(reduced.output().output().channels())));
        table.add(List.of(t.get("row.params"), n(naive.params()), n(reduced.params())));
        table.add(List.of("MACs", n(naive.macs()), n(reduced.macs())));
        List<String> formulas = List.of(
                t.get("f.naive", channelSum(naive), naive.output().output().channels()),
                t.get("f.reduced", channelSum(reduced), reduced.output().output().channels()),
                "MACs: " + Text.m(naive.macs()) + " → " + Text.m(reduced.macs()) + " (×"
                        + Text.f((double) naive.macs() / reduced.macs(), 2) + ")");
        List<String> text = List.of(t.get("p1"), t.get("p4"), t.get("p2"), t.get("p3"));
        BlockSchematic[] modules = {BlockSchematic.of(naive, "inception3a"), BlockSchematic.of(reduced, "inception3a")};
        Panel panel = (g, w, h, s) -> {
            Draw.fit(g, w, h);
            long top = naive.macs();
            Color[] colours = {Draw.accent(), Draw.green(), Draw.warm(), Draw.muted()};
            Network[] nets = {naive, reduced};
            String[] names = {t.get("col.naive"), t.get("col.reduced")};
            for (int k = 0; k < 2; k++) {
                Network net = nets[k];
                double x = k * 460;
                Draw.text(g, names[k], x, 20, 18, Font.BOLD, Draw.ink());
                Draw.text(g, net.output().output().channels() + " " + t.get("panel.channels") + " · "
                        + Text.m(net.macs()) + " MACs · " + n(net.params()) + " " + t.get("row.params"), x, 44, 14,
                        Font.PLAIN, Draw.muted());
                modules[k].paint(g, x, 62, 440, 400);
                // each branch's MACs as a bar on one scale for both modules
                for (int i = 1; i <= 4; i++) {
                    Group gr = net.group("inception3a.branch" + i);
                    double y = 510 + k * 180 + (i - 1) * 40;
                    double len = 620.0 * net.groupMacs(gr) / top;
                    Draw.text(g, i == 1 ? names[k] : "", 0, y - 8, 14, Font.BOLD, Draw.ink());
                    Draw.fill(g, 0, y, len, 28, colours[i - 1]);
                    Draw.text(g, gr.label() + ": " + Text.m(net.groupMacs(gr)) + " MACs", len + 8, y + 20, 14,
                            Font.PLAIN, Draw.ink());
                }
            }
        };
        return new Page("googlenet-inception", t.title(), text, formulas, table, List.of(),
                List.of(new Page.Link(NAIVE, NAIVE, "inception3a"), new Page.Link(REDUCED, REDUCED, "inception3a"),
                        new Page.Link("googlenet · inception3a", "googlenet", "inception3a")), nums, panel);
    }

    /** "64 + 128 + 32 + 192": the output channels of inception3a's four branches, as the concat adds them. */
    static String channelSum(Network module) {
        Layer concat = module.layer("inception3a.concat");
        return String.join(" + ", concat.inputShapes().stream().map(sh -> String.valueOf(sh.channels())).toList());
    }

    static Page auxiliary(LessonContext ctx) {
        Text t = new Text("googlenet-aux");
        Network net = Catalog.get("googlenet").build();
        Map<String, Long> nums = new LinkedHashMap<>();
        nums.put("params", net.params());
        nums.put("macs", net.macs());
        nums.put("auxParams", net.auxParams());
        nums.put("auxMacs", net.auxMacs());
        nums.put("trainParams", net.params() + net.auxParams());
        List<String> formulas = List.of("L = L_main + 0.3 · (L_aux1 + L_aux2)",
                t.get("f.train", n(net.params()), n(net.auxParams()), n(net.params() + net.auxParams())),
                t.get("f.infer", n(net.params()), Text.g(net.macs())));
        // mini-googlenet's two heads on the current picture and on the first test picture where they part (the
        // auxiliary one sits after inception3b); over the whole test set, the shipped model's scores
        Model mini = ctx.model(MINI);
        List<String> outputs = mini.network().heads();
        Map<String, float[][]> here = mini.headProbabilities(outputs, ctx.picture().pixels(), () -> false);
        List<Prediction> mainTop = mini.topK(here.get(outputs.get(0))[0], 3);
        List<Prediction> auxTop = mini.topK(here.get(outputs.get(1))[0], 3);
        nums.put("mini.main.top1", (long) mainTop.get(0).classIndex());
        nums.put("mini.aux.top1", (long) auxTop.get(0).classIndex());
        Optional<ShippedModels.HeadScores> scores = mini.trained() ? ShippedModels.heads(MINI) : Optional.empty();
        Optional<LessonContext.Picture> parted = scores.filter(sc -> sc.disagreement() >= 0)
                .map(sc -> LessonContext.sample(sc.disagreement()));
        List<List<Prediction>> partedTop = parted.map(pic -> {
            Map<String, float[][]> pr = mini.headProbabilities(outputs, pic.pixels(), () -> false);
            return List.of(mini.topK(pr.get(outputs.get(0))[0], 3), mini.topK(pr.get(outputs.get(1))[0], 3));
        }).orElse(List.of());
        scores.ifPresent(sc -> {
            nums.put("set.main.accuracy", Math.round(1e4 * sc.heads().get(0).accuracy()));
            nums.put("set.aux.accuracy", Math.round(1e4 * sc.heads().get(1).accuracy()));
        });
        String weights = AlexNetLessons.trainedNote(mini);
        List<String> text = List.of(t.get("p1"), t.get("p2"), t.get("p3"),
                t.get("p4", ctx.picture().name(), weights));
        List<Knob> knobs = List.of(Knob.linear(Knob.TRAINING_GRAPH, t.get("knob.training"), 0, 1, 1, 1));
        String[] modules = {"3a", "3b", "4a", "4b", "4c", "4d", "4e", "5a", "5b"};
        Panel panel = (g, w, h, s) -> {
            Draw.fit(g, w, h);
            Color[] colours = {Draw.accent(), Draw.warm()};
            boolean training = s.integer(Knob.TRAINING_GRAPH) == 1;
            Draw.text(g, training ? t.get("panel.training") : t.get("panel.inference"), 0, 24, 20, Font.BOLD,
                    Draw.ink());
            double y = 70;
            for (int i = 0; i < modules.length; i++) {
                double x = i * 95;
                Draw.fill(g, x, y, 80, 50, Draw.accent());
                Draw.centred(g, modules[i], x + 40, y + 32, 17, Font.BOLD, Color.WHITE);
                if (i > 0) {
                    Draw.line(g, x - 15, y + 25, x, y + 25, Draw.ink(), 2);
                }
                boolean aux = modules[i].equals("4a") || modules[i].equals("4d");
                if (aux && training) {
                    Draw.line(g, x + 40, y + 50, x + 40, y + 90, Draw.warm(), 3);
                    Draw.fill(g, x - 10, y + 90, 100, 60, Draw.warm());
                    Draw.centred(g, modules[i].equals("4a") ? "aux1" : "aux2", x + 40, y + 115, 15, Font.BOLD,
                            Color.WHITE);
                    Draw.centred(g, "× 0.3", x + 40, y + 138, 15, Font.PLAIN, Color.WHITE);
                }
            }
            Draw.fill(g, modules.length * 95 - 95, y + 80, 80, 40, Draw.green());
            Draw.centred(g, "fc", modules.length * 95 - 55, y + 106, 15, Font.BOLD, Color.WHITE);
            long params = net.params() + (training ? net.auxParams() : 0);
            long macs = net.macs() + (training ? net.auxMacs() : 0);
            double ty = 270;
            Draw.text(g, t.get("panel.params", n(params)), 0, ty, 18, Font.BOLD, Draw.ink());
            Draw.text(g, t.get("panel.macs", Text.g(macs)), 420, ty, 18, Font.BOLD, Draw.ink());
            double max = 800;
            long top = net.params() + net.auxParams();
            Draw.fill(g, 0, ty + 16, max * net.params() / top, 30, Draw.accent());
            if (training) {
                Draw.fill(g, max * net.params() / top, ty + 16, max * net.auxParams() / top, 30, Draw.warm());
            }
            Draw.text(g, t.get("panel.main", n(net.params())), 0, ty + 70, 15, Font.PLAIN, Draw.accent());
            Draw.text(g, t.get("panel.aux", n(net.auxParams()), Text.m(net.auxMacs())), 0, ty + 94, 15, Font.PLAIN,
                    Draw.warm());
            Draw.paragraph(g, t.get("panel.note"), 0, ty + 124, 860, 14, Font.PLAIN, Draw.muted());
            // the two heads over the whole test set
            double sy = 450;
            Draw.text(g, t.get("panel.set"), 0, sy, 17, Font.BOLD, Draw.ink());
            if (scores.isEmpty()) {
                Draw.text(g, t.get("panel.noSet"), 0, sy + 24, 14, Font.PLAIN, Draw.muted());
            } else {
                String[] heads = {t.get("panel.mainHead"), t.get("panel.auxHead")};
                for (int k = 0; k < 2; k++) {
                    ShippedModels.HeadScore hs = scores.get().heads().get(k);
                    double ry = sy + 18 + k * 30;
                    Draw.text(g, heads[k], 0, ry + 16, 14, Font.BOLD, colours[k]);
                    Draw.fill(g, 230, ry + 2, 300 * hs.accuracy(), 18, Draw.alpha(colours[k], 160));
                    Draw.text(g, t.get("panel.score", Text.f(100 * hs.accuracy(), 2),
                            Text.f(100 * hs.meanConfidence(), 1)), 540, ry + 16, 13, Font.PLAIN, Draw.ink());
                }
                double main = scores.get().heads().get(0).accuracy();
                double aux = scores.get().heads().get(1).accuracy();
                // within half a point (the paper's whole effect of the heads) the two count as level
                Draw.paragraph(g, t.get(aux >= main - 0.005 ? "panel.setVerdict" : "panel.setAhead",
                        Text.f(100 * aux, 2), Text.f(100 * main, 2)), 0, sy + 96, 880, 14, Font.PLAIN, Draw.ink());
            }
            // top-3 of each head: the current picture, and the first test picture where the heads part
            double hy = 640;
            topThree(g, t.get("panel.heads", ctx.picture().name()), ctx.picture(), List.of(mainTop, auxTop), colours,
                    0, hy);
            parted.ifPresent(pic -> topThree(g, t.get("panel.parted", scores.get().disagreement(),
                    FashionMnist.classNames().get(pic.label())), pic, partedTop, colours, 450, hy));
        };
        return new Page("googlenet-aux", t.title(), text, formulas, List.of(), knobs,
                List.of(new Page.Link("googlenet · aux1", "googlenet", "aux1"),
                        new Page.Link("googlenet · aux2", "googlenet", "aux2"),
                        new Page.Link("mini-googlenet · aux1", MINI, "aux1")), nums, panel);
    }

    /** A picture beside the top-3 of the main head (left) and the auxiliary head (right). */
    private static void topThree(Graphics2D g, String title, LessonContext.Picture picture,
                                 List<List<Prediction>> heads, Color[] colours, double x0, double y0) {
        Draw.text(g, title, x0, y0, 14, Font.BOLD, Draw.ink());
        Draw.map(g, picture.pixels(), 28, 28, x0, y0 + 12, 84, 0, 1);
        for (int k = 0; k < heads.size(); k++) {
            double cx = x0 + 96 + k * 170;
            for (int i = 0; i < heads.get(k).size(); i++) {
                Prediction p = heads.get(k).get(i);
                double py = y0 + 14 + i * 50;
                Draw.text(g, p.label(), cx, py + 14, 13, i == 0 ? Font.BOLD : Font.PLAIN, Draw.ink());
                Draw.fill(g, cx, py + 20, 100 * p.probability(), 14, Draw.alpha(colours[k], 160));
                Draw.text(g, Text.f(100 * p.probability(), 1) + " %", cx + 106, py + 32, 12, Font.PLAIN, Draw.ink());
            }
        }
    }

    /** Parameters of the fully connected layers on the main path (auxiliary heads left out). */
    static long mainFc(Network n) {
        return n.layers().stream().filter(l -> "fc".equals(l.type()) && !l.aux()).mapToLong(Layer::params).sum();
    }

    /** A classifier on a 1024×7×7 map: flattened into one FC layer, or global average pooled first. */
    static Network head(boolean pooled) {
        NetworkBuilder b = new NetworkBuilder("head", "head", "", Shape.chw(1024, 7, 7), 1000);
        String x = pooled ? b.add("gap", gap(), INPUT) : INPUT;
        b.add("fc", fc(1000), b.add("flatten", flatten(), x));
        return b.build();
    }

    static Page pooling(LessonContext ctx) {
        Text t = new Text("googlenet-gap");
        Network flat = head(false);
        Network pooled = head(true);
        Layer fcFlat = flat.layer("fc");
        Layer fcPooled = pooled.layer("fc");
        long perClassFlat = fcFlat.inputShapes().get(0).size();
        long perClassPooled = fcPooled.inputShapes().get(0).size();
        long weightsFlat = fcFlat.params() - 1000;
        long weightsPooled = fcPooled.params() - 1000;
        Network goog = Catalog.get("googlenet").build();
        Network vgg = Catalog.get("vgg16").build();
        long vggFc = mainFc(vgg);
        long googFc = mainFc(goog);
        Map<String, Long> nums = new LinkedHashMap<>();
        nums.put("perClassFlat", perClassFlat);
        nums.put("perClassPooled", perClassPooled);
        nums.put("weightsFlat", weightsFlat);
        nums.put("weightsPooled", weightsPooled);
        nums.put("slide", 7L * 1024);
        nums.put("googlenet.params", goog.params());
        nums.put("vgg16.params", vgg.params());
        nums.put("googlenet.fc", googFc);
        nums.put("vgg16.fc", vggFc);
        List<String> formulas = List.of(
                t.get("f.flat", n(perClassFlat), n(weightsFlat)),
                t.get("f.pooled", n(weightsPooled)),
                t.get("f.slide", n(7L * 1024), n(perClassFlat)),
                t.get("f.nets", Text.m(goog.params()), Text.m(vgg.params()), Text.m(vggFc), Text.m(googFc)));
        List<String> text = List.of(t.get("p1"), t.get("p2"), t.get("p3", Text.m(goog.params())),
                t.get("p4", n(weightsFlat), n(weightsPooled), Text.f((double) weightsFlat / weightsPooled, 0)));
        Panel panel = (g, w, h, s) -> {
            Draw.fit(g, w, h);
            Draw.text(g, t.get("panel.head"), 0, 22, 18, Font.BOLD, Draw.ink());
            // a stack of 7×7 maps, flattened versus averaged
            for (int k = 5; k >= 0; k--) {
                double x = 20 + k * 10;
                double y = 50 + k * 10;
                Draw.fill(g, x, y, 105, 105, new Color(0xe8, 0xee, 0xf8));
                for (int i = 0; i <= 7; i++) {
                    Draw.line(g, x + i * 15, y, x + i * 15, y + 105, Draw.grid(), 1);
                    Draw.line(g, x, y + i * 15, x + 105, y + i * 15, Draw.grid(), 1);
                }
                Draw.box(g, x, y, 105, 105, Draw.accent(), 1.5f);
            }
            Draw.text(g, "7×7×1024", 40, 230, 15, Font.PLAIN, Draw.ink());
            Draw.line(g, 190, 110, 300, 80, Draw.warm(), 2);
            Draw.text(g, "flatten → " + n(perClassFlat) + " → fc 1000", 310, 85, 16, Font.BOLD, Draw.warm());
            Draw.line(g, 190, 130, 300, 170, Draw.green(), 2);
            Draw.text(g, "GAP → 1024 → fc 1000", 310, 175, 16, Font.BOLD, Draw.green());
            double by = 290;
            double max = 820;
            Draw.fill(g, 0, by, max, 40, Draw.warm());
            Draw.text(g, "FC: " + n(weightsFlat), 10, by + 27, 16, Font.BOLD, Color.WHITE);
            Draw.fill(g, 0, by + 50, Math.max(3, max * weightsPooled / weightsFlat), 40, Draw.green());
            Draw.text(g, "GAP: " + n(weightsPooled), max * weightsPooled / weightsFlat + 10, by + 77, 16, Font.BOLD,
                    Draw.ink());
            // the slide's sum and its correction
            Draw.text(g, t.get("panel.slide"), 0, by + 140, 17, Font.BOLD, Draw.warm());
            Draw.text(g, "7·1024 = " + n(7L * 1024) + "   ≠   7·7·1024 = " + n(perClassFlat), 0, by + 170, 17,
                    Font.PLAIN, Draw.ink());
            // GoogLeNet against VGG-16, conv and FC parts
            double ny = 540;
            Draw.text(g, t.get("panel.nets"), 0, ny, 18, Font.BOLD, Draw.ink());
            long maxP = vgg.params();
            Network[] nets = {goog, vgg};
            long[] fcs = {googFc, vggFc};
            for (int i = 0; i < 2; i++) {
                double y = ny + 20 + i * 60;
                double conv = max * (nets[i].params() - fcs[i]) / maxP;
                Draw.fill(g, 0, y, Math.max(2, conv), 40, Draw.accent());
                Draw.fill(g, conv, y, Math.max(2, max * fcs[i] / maxP), 40, Draw.warm());
                Draw.text(g, nets[i].id() + " " + Text.m(nets[i].params()) + " (fc " + Text.m(fcs[i]) + ")",
                        i == 0 ? conv + max * fcs[i] / maxP + 10 : 10, y + 27, 16, Font.BOLD,
                        i == 0 ? Draw.ink() : Color.WHITE);
            }
            Draw.paragraph(g, t.get("panel.note", Text.m(vgg.params() - vggFc), Text.m(goog.params() - googFc),
                    Text.m(vggFc), Text.m(googFc)), 0, ny + 170, 860, 15, Font.PLAIN, Draw.muted());
        };
        return new Page("googlenet-gap", t.title(), text, formulas, List.of(), List.of(),
                List.of(new Page.Link("googlenet · avgpool", "googlenet", "avgpool"),
                        new Page.Link("vgg16 · fc6", "vgg16", "fc6")), nums, panel);
    }
}
