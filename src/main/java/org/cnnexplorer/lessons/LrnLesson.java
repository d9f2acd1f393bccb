package org.cnnexplorer.lessons;

import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.engine.LayerActivation;
import org.cnnexplorer.engine.Model;

import java.awt.Font;
import java.awt.geom.Path2D;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Local response normalisation (Krizhevsky et al. 2012, §3.3) with its four constants as sliders, applied to the
 * real first-layer maps of the shipped mini-alexnet on the current picture.
 */
final class LrnLesson {
    private LrnLesson() {
    }

    /**
     * b[i] = a[i] / (k + α·Σ_{j = max(0, i − n/2)}^{min(N − 1, i + n/2)} a[j]²)^β at every pixel, as in the paper
     * (α not divided by n). {@code maps} is C×H×W; returns the normalised maps and, in {@code factor}, the divisor.
     */
    static float[] apply(float[] maps, int channels, int hw, double k, int n, double alpha, double beta,
                         float[] factor) {
        float[] out = new float[maps.length];
        int half = n / 2;
        for (int p = 0; p < hw; p++) {
            for (int i = 0; i < channels; i++) {
                double sum = 0;
                for (int j = Math.max(0, i - half); j <= Math.min(channels - 1, i + half); j++) {
                    double a = maps[j * hw + p];
                    sum += a * a;
                }
                double f = Math.pow(k + alpha * sum, beta);
                factor[i * hw + p] = (float) f;
                out[i * hw + p] = (float) (maps[i * hw + p] / f);
            }
        }
        return out;
    }

