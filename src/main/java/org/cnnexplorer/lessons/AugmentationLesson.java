package org.cnnexplorer.lessons;

import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.data.Augmentations;
import org.cnnexplorer.data.FashionMnist;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.train.Evaluator;
import org.cnnexplorer.train.TrainingRun;
import org.cnnexplorer.weights.ShippedModels;

import java.awt.Font;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Data augmentation (Krizhevsky et al. 2012, §4.1): random crops and flips at training time, ten patches at test
 * time on the current picture and the shipped mini-alexnet, and PCA colour noise on the colour photo.
 */
final class AugmentationLesson {
    /** The same network as {@link AlexNetLessons#MINI}, shipped trained with crops and flips. */
    static final String AUGMENTED = "mini-alexnet-aug";
    /** The paper resizes to 256×256 before cropping; its crops are 224×224 (§2, §4.1). */
    static final int PAPER_RESIZED = 256;

    private AugmentationLesson() {
    }

    /** The h×w window at (x, y) of a side×side map, mirrored left-right if {@code flip}. */
    static float[] crop(float[] img, int side, int x, int y, int size, boolean flip) {
        float[] out = new float[size * size];
        for (int r = 0; r < size; r++) {
            for (int c = 0; c < size; c++) {
                int sc = flip ? size - 1 - c : c;
                out[r * size + c] = img[(y + r) * side + x + sc];
            }
        }
        return out;
    }

    static float[] pad(float[] img, int side, int p) {
        int s = side + 2 * p;
        float[] out = new float[s * s];
        for (int r = 0; r < side; r++) {
            System.arraycopy(img, r * side, out, (r + p) * s + p, side);
        }
        return out;
    }

