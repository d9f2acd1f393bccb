package org.cnnexplorer.lessons;

import org.cnnexplorer.arch.Layers;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.engine.Gradients;
import org.cnnexplorer.experiments.ActivationRace;
import org.cnnexplorer.experiments.RaceRecord;
import org.cnnexplorer.experiments.RateGrid;
import org.cnnexplorer.io.AtomicFiles;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * ReLU against the saturating sigmoid and tanh (Krizhevsky et al. 2012, §3.1): the curves and their slopes, the
 * bound (1/4)^d on a sigmoid's gradient through d layers, and the measured gradient of every layer of one catalog
 * network built three times, once per activation ({@code mini-plain-relu|sigmoid|tanh}), on a batch of test images;
 * and the three trained side by side ({@link ReluRace}), with the steps each took to 25 % training error beside the
 * paper's claim.
 */
final class ReluLesson {
    private ReluLesson() {
    }

    static Page page(LessonContext ctx) {
        Text t = new Text("alexnet-relu");
        int[] labels = new int[ReluRace.BATCH];
        float[] images = LessonContext.testImages(ReluRace.BATCH, labels);
        Map<Layers.Activation, Map<String, Double>> norms = new LinkedHashMap<>();
        Network relu = Catalog.get(ReluRace.netId(Layers.Activation.RELU)).build();
        for (Layers.Activation a : Layers.Activation.values()) {
            norms.put(a, Gradients.layerNorms(Catalog.get(ReluRace.netId(a)).build(), ReluRace.SEED, images, labels));
        }
        List<String> layers = new ArrayList<>(norms.get(Layers.Activation.RELU).keySet());
        Map<String, Long> nums = new LinkedHashMap<>();
        nums.put("depth", (long) relu.depth());
        nums.put("params", relu.params());
        for (Layers.Activation a : Layers.Activation.values()) {
            nums.put(a.id() + ".params", Catalog.get(ReluRace.netId(a)).build().params());
        }
        double first = norms.get(Layers.Activation.SIGMOID).get(layers.get(0));
        double last = norms.get(Layers.Activation.SIGMOID).get(layers.get(layers.size() - 1));
        double firstRelu = norms.get(Layers.Activation.RELU).get(layers.get(0));
        double lastRelu = norms.get(Layers.Activation.RELU).get(layers.get(layers.size() - 1));
        List<String> formulas = List.of(
                "σ(x) = 1 / (1 + e^(−x)),   σ'(x) = σ(x)(1 − σ(x)) ≤ 1/4",
                "tanh'(x) = 1 − tanh²(x) ≤ 1,   ReLU'(x) = 1 (x > 0), 0 (x < 0)",
                "∂L/∂W1 = … · σ'(z1) · W2 · σ'(z2) · … · σ'(zd) · …   →   (1/4)^d",
                t.get("f.measured", layers.get(0), layers.get(layers.size() - 1), Text.f(last / first, 1),
                        Text.f(lastRelu / firstRelu, 1)));
        List<String> text = List.of(t.get("p1"), t.get("p2", relu.depth()),
                t.get("p3", ReluRace.BATCH, ReluRace.SEED, relu.depth(),
                        Text.f(100 * RaceRecord.TARGET_ERROR, 0), RaceRecord.WINDOW), t.get("p4"));
        // the race this page shows: a run in the window once it has a step, else the kept one (the user's last finished
        // race, or the shipped one), so the printed page shows a measured result beside the paper's
        AtomicReference<RaceRecord> live = new AtomicReference<>();
        Optional<ReluRace.Kept> kept = ReluRace.kept();
        Optional<RateGrid> grid = ReluRace.grid();
        grid.ifPresent(gr -> {
            for (Layers.Activation a : Layers.Activation.values()) {
                gr.chosen(ReluRace.netId(a)).ifPresent(c -> nums.put("grid." + a.id() + ".median",
                        (long) c.median().getAsInt()));
            }
        });
        kept.ifPresent(k -> {
            for (Layers.Activation a : Layers.Activation.values()) {
                k.record().stepsToTarget(ReluRace.netId(a))
                        .ifPresent(n -> nums.put("race." + a.id() + ".steps", (long) n));
            }
        });
        Page.Experiment experiment = new Page.Experiment() {
            @Override
            public String label() {
                return t.get("run");
            }

            @Override
            public void run(BooleanSupplier cancelled, Runnable changed) throws IOException {
                RaceRecord record = new RaceRecord();
                live.set(record);
                if (ReluRace.run(ReluRace.STEPS, record, cancelled, changed)) {
                    AtomicFiles.folder(ReluRace.keptFile().getParent());
                    record.write(ReluRace.keptFile());
                }
            }
        };
        List<Knob> knobs = List.of(Knob.linear("depth", t.get("knob.depth"), 1, 30, relu.depth(), 1));
        Panel panel = (g, w, h, s) -> {
            Draw.fit(g, w, h);
            Color[] colours = {Draw.accent(), Draw.warm(), Draw.green()};
            // the three curves (solid) and their slopes (dashed)
            Draw.text(g, t.get("panel.curves"), 0, 20, 17, Font.BOLD, Draw.ink());
            double px = 40;
            double py = 40;
            double pw = 380;
            double ph = 170;
            Draw.line(g, px, py + ph / 2, px + pw, py + ph / 2, Draw.grid(), 1);
            Draw.line(g, px + pw / 2, py, px + pw / 2, py + ph, Draw.grid(), 1);
            DoubleUnaryOperator sig = x -> 1 / (1 + Math.exp(-x));
            List<DoubleUnaryOperator> f = List.of(x -> Math.max(0, x), sig, Math::tanh);
            List<DoubleUnaryOperator> df = List.of(x -> x > 0 ? 1 : 0,
                    x -> sig.applyAsDouble(x) * (1 - sig.applyAsDouble(x)),
                    x -> 1 - Math.tanh(x) * Math.tanh(x));
            for (int k = 0; k < 3; k++) {
                plot(g, f.get(k), px, py, pw, ph, colours[k], false);
                plot(g, df.get(k), px, py, pw, ph, colours[k], true);
            }
            Draw.text(g, "−4", px - 6, py + ph + 16, 12, Font.PLAIN, Draw.muted());
            Draw.text(g, "4", px + pw - 6, py + ph + 16, 12, Font.PLAIN, Draw.muted());
            String[] names = {"ReLU", "sigmoid", "tanh"};
            for (int k = 0; k < 3; k++) {
                Draw.fill(g, px + k * 120, py + ph + 28, 14, 14, colours[k]);
                Draw.text(g, names[k], px + k * 120 + 20, py + ph + 40, 14, Font.PLAIN, Draw.ink());
            }
            Draw.text(g, t.get("panel.dashed"), px, py + ph + 62, 13, Font.PLAIN, Draw.muted());
            // the bound through d layers
            int d = s.integer("depth");
            double bx = 480;
            Draw.text(g, t.get("panel.bound", d), bx, 20, 17, Font.BOLD, Draw.ink());
            Draw.text(g, "sigmoid: (1/4)^" + d + " = " + String.format(Locale.ROOT, "%.3g", Math.pow(0.25, d)),
                    bx, 60, 16, Font.PLAIN, Draw.warm());
            Draw.text(g, "tanh: ≤ 1^" + d + " = 1", bx, 86, 16, Font.PLAIN, Draw.green());
            Draw.text(g, "ReLU: 1^" + d + " = 1 " + t.get("panel.active"), bx, 112, 16, Font.PLAIN, Draw.accent());
            double barW = 380;
            double frac = Math.max(0, 1 + Math.log10(Math.pow(0.25, d)) / 20);
            Draw.fill(g, bx, 140, barW, 22, Draw.alpha(Draw.accent(), 90));
            Draw.fill(g, bx, 170, barW * frac, 22, Draw.warm());
            Draw.text(g, t.get("panel.logscale"), bx, 214, 12, Font.PLAIN, Draw.muted());
            // measured gradient norms per layer, log scale
            double gy = 330;
            Draw.text(g, t.get("panel.measured", ReluRace.BATCH), 0, gy - 40, 17, Font.BOLD, Draw.ink());
            Draw.text(g, t.get("panel.nets"), 0, gy - 18, 13, Font.PLAIN, Draw.muted());
            double lo = Double.MAX_VALUE;
            double hi = 0;
            for (Map<String, Double> m : norms.values()) {
                for (double v : m.values()) {
                    if (v > 0) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
            double llo = Math.floor(Math.log10(lo));
            double lhi = Math.ceil(Math.log10(hi));
            double gh = 120;
            double gx = 60;
            double gw = 820;
            Draw.line(g, gx, gy + gh, gx + gw, gy + gh, Draw.muted(), 1);
            for (double e = llo; e <= lhi; e++) {
                double y = gy + gh - gh * (e - llo) / Math.max(1, lhi - llo);
                Draw.line(g, gx, y, gx + gw, y, Draw.grid(), 1);
                Draw.text(g, "1e" + (int) e, 0, y + 4, 12, Font.PLAIN, Draw.muted());
            }
            double group = gw / layers.size();
            for (int i = 0; i < layers.size(); i++) {
                int k = 0;
                for (Map.Entry<Layers.Activation, Map<String, Double>> e : norms.entrySet()) {
                    double v = e.getValue().getOrDefault(layers.get(i), 0.0);
                    double bh = v <= 0 ? 0 : gh * (Math.log10(v) - llo) / Math.max(1, lhi - llo);
                    Draw.fill(g, gx + i * group + 10 + k * (group - 20) / 3, gy + gh - bh, (group - 20) / 3 - 3, bh,
                            colours[k]);
                    k++;
                }
                Draw.centred(g, layers.get(i), gx + i * group + group / 2, gy + gh + 18, 13, Font.PLAIN, Draw.ink());
            }
            Draw.text(g, t.get("panel.input"), gx, gy + gh + 36, 13, Font.PLAIN, Draw.muted());
            RaceRecord running = live.get();
            boolean own = running != null && !running.isEmpty();
            String shown = own ? t.get("race.live", running.steps(), ReluRace.STEPS)
                    : kept.map(k -> t.get(k.shipped() ? "race.shipped" : "race.kept")).orElse(null);
            live(g, t, own ? running : kept.map(ReluRace.Kept::record).orElse(null), shown, layers.get(0), colours, 0,
                    gy + gh + 62);
            grid(g, t, grid, colours, 0, gy + gh + 244);
        };
        return new Page("alexnet-relu", t.title(), text, formulas, PaperClaims.relu(), knobs,
                List.of(new Page.Link("alexnet · relu1", "alexnet", "relu1"),
                        new Page.Link("mini-plain-sigmoid", "mini-plain-sigmoid", "act1"),
                        new Page.Link("mini-plain-relu", "mini-plain-relu", "act1")), nums, panel, experiment);
    }

    /** The race: training loss (left) and the first layer's gradient norm, log scale (right), per step. */
    private static void live(Graphics2D g, Text t, RaceRecord race, String shown, String first, Color[] colours,
                             double x0, double y0) {
        Draw.text(g, t.get("panel.live", ActivationRace.MOMENTUM, ReluRace.BATCH, Text.f(100 * RaceRecord.TARGET_ERROR,
                0)), x0, y0, 15, Font.BOLD, Draw.ink());
        if (race == null || race.isEmpty()) {
            Draw.text(g, t.get("panel.notRun"), x0, y0 + 26, 14, Font.PLAIN, Draw.muted());
            return;
        }
        StringBuilder rates = new StringBuilder(shown);
        for (Layers.Activation a : Layers.Activation.values()) {
            race.rate(ReluRace.netId(a)).ifPresent(r -> rates.append(" · ").append(a.id()).append(' ')
                    .append(Text.f(r, r < 0.1 ? 2 : 1)));
        }
        Draw.text(g, rates.toString(), x0, y0 + 20, 13, Font.PLAIN, Draw.muted());
        Map<String, List<RaceRecord.Row>> data = race.snapshot();
        Map<String, Color> colourOf = new LinkedHashMap<>();
        for (Layers.Activation a : Layers.Activation.values()) {
            colourOf.put(ReluRace.netId(a), colours[a.ordinal() % colours.length]);
        }
        int steps = race.steps();
        double w = 400;
        double h = 88;
        double top = y0 + 44;
        chart(g, t.get("panel.loss"), data, RaceRecord.Row::loss, false, colourOf, x0 + 40, top, w, h, steps);
        chart(g, t.get("panel.firstNorm", first), data, RaceRecord.Row::firstNorm, true, colourOf, x0 + 490, top,
                w - 40, h, steps);
        double x = x0 + 40;
        int k = 0;
        for (Layers.Activation a : Layers.Activation.values()) {
            OptionalInt n = race.stepsToTarget(ReluRace.netId(a));
            String s = n.isPresent() ? t.get("panel.reached", a.id(), n.getAsInt())
                    : t.get("panel.notReached", a.id(), steps);
            Draw.text(g, s, x, top + h + 32, 13, Font.BOLD, colours[k++ % colours.length]);
            g.setFont(Draw.font(Font.BOLD, 13));
            x += g.getFontMetrics().stringWidth(s) + 24;
        }
    }

    /**
     * The learning-rate grid (the paper's protocol): per activation and rate, the median steps to the target over
     * the seeds and their range; each activation's chosen rate in bold; then the paper's claim against ours.
     */
    private static void grid(Graphics2D g, Text t, Optional<RateGrid> grid, Color[] colours, double x0, double y0) {
        Draw.text(g, t.get("panel.grid", Text.f(100 * RaceRecord.TARGET_ERROR, 0), ReluRace.SEEDS.size()), x0, y0, 15,
                Font.BOLD, Draw.ink());
        if (grid.isEmpty()) {
            Draw.text(g, t.get("panel.noGrid"), x0, y0 + 22, 13, Font.PLAIN, Draw.muted());
            return;
        }
        RateGrid gr = grid.get();
        double col0 = x0 + 90;
        double cw = 190;
        double y = y0 + 22;
        Draw.text(g, t.get("panel.rate"), x0, y, 13, Font.PLAIN, Draw.muted());
        for (int j = 0; j < gr.rates().size(); j++) {
            Draw.text(g, Text.f(gr.rates().get(j), gr.rates().get(j) < 0.1 ? 2 : 1), col0 + j * cw, y, 13, Font.PLAIN,
                    Draw.muted());
        }
        int k = 0;
        for (Layers.Activation a : Layers.Activation.values()) {
            y += 20;
            String id = ReluRace.netId(a);
            Color c = colours[k++ % colours.length];
            Draw.text(g, a.id(), x0, y, 13, Font.BOLD, c);
            Optional<RateGrid.Cell> chosen = gr.chosen(id);
            for (int j = 0; j < gr.rates().size(); j++) {
                RateGrid.Cell cell = gr.cell(id, gr.rates().get(j));
                boolean best = chosen.isPresent() && chosen.get().rate() == cell.rate();
                Draw.text(g, cellText(t, cell), col0 + j * cw, y, 13, best ? Font.BOLD : Font.PLAIN,
                        best ? c : Draw.ink());
            }
        }
        y += 20;
        Draw.text(g, t.get("panel.dash", ReluRace.STEPS), x0, y, 12, Font.PLAIN, Draw.muted());
        y = Draw.paragraph(g, t.get("panel.paper"), x0, y + 18, 880, 13, Font.PLAIN, Draw.ink());
        Optional<RateGrid.Cell> relu = gr.chosen(ReluRace.netId(Layers.Activation.RELU));
        Optional<RateGrid.Cell> tanh = gr.chosen(ReluRace.netId(Layers.Activation.TANH));
        String verdict;
        if (relu.isPresent() && tanh.isPresent()) {
            double ratio = (double) tanh.get().median().getAsInt() / relu.get().median().getAsInt();
            verdict = t.get(ratio > 1 ? "panel.faster" : "panel.notFaster", Text.f(ratio, 1),
                    relu.get().median().getAsInt(), tanh.get().median().getAsInt());
        } else {
            verdict = t.get("panel.undecided");
        }
        Draw.paragraph(g, verdict, x0, y, 880, 13, Font.BOLD, Draw.ink());
    }

    /** "median (fastest–slowest)", or why there is none. */
    private static String cellText(Text t, RateGrid.Cell cell) {
        if (cell.median().isPresent()) {
            return cell.allReached() && cell.fastest().getAsInt() != cell.slowest().getAsInt()
                    ? t.get("cell.range", cell.median().getAsInt(), cell.fastest().getAsInt(),
                    cell.slowest().getAsInt())
                    : t.get(cell.allReached() ? "cell.median" : "cell.some", cell.median().getAsInt(),
                    cell.runs().stream().filter(RateGrid.Run::reached).count(), cell.runs().size());
        }
        return t.get(cell.anyDiverged() ? "cell.diverged" : "cell.notReached");
    }

    private static void chart(Graphics2D g, String title, Map<String, List<RaceRecord.Row>> data,
                              ToDoubleFunction<RaceRecord.Row> column, boolean log,
                              Map<String, Color> colours, double x, double y, double w, double h, int steps) {
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (List<RaceRecord.Row> series : data.values()) {
            for (RaceRecord.Row p : series) {
                double v = log ? Math.log10(Math.max(1e-12, column.applyAsDouble(p))) : column.applyAsDouble(p);
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!log) {
            lo = 0;
        } else {
            lo = Math.floor(lo);
            hi = Math.ceil(hi);
        }
        if (hi <= lo) {
            hi = lo + 1;
        }
        Draw.text(g, title, x - 40, y - 6, 13, Font.PLAIN, Draw.ink());
        Draw.line(g, x, y + h, x + w, y + h, Draw.muted(), 1);
        Draw.line(g, x, y, x, y + h, Draw.muted(), 1);
        Draw.text(g, log ? "1e" + (int) hi : Text.f(hi, 2), x - 40, y + 10, 11, Font.PLAIN, Draw.muted());
        Draw.text(g, log ? "1e" + (int) lo : "0", x - 40, y + h, 11, Font.PLAIN, Draw.muted());
        Draw.text(g, String.valueOf(steps), x + w - 20, y + h + 14, 11, Font.PLAIN, Draw.muted());
        for (Map.Entry<String, List<RaceRecord.Row>> e : data.entrySet()) {
            List<RaceRecord.Row> series = e.getValue();
            Path2D path = new Path2D.Double();
            boolean started = false;
            for (RaceRecord.Row p : series) {
                double v = log ? Math.log10(Math.max(1e-12, column.applyAsDouble(p))) : column.applyAsDouble(p);
                if (!Double.isFinite(v)) {
                    continue;
                }
                double px = x + w * p.step() / Math.max(1, steps);
                double py = y + h - h * (v - lo) / (hi - lo);
                if (!started) {
                    path.moveTo(px, py);
                    started = true;
                } else {
                    path.lineTo(px, py);
                }
            }
            g.setColor(colours.getOrDefault(e.getKey(), Draw.muted()));
            g.setStroke(Draw.stroke(1.6f));
            g.draw(path);
        }
    }

    private static void plot(Graphics2D g, DoubleUnaryOperator f, double px, double py, double pw, double ph, Color c,
                             boolean dashed) {
        // the curve inside the plot's −1.1 … 1.1 only (ReLU leaves through the top): no clip, which FXGraphics2D
        // would keep on the canvas
        Path2D path = new Path2D.Double();
        boolean inside = false;
        for (int i = 0; i <= 400; i++) {
            double x = -4 + 8.0 * i / 400;
            double y = f.applyAsDouble(x);
            if (Math.abs(y) > 1.1) {
                inside = false;
                continue;
            }
            double sx = px + pw * i / 400;
            double sy = py + ph / 2 - y * ph / 2.2;
            if (!inside) {
                path.moveTo(sx, sy);
                inside = true;
            } else {
                path.lineTo(sx, sy);
            }
        }
        g.setColor(c);
        g.setStroke(dashed
                ? Draw.dashed(2f)
                : Draw.stroke(2.5f));
        g.draw(path);
    }
}