    static Page page(LessonContext ctx) {
        Text t = new Text("alexnet-lrn");
        Network a = Catalog.get("alexnet").build();
        Layer norm1 = a.layer("norm1");
        LayerSpec.Lrn lrn = (LayerSpec.Lrn) norm1.spec();
        long vggA = Catalog.get("vgg11").build().params();
        long vggLrn = Catalog.get("vgg11-lrn").build().params();
        Map<String, Long> nums = new LinkedHashMap<>();
        nums.put("norm1.params", norm1.params());
        nums.put("n", (long) lrn.size());
        nums.put("vggA.params", vggA);
        nums.put("vggALrn.params", vggLrn);
        Model mini = ctx.model(AlexNetLessons.MINI);
        LayerActivation relu1 = ctx.activations(AlexNetLessons.MINI).get("relu1");
        int channels = relu1.shape().channels();
        int side = relu1.shape().height();
        int hw = side * relu1.shape().width();
        float[] maps = relu1.values();
        // the six most active channels, and the pixel where the maps are strongest altogether
        Integer[] order = new Integer[channels];
        double[] mean = new double[channels];
        for (int c = 0; c < channels; c++) {
            order[c] = c;
            for (int p = 0; p < hw; p++) {
                mean[c] += maps[c * hw + p];
            }
        }
        Arrays.sort(order, (x, y) -> Double.compare(mean[y], mean[x]));
        int best = 0;
        double bestSum = -1;
        for (int p = 0; p < hw; p++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += maps[c * hw + p] * maps[c * hw + p];
            }
            if (sum > bestSum) {
                bestSum = sum;
                best = p;
            }
        }
        int pixel = best;
        int shownChannel = order[0];
        List<Knob> knobs = List.of(
                Knob.linear("k", "k", 0, 10, lrn.k(), 0.1),
                Knob.linear("n", "n", 1, 15, lrn.size(), 1),
                Knob.log("alpha", "α", 1e-6, 1, lrn.alpha()),
                Knob.linear("beta", "β", 0, 2, lrn.beta(), 0.05));
        List<String> formulas = List.of(
                "b[i] = a[i] / (k + α · Σ a[j]²)^β",
                t.get("f.range"),
                t.get("f.paper", lrn.hyper()),
                t.get("f.params", n(norm1.params()), n(vggA), n(vggLrn)),
                t.get("f.slide"));
        List<String> text = List.of(t.get("p1"), t.get("p2"), t.get("p3"), t.get("p4"));
        String note = AlexNetLessons.trainedNote(mini);
        Panel panel = (g, w, h, s) -> {
            Draw.fit(g, w, h);
            double k = s.get("k");
            int n = s.integer("n");
            double alpha = s.get("alpha");
            double beta = s.get("beta");
            float[] factor = new float[maps.length];
            float[] after = apply(maps, channels, hw, k, n, alpha, beta, factor);
            float hi = Math.max(1e-6f, Draw.max(maps));
            Draw.text(g, t.get("panel.title", ctx.picture().name()), 0, 20, 17, Font.BOLD, Draw.ink());
            Draw.text(g, note, 0, 42, 13, Font.PLAIN, Draw.muted());
            Draw.map(g, ctx.picture().pixels(), 28, 28, 0, 60, 120, 0, 1);
            double cell = 118;
            Draw.text(g, t.get("panel.before"), 140, 76, 15, Font.BOLD, Draw.ink());
            Draw.text(g, t.get("panel.after"), 140, 76 + cell + 24, 15, Font.BOLD, Draw.ink());
            for (int i = 0; i < 6; i++) {
                int c = order[i];
                double x = 140 + i * (cell + 6);
                Draw.map(g, Arrays.copyOfRange(maps, c * hw, (c + 1) * hw), side, side, x, 84, cell - 6, 0, hi);
                Draw.map(g, Arrays.copyOfRange(after, c * hw, (c + 1) * hw), side, side, x, 84 + cell + 24,
                        cell - 6, 0, hi);
                Draw.centred(g, "#" + c, x + cell / 2, 84 + 2 * cell + 36, 12, Font.PLAIN, Draw.muted());
            }
            Draw.text(g, t.get("panel.scale"), 140, 84 + 2 * cell + 56, 13, Font.PLAIN, Draw.muted());
            // the divisor across channels at the strongest pixel, and its mean over the map
            double py = 430;
            double ph = 160;
            double pw = 820;
            double px = 60;
            float fMax = 0;
            double[] meanF = new double[channels];
            for (int c = 0; c < channels; c++) {
                fMax = Math.max(fMax, factor[c * hw + pixel]);
                for (int p = 0; p < hw; p++) {
                    meanF[c] += factor[c * hw + p] / hw;
                }
                fMax = (float) Math.max(fMax, meanF[c]);
            }
            double top = Math.max(1e-6, fMax * 1.1);
            Draw.text(g, t.get("panel.factor", pixel % side, pixel / side), 0, py - 12, 16, Font.BOLD, Draw.ink());
            Draw.line(g, px, py + ph, px + pw, py + ph, Draw.muted(), 1);
            Draw.line(g, px, py, px, py + ph, Draw.muted(), 1);
            Draw.text(g, Text.f(top, 3), 0, py + 12, 12, Font.PLAIN, Draw.muted());
            Draw.text(g, "0", 40, py + ph, 12, Font.PLAIN, Draw.muted());
            double bw = pw / channels;
            for (int c = 0; c < channels; c++) {
                double v = factor[c * hw + pixel];
                double bh = ph * v / top;
                Draw.fill(g, px + c * bw + 2, py + ph - bh, bw - 4, bh,
                        Draw.alpha(Draw.accent(), c == shownChannel ? 255 : 150));
            }
            Path2D line = new Path2D.Double();
            for (int c = 0; c < channels; c++) {
                double x = px + c * bw + bw / 2;
                double y = py + ph - ph * meanF[c] / top;
                if (c == 0) {
                    line.moveTo(x, y);
                } else {
                    line.lineTo(x, y);
                }
            }
            g.setColor(Draw.warm());
            g.setStroke(Draw.stroke(2.5f));
            g.draw(line);
            Draw.centred(g, t.get("panel.channels", channels - 1), px + pw / 2, py + ph + 20, 13, Font.PLAIN,
                    Draw.muted());
            Draw.text(g, t.get("panel.legend"), px, py + ph + 42, 13, Font.PLAIN, Draw.ink());
            // the slide's LRN bullet and its correction
            double sy = Draw.paragraph(g, t.get("panel.slide"), 0, py + ph + 80, 860, 17, Font.BOLD, Draw.warm());
            Draw.paragraph(g, t.get("panel.correction"), 0, sy + 2, 860, 15, Font.PLAIN, Draw.ink());
            // the formula with this picture's numbers (CNN Explainer's idea)
            int c = shownChannel;
            double sum = 0;
            for (int j = Math.max(0, c - n / 2); j <= Math.min(channels - 1, c + n / 2); j++) {
                sum += maps[j * hw + pixel] * maps[j * hw + pixel];
            }
            double f = factor[c * hw + pixel];
            String plugged = "#" + c + ": b = " + Text.f(maps[c * hw + pixel], 3) + " / (" + Text.f(k, 2) + " + "
                    + knobs.get(2).format(alpha) + " · " + Text.f(sum, 2) + ")^" + Text.f(beta, 2) + " = "
                    + Text.f(maps[c * hw + pixel], 3) + " / " + Text.f(f, 4) + " = " + Text.f(after[c * hw + pixel], 3);
            Draw.text(g, t.get("panel.plugged"), 0, 790, 15, Font.BOLD, Draw.ink());
            Draw.text(g, plugged, 0, 815, 15, Font.PLAIN, Draw.accent());
        };
        return new Page("alexnet-lrn", t.title(), text, formulas, PaperClaims.lrn(), knobs,
                List.of(new Page.Link("alexnet · norm1", "alexnet", "norm1"),
                        new Page.Link("vgg11-lrn · block1.norm", "vgg11-lrn", "block1.norm"),
                        new Page.Link("mini-alexnet · norm1", AlexNetLessons.MINI, "norm1")), nums, panel);
    }

    private static String n(long v) {
        return Text.n(v);
    }

}
