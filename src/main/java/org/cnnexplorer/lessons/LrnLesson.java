package org.cnnexplorer.lessons;

import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.engine.LayerActivation;
import org.cnnexplorer.engine.Model;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

/**
 * Local response normalisation (Krizhevsky et al. 2012, §3.3) with its four constants as sliders, applied to real
 * first-layer maps: ImageNet AlexNet's on a photograph when the user imported its weights, else the shipped
 * mini-alexnet's on the current picture.
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
        for (int p = 0; p < hw; p++) {
            for (int i = 0; i < channels; i++) {
                double f = Math.pow(k + alpha * windowSum(maps, channels, hw, n, i, p), beta);
                factor[i * hw + p] = (float) f;
                out[i * hw + p] = (float) (maps[i * hw + p] / f);
            }
        }
        return out;
    }

    /** How much stronger than the uniform k^β the divisor must be for inhibition to show: 10 %. */
    static final double VISIBLE = 0.10;

    /**
     * The largest Σ a[j]² over a window of {@code n} channels, at any pixel and channel: where the divisor grows
     * first as α rises.
     */
    static double largestWindowSum(float[] maps, int channels, int hw, int n) {
        double best = 0;
        for (int p = 0; p < hw; p++) {
            for (int i = 0; i < channels; i++) {
                best = Math.max(best, windowSum(maps, channels, hw, n, i, p));
            }
        }
        return best;
    }

    /** Σ a[j]² over the {@code n} channels around channel {@code i} at pixel {@code p}, cut at the first and last. */
    private static double windowSum(float[] maps, int channels, int hw, int n, int i, int p) {
        double sum = 0;
        for (int j = Math.max(0, i - n / 2); j <= Math.min(channels - 1, i + n / 2); j++) {
            double a = maps[j * hw + p];
            sum += a * a;
        }
        return sum;
    }

    /**
     * The α from which LRN visibly inhibits: the divisor where the maps are strongest, (k + α·S)^β, is
     * {@link #VISIBLE} above the k^β every channel gets; infinite when it never is (no activation, β = 0).
     */
    static double visibleAlpha(double largestSum, double k, double beta) {
        if (largestSum <= 0 || beta <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        return k * (Math.pow(1 + VISIBLE, 1 / beta) - 1) / largestSum;
    }

    /** (k + α·S)^β / k^β: how much more the strongest window is divided than a silent one. */
    static double inhibition(double largestSum, double k, double alpha, double beta) {
        return k <= 0 ? Double.POSITIVE_INFINITY : Math.pow(1 + alpha * largestSum / k, beta);
    }

    /**
     * The first-layer maps the page works on: ImageNet AlexNet's on the photo when the user imported it, else the
     * shipped mini-alexnet's on the current picture.
     *
     * @param picture the picture as the network took it (null: draw the 28×28 picture)
     */
    record Source(LayerActivation relu1, BufferedImage picture, String title, String note, boolean imagenet) {
    }

    static Source source(LessonContext ctx, Text t) {
        Optional<Model> imported = ctx.imported(AlexNetLessons.IMAGENET);
        if (imported.isPresent()) {
            LessonContext.PhotoPass pass = ctx.onPhoto(AlexNetLessons.IMAGENET);
            LayerSpec own = imported.get().network().layer("norm1").spec();
            String hyper = own instanceof LayerSpec.Lrn l ? l.hyper() : "—";
            return new Source(pass.activations().get("relu1"), pass.seen(),
                    t.get("panel.title.imagenet", ctx.photo().name()), t.get("panel.imagenet", hyper), true);
        }
        return new Source(ctx.activations(AlexNetLessons.MINI).get("relu1"), null,
                t.get("panel.title", ctx.picture().name()),
                AlexNetLessons.trainedNote(ctx.model(AlexNetLessons.MINI)), false);
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
        Source src = source(ctx, t);
        LayerActivation relu1 = src.relu1();
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
        Knob alphaKnob = Knob.log("alpha", "α", 1e-6, 1, lrn.alpha());
        List<Knob> knobs = List.of(
                Knob.linear("k", "k", 0, 10, lrn.k(), 0.1),
                Knob.linear("n", "n", 1, 15, lrn.size(), 1),
                alphaKnob,
                Knob.linear("beta", "β", 0, 2, lrn.beta(), 0.05));
        List<String> formulas = List.of(
                "b[i] = a[i] / (k + α · Σ a[j]²)^β",
                t.get("f.range"),
                t.get("f.paper", lrn.hyper()),
                t.get("f.params", n(norm1.params()), n(vggA), n(vggLrn)),
                t.get("f.slide"));
        double paperSum = largestWindowSum(maps, channels, hw, lrn.size());
        double paperInhibition = inhibition(paperSum, lrn.k(), lrn.alpha(), lrn.beta());
        double paperVisible = visibleAlpha(paperSum, lrn.k(), lrn.beta());
        List<String> text = List.of(t.get("p1"),
                src.imagenet() ? t.get("p2.imagenet", ctx.photo().name()) : t.get("p2"),
                t.get("p5", Text.f(paperInhibition, 3), Text.f(100 * (paperInhibition - 1), 1),
                        alphaKnob.format(paperVisible),
                        t.get(paperVisible <= lrn.alpha() ? "p5.visible" : "p5.flat")),
                t.get("p3"), t.get("p4"));
        Panel panel = (g, w, h, s) -> {
            Draw.fit(g, w, h);
            double k = s.get("k");
            int n = s.integer("n");
            double alpha = s.get("alpha");
            double beta = s.get("beta");
            float[] factor = new float[maps.length];
            float[] after = apply(maps, channels, hw, k, n, alpha, beta, factor);
            float hi = Math.max(1e-6f, Draw.max(maps));
            Draw.text(g, src.title(), 0, 20, 17, Font.BOLD, Draw.ink());
            Draw.text(g, src.note(), 0, 42, 13, Font.PLAIN, Draw.muted());
            if (src.picture() != null) {
                g.drawImage(src.picture(), 0, 60, 120, 120, null);
            } else {
                Draw.map(g, ctx.picture().pixels(), 28, 28, 0, 60, 120, 0, 1);
            }
            double cell = 104;
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
            alphaScale(g, t, alphaKnob, alpha, lrn.alpha(),
                    visibleAlpha(largestWindowSum(maps, channels, hw, n), k, beta), 372);
            // the divisor across channels at the strongest pixel, and its mean over the map
            double py = 470;
            double ph = 130;
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
                Draw.fill(g, px + c * bw + bw * 0.1, py + ph - bh, bw * 0.8, bh,
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
            Draw.text(g, t.get("panel.legend"), px, py + ph + 40, 13, Font.PLAIN, Draw.ink());
            // the slide's LRN bullet and its correction
            double sy = Draw.paragraph(g, t.get("panel.slide"), 0, py + ph + 70, 860, 16, Font.BOLD, Draw.warm());
            Draw.paragraph(g, t.get("panel.correction"), 0, sy + 2, 860, 14, Font.PLAIN, Draw.ink());
            // the formula with this picture's numbers (CNN Explainer's idea)
            int c = shownChannel;
            double sum = windowSum(maps, channels, hw, n, c, pixel);
            double f = factor[c * hw + pixel];
            String plugged = "#" + c + ": b = " + Text.f(maps[c * hw + pixel], 3) + " / (" + Text.f(k, 2) + " + "
                    + alphaKnob.format(alpha) + " · " + Text.f(sum, 2) + ")^" + Text.f(beta, 2) + " = "
                    + Text.f(maps[c * hw + pixel], 3) + " / " + Text.f(f, 4) + " = " + Text.f(after[c * hw + pixel], 3);
            Draw.text(g, t.get("panel.plugged"), 0, 810, 15, Font.BOLD, Draw.ink());
            Draw.text(g, plugged, 0, 835, 15, Font.PLAIN, Draw.accent());
        };
        return new Page("alexnet-lrn", t.title(), text, formulas, PaperClaims.lrn(), knobs,
                List.of(new Page.Link("alexnet · norm1", "alexnet", "norm1"),
                        new Page.Link("vgg11-lrn · block1.norm", "vgg11-lrn", "block1.norm"),
                        new Page.Link("mini-alexnet · norm1", AlexNetLessons.MINI, "norm1")), nums, panel);
    }

    /**
     * The α slider's range as a log scale with three marks: the paper's α, where inhibition becomes visible with the
     * other sliders' values, and the slider's own α.
     */
    private static void alphaScale(Graphics2D g, Text t, Knob knob, double alpha, double paper, double visible,
                                   double y) {
        double x0 = 60;
        double width = 820;
        double lo = Math.log10(knob.min());
        double span = Math.log10(knob.max()) - lo;
        DoubleUnaryOperator at = a -> x0 + width * (Math.log10(Math.max(knob.min(), Math.min(knob.max(), a))) - lo)
                / span;
        boolean shows = Double.isFinite(visible) && visible <= knob.max();
        Draw.text(g, t.get("panel.alphaScale", shows ? knob.format(visible) : "—"), 0, y, 15, Font.BOLD,
                Draw.ink());
        double axis = y + 36;
        if (shows) {
            // from here on the strongest channel is damped visibly more than the rest
            Draw.fill(g, at.applyAsDouble(visible), axis - 8, x0 + width - at.applyAsDouble(visible), 16,
                    Draw.alpha(Draw.warm(), 70));
        }
        Draw.line(g, x0, axis, x0 + width, axis, Draw.muted(), 1);
        for (int e = (int) Math.round(lo); e <= Math.round(lo + span); e++) {
            double x = at.applyAsDouble(Math.pow(10, e));
            Draw.line(g, x, axis - 4, x, axis + 4, Draw.muted(), 1);
            Draw.centred(g, "1e" + e, x, axis + 20, 12, Font.PLAIN, Draw.muted());
        }
        double px = at.applyAsDouble(paper);
        Draw.line(g, px, axis - 14, px, axis + 8, Draw.accent(), 2.5f);
        Draw.centred(g, t.get("panel.alphaPaper"), px, axis - 18, 12, Font.PLAIN, Draw.accent());
        double ax = at.applyAsDouble(alpha);
        Path2D mark = new Path2D.Double();
        mark.moveTo(ax, axis + 2);
        mark.lineTo(ax - 7, axis + 14);
        mark.lineTo(ax + 7, axis + 14);
        mark.closePath();
        g.setColor(Draw.ink());
        g.fill(mark);
        Draw.text(g, t.get("panel.alphaLegend"), x0 + width * 0.55, axis + 38, 12, Font.PLAIN, Draw.warm());
    }

    private static String n(long v) {
        return Text.n(v);
    }

}