    static Page page(LessonContext ctx) {
        Text t = new Text("alexnet-augmentation");
        Network tv = Catalog.get("alexnet-tv").build();
        Network paper = Catalog.get("alexnet").build();
        int crop = tv.input().height();
        int ours = paper.input().height();
        int offsets = PAPER_RESIZED - crop;
        int p = TrainingRun.AUGMENT_PADDING;
        int side = FashionMnist.SHAPE.height();
        Map<String, Long> nums = new LinkedHashMap<>();
        nums.put("crop", (long) crop);
        nums.put("paperCount", 2L * offsets * offsets);
        nums.put("everyOffset", 2L * (offsets + 1) * (offsets + 1));
        nums.put("crop227", 2L * (PAPER_RESIZED - ours + 1) * (PAPER_RESIZED - ours + 1));
        nums.put("miniPadding", (long) p);
        nums.put("miniCount", 2L * (2 * p + 1) * (2 * p + 1));
        List<String> formulas = List.of(
                t.get("f.paper", PAPER_RESIZED, crop, offsets, Text.n(2L * offsets * offsets)),
                t.get("f.every", offsets + 1, Text.n(2L * (offsets + 1) * (offsets + 1)), offsets),
                t.get("f.ours", ours, PAPER_RESIZED - ours + 1,
                        Text.n(2L * (PAPER_RESIZED - ours + 1) * (PAPER_RESIZED - ours + 1))),
                t.get("f.mini", p, side + 2 * p, side, 2 * p + 1, 2L * (2 * p + 1) * (2 * p + 1)),
                "x' = x + [p1 p2 p3] · [α1·λ1, α2·λ2, α3·λ3]^T,  α ~ N(0, σ)");
        List<String> text = List.of(t.get("p1", PAPER_RESIZED, crop, Text.m(paper.params())), t.get("p2"),
                t.get("p2b", AUGMENTED), t.get("p3"));
        // the ten test patches through both shipped mini-alexnets (trained without and with crops and flips), and
        // the single centre crop (the picture itself)
        Model mini = ctx.model(AlexNetLessons.MINI);
        Model aug = ctx.model(AUGMENTED);
        float[] padded = pad(ctx.picture().pixels(), side, p);
        float[] batch = Augmentations.tenCrops(ctx.picture().pixels(), FashionMnist.SHAPE, p);
        float[][] probs = mini.probabilities(batch, () -> false);
        float[][] augProbs = aug.probabilities(batch, () -> false);
        float[] mean = mean(probs);
        float[] augMean = mean(augProbs);
        float[] centre = probs[4];
        List<List<String>> table = new ArrayList<>();
        table.add(List.of(t.get("col.model"), t.get("col.asIs"), t.get("col.mirrored"), t.get("col.tenCrop")));
        for (String id : List.of(AlexNetLessons.MINI, AUGMENTED)) {
            ShippedModels.evaluation(id).ifPresent(e -> table.add(List.of(id, percent(e.asIs()),
                    percent(e.mirrored()), percent(e.tenCrop()))));
        }
        String note = AlexNetLessons.trainedNote(mini);
        BufferedImage colour = ColourPicture.square(ctx.photo().image(), 128);
        ColourPicture.Pca pca = ColourPicture.pca(colour);
        List<Knob> knobs = List.of(Knob.linear("seed", t.get("knob.seed"), 0, 99, 1, 1),
                Knob.linear("sigma", "σ", 0, 3, 0.1, 0.01));
        Panel panel = (g, w, h, s) -> {
            Draw.fit(g, w, h);
            int seed = s.integer("seed");
            double sigma = s.get("sigma");
            Random rnd = new Random(seed);
            int ps = side + 2 * p;
            Draw.text(g, t.get("panel.crops", side, ps), 0, 20, 17, Font.BOLD, Draw.ink());
            Draw.map(g, padded, ps, ps, 0, 32, 110, 0, 1);
            for (int i = 0; i < 7; i++) {
                int x = rnd.nextInt(2 * p + 1);
                int y = rnd.nextInt(2 * p + 1);
                boolean flip = rnd.nextBoolean();
                double px = 130 + i * 108;
                Draw.map(g, crop(padded, ps, x, y, side, flip), side, side, px, 32 + 110 * 2.0 / ps, 96, 0, 1);
                Draw.centred(g, "(" + x + "," + y + ")" + (flip ? " ⇋" : ""), px + 48, 160, 12, Font.PLAIN,
                        Draw.muted());
            }
            double ty = 200;
            Draw.text(g, t.get("panel.ten"), 0, ty, 17, Font.BOLD, Draw.ink());
            Draw.text(g, note, 0, ty + 20, 13, Font.PLAIN, Draw.muted());
            for (int i = 0; i < 10; i++) {
                double px = (i % 5) * 150;
                double py = ty + 34 + (i / 5) * 140;
                Draw.map(g, Arrays.copyOfRange(batch, i * side * side, (i + 1) * side * side), side, side,
                        px, py, 92, 0, 1);
                int top = Evaluator.argmax(probs[i]);
                Draw.text(g, label(top) + " " + Text.f(100 * probs[i][top], 0) + " %", px, py + 110, 13, Font.PLAIN,
                        i == 4 ? Draw.warm() : Draw.ink());
                int augTop = Evaluator.argmax(augProbs[i]);
                Draw.text(g, label(augTop) + " " + Text.f(100 * augProbs[i][augTop], 0) + " %", px, py + 126, 13,
                        Font.PLAIN, Draw.green());
            }
            int avg = Evaluator.argmax(mean);
            int one = Evaluator.argmax(centre);
            double ry = ty + 34 + 2 * 140 + 6;
            Draw.text(g, t.get("panel.average", label(avg), Text.f(100 * mean[avg], 1)), 0, ry, 15, Font.BOLD,
                    Draw.ink());
            Draw.text(g, t.get("panel.centre", label(one), Text.f(100 * centre[one], 1)), 0, ry + 22, 15, Font.BOLD,
                    Draw.warm());
            int augAvg = Evaluator.argmax(augMean);
            int augOne = Evaluator.argmax(augProbs[4]);
            Draw.text(g, t.get("panel.aug", AUGMENTED, label(augAvg), Text.f(100 * augMean[augAvg], 1),
                    label(augOne), Text.f(100 * augProbs[4][augOne], 1)), 0, ry + 44, 15, Font.BOLD, Draw.green());
            // PCA colour augmentation on a colour picture
            double cy = ry + 80;
            Draw.text(g, t.get("panel.pca", Text.f(sigma, 2)), 0, cy, 17, Font.BOLD, Draw.ink());
            g.drawImage(colour, 0, (int) cy + 12, 110, 110, null);
            Random cr = new Random(1000L + seed);
            for (int i = 0; i < 6; i++) {
                double[] alpha = {cr.nextGaussian() * sigma, cr.nextGaussian() * sigma, cr.nextGaussian() * sigma};
                g.drawImage(pca.shift(colour, alpha), 130 + i * 124, (int) cy + 12, 110, 110, null);
            }
            Draw.text(g, t.get("panel.eigen", Text.f(pca.values()[0], 4), Text.f(pca.values()[1], 4),
                    Text.f(pca.values()[2], 4)), 0, cy + 145, 13, Font.PLAIN, Draw.muted());
        };
        return new Page("alexnet-augmentation", t.title(), text, formulas, table.size() > 1 ? table : List.of(), knobs,
                List.of(new Page.Link("alexnet · input", "alexnet", "input"),
                        new Page.Link("alexnet-tv · input", "alexnet-tv", "input")), nums, panel);
    }

    private static float[] mean(float[][] probs) {
        float[] mean = new float[probs[0].length];
        for (float[] pr : probs) {
            for (int c = 0; c < mean.length; c++) {
                mean[c] += pr[c] / probs.length;
            }
        }
        return mean;
    }

    private static String percent(double fraction) {
        return Text.f(100 * fraction, 1) + " %";
    }

    static String label(int c) {
        return FashionMnist.Label.of(c).displayName();
    }

}
