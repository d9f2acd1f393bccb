package org.cnnexplorer.lessons;

import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.data.FashionMnist;
import org.cnnexplorer.data.Split;
import org.cnnexplorer.engine.natives.NativeThreads;
import org.cnnexplorer.experiments.ActivationRace;
import org.cnnexplorer.experiments.DropoutRecord;
import org.cnnexplorer.experiments.DropoutTraining;
import org.cnnexplorer.io.AtomicFiles;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Dropout (Krizhevsky et al. 2012, §4.2): mini-alexnet trained with and without its dropout layers on a small
 * training set, the errors on those images and on test images measured as they train. One home for the run's
 * settings, used by the lesson's ▶ in the window and by {@code lesson --dropout} (which makes the run shipped in
 * assets/lessons).
 */
public final class DropoutLesson {
    public static final String NETWORK = "mini-alexnet";
    /** Few training images, so that a network without dropout can learn them by heart within minutes. */
    public static final int TRAIN_IMAGES = 1000;
    public static final int TEST_IMAGES = 1000;
    public static final int BATCH = 50;
    /** 40 passes over the 1000 training images, measured ten times: 10 to 20 minutes on one core. */
    public static final int STEPS = 800;
    public static final int EVERY = 80;
    public static final long SEED = 42;

    private DropoutLesson() {
    }

    /**
     * Runs {@code steps} steps into {@code record}, measuring at the start, every {@link #EVERY} steps and at the
     * end, and calling {@code changed} after each step, until done or {@code cancelled}; on a low-priority thread
     * setting. Returns whether every step ran.
     */
    public static boolean run(int steps, DropoutRecord record, BooleanSupplier cancelled, Runnable changed) {
        NativeThreads.runInBackground();
        NativeThreads.leaveOneCoreFree();
        var train = FashionMnist.load(FashionMnist.embedded(), Split.TRAIN).limit(TRAIN_IMAGES);
        var test = FashionMnist.load(FashionMnist.embedded(), Split.TEST).limit(TEST_IMAGES);
        try (DropoutTraining t = new DropoutTraining(NETWORK, train, test, BATCH, SEED)) {
            t.evaluate(record);
            changed.run();
            for (int i = 1; i <= steps; i++) {
                if (cancelled.getAsBoolean()) {
                    return false;
                }
                t.step();
                if (i % EVERY == 0 || i == steps) {
                    t.evaluate(record);
                }
                changed.run();
            }
        }
        return true;
    }

    /** The user's kept run. */
    public static Path keptFile() {
        return LessonContext.keptDir().resolve(DropoutRecord.FILE);
    }

    /** A finished run from before and whether it is the shipped one (rather than the user's own). */
    record Kept(DropoutRecord record, boolean shipped) {
    }

    /** The user's last finished run, else the shipped one; a damaged file of the user's counts as none. */
    static Optional<Kept> kept() {
        try {
            Optional<DropoutRecord> mine = DropoutRecord.read(keptFile());
            if (mine.isPresent()) {
                return Optional.of(new Kept(mine.get(), false));
            }
        } catch (IOException damaged) {
            // the shipped run stands in until the next finished run overwrites the file
        }
        return DropoutRecord.shipped().map(r -> new Kept(r, true));
    }

    static Page page(LessonContext ctx) {
        Text t = new Text("alexnet-dropout");
        double rate = DropoutTraining.rate(NETWORK);
        Optional<Kept> kept = kept();
        Map<String, Long> nums = new LinkedHashMap<>();
        nums.put("steps", (long) STEPS);
        nums.put("trainImages", (long) TRAIN_IMAGES);
        nums.put("testImages", (long) TEST_IMAGES);
        kept.ifPresent(k -> {
            for (String id : List.of(DropoutTraining.WITH, DropoutTraining.WITHOUT)) {
                k.record().last(id).ifPresent(r -> {
                    nums.put(id + ".trainError.bp", Math.round(r.trainError() * 10_000));
                    nums.put(id + ".testError.bp", Math.round(r.testError() * 10_000));
                });
            }
        });
        String status = kept.map(k -> t.get(k.shipped() ? "run.shipped" : "run.kept", k.record().steps()))
                .orElse(t.get("run.none"));
        List<String> text = List.of(t.get("p1", Text.n(Catalog.get("alexnet").build().params())), t.get("p2"),
                t.get("p3", NETWORK, Text.f(rate, 1), TRAIN_IMAGES, TEST_IMAGES, STEPS, STEPS * BATCH / TRAIN_IMAGES,
                        EVERY), status);
        List<String> formulas = List.of(
                t.get("f.train", Text.f(rate, 1)),
                t.get("f.test", Text.f(1 - rate, 1)),
                t.get("f.gap"));
        AtomicReference<DropoutRecord> live = new AtomicReference<>();
        Page.Experiment experiment = new Page.Experiment() {
            @Override
            public String label() {
                return t.get("run");
            }

            @Override
            public void run(BooleanSupplier cancelled, Runnable changed) throws IOException {
                DropoutRecord record = new DropoutRecord();
                live.set(record);
                if (DropoutLesson.run(STEPS, record, cancelled, changed)) {
                    AtomicFiles.folder(keptFile().getParent());
                    record.write(keptFile());
                }
            }
        };
        List<Knob> knobs = List.of(Knob.linear("p", t.get("knob.p"), 0, 0.9, rate, 0.1),
                Knob.linear("seed", t.get("knob.seed"), 1, 20, 1, 1));
        Panel panel = (g, w, h, s) -> {
            Draw.fit(g, w, h);
            units(g, t, s.get("p"), s.integer("seed"));
            DropoutRecord running = live.get();
            boolean own = running != null && !running.isEmpty();
            DropoutRecord shown = own ? running : kept.map(Kept::record).orElse(null);
            String line = own ? t.get("run.live", running.steps(), STEPS) : status;
            curves(g, t, shown, line, 0, 330);
        };
        return new Page("alexnet-dropout", t.title(), text, formulas, PaperClaims.dropout(), knobs,
                List.of(new Page.Link("alexnet · drop6", "alexnet", "drop6"),
                        new Page.Link("mini-alexnet · drop6", NETWORK, "drop6")), nums, panel, experiment);
    }

    /** Two fully connected layers of ten units; with rate {@code p}, a random set of the lower ones is switched off. */
    private static void units(Graphics2D g, Text t, double p, int seed) {
        Draw.text(g, t.get("panel.units", Text.f(p, 1)), 0, 20, 17, Font.BOLD, Draw.ink());
        Random r = new Random(seed);
        int n = 10;
        boolean[] off = new boolean[n];
        for (int i = 0; i < n; i++) {
            off[i] = r.nextDouble() < p;
        }
        double x0 = 40;
        double gap = 80;
        double lower = 230;
        double upper = 80;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                Draw.line(g, x0 + i * gap, lower, x0 + j * gap, upper, off[i] ? Draw.alpha(Draw.muted(), 25)
                        : Draw.alpha(Draw.accent(), 60), 1);
            }
        }
        for (int i = 0; i < n; i++) {
            circle(g, x0 + i * gap, upper, Draw.accent());
            circle(g, x0 + i * gap, lower, off[i] ? Draw.grid() : Draw.accent());
            if (off[i]) {
                Draw.line(g, x0 + i * gap - 12, lower - 12, x0 + i * gap + 12, lower + 12, Draw.warm(), 2.5f);
                Draw.line(g, x0 + i * gap - 12, lower + 12, x0 + i * gap + 12, lower - 12, Draw.warm(), 2.5f);
            }
        }
        Draw.text(g, "fc7", x0 + n * gap - 40, upper + 5, 14, Font.PLAIN, Draw.muted());
        Draw.text(g, "fc6", x0 + n * gap - 40, lower + 5, 14, Font.PLAIN, Draw.muted());
        Draw.paragraph(g, t.get("panel.unitsNote"), 0, lower + 45, 860, 14, Font.PLAIN, Draw.muted());
    }

    private static void circle(Graphics2D g, double x, double y, Color c) {
        g.setColor(c);
        g.fill(new Ellipse2D.Double(x - 11, y - 11, 22, 22));
    }

    /**
     * The run: error on the training images (thin, dashed) and on the test images (bold) per step, with dropout in
     * blue and without in orange, as He et al.'s Figure 6 draws training and test error; below, the final gap.
     */
    private static void curves(Graphics2D g, Text t, DropoutRecord run, String line, double x0, double y0) {
        Draw.text(g, t.get("panel.live", DropoutTraining.LEARNING_RATE, ActivationRace.MOMENTUM, BATCH), x0, y0, 17,
                Font.BOLD, Draw.ink());
        if (run == null || run.isEmpty()) {
            Draw.paragraph(g, line, x0, y0 + 28, 860, 16, Font.PLAIN, Draw.warm());
            return;
        }
        Draw.paragraph(g, line, x0, y0 + 22, 860, 13, Font.PLAIN, Draw.muted());
        Map<String, List<DropoutRecord.Row>> data = run.snapshot();
        Color[] colours = {Draw.accent(), Draw.warm()};
        String[] ids = {DropoutTraining.WITH, DropoutTraining.WITHOUT};
        double x = x0 + 50;
        double y = y0 + 70;
        double w = 560;
        double h = 250;
        int steps = Math.max(1, run.steps());
        double top = 0.5;
        Draw.line(g, x, y + h, x + w, y + h, Draw.muted(), 1);
        Draw.line(g, x, y, x, y + h, Draw.muted(), 1);
        for (int k = 0; k <= 5; k++) {
            double v = top * k / 5;
            double yy = y + h - h * v / top;
            Draw.line(g, x, yy, x + w, yy, Draw.grid(), 1);
            Draw.text(g, Text.f(100 * v, 0) + " %", x - 48, yy + 4, 11, Font.PLAIN, Draw.muted());
        }
        Draw.text(g, "0", x - 4, y + h + 16, 11, Font.PLAIN, Draw.muted());
        Draw.text(g, steps + " " + t.get("panel.steps"), x + w - 60, y + h + 16, 11, Font.PLAIN, Draw.muted());
        for (int k = 0; k < ids.length; k++) {
            List<DropoutRecord.Row> series = data.getOrDefault(ids[k], List.of());
            // from the first measurement after training starts: before it both guess (about 90 % error), off the axis
            List<DropoutRecord.Row> trained = series.stream().filter(r -> r.step() > 0).toList();
            series(g, trained, true, colours[k], x, y, w, h, steps, top);
            series(g, trained, false, colours[k], x, y, w, h, steps, top);
        }
        // legend and the final numbers
        double lx = x + w + 30;
        double ly = y + 10;
        for (int k = 0; k < ids.length; k++) {
            Optional<DropoutRecord.Row> last = run.last(ids[k]);
            Draw.text(g, t.get("panel." + ids[k]), lx, ly, 15, Font.BOLD, colours[k]);
            if (last.isPresent()) {
                DropoutRecord.Row r = last.get();
                Draw.text(g, t.get("panel.train", Text.f(100 * r.trainError(), 1)), lx, ly + 22, 14, Font.PLAIN,
                        Draw.ink());
                Draw.text(g, t.get("panel.test", Text.f(100 * r.testError(), 1)), lx, ly + 42, 14, Font.PLAIN,
                        Draw.ink());
                Draw.text(g, t.get("panel.gap", Text.f(100 * r.gap(), 1)), lx, ly + 62, 14, Font.BOLD, Draw.ink());
            }
            ly += 100;
        }
        Draw.paragraph(g, t.get("panel.legend"), lx, ly, 230, 12, Font.PLAIN, Draw.muted());
        Optional<DropoutRecord.Row> with = run.last(DropoutTraining.WITH);
        Optional<DropoutRecord.Row> without = run.last(DropoutTraining.WITHOUT);
        if (with.isPresent() && without.isPresent()) {
            Draw.paragraph(g, verdict(t, with.get(), without.get(), run.steps()), x0, y + h + 44, 860, 14, Font.BOLD,
                    Draw.ink());
        }
    }

    /**
     * Whether the run shows what §4.2 says. A difference of test errors counts when it is more than twice its
     * standard error on {@link #TEST_IMAGES} pictures; anything smaller the page calls noise, not a result.
     */
    static String verdict(Text t, DropoutRecord.Row with, DropoutRecord.Row without, int steps) {
        double e = (with.testError() + without.testError()) / 2;
        double noise = 2 * Math.sqrt(2 * e * (1 - e) / TEST_IMAGES);
        if (with.testError() < without.testError() - noise) {
            return t.get("verdict.helped", Text.f(100 * (without.testError() - with.testError()), 1),
                    Text.f(100 * without.gap(), 1), Text.f(100 * with.gap(), 1));
        }
        return t.get("verdict.not", Text.f(100 * with.testError(), 1), Text.f(100 * without.testError(), 1),
                TEST_IMAGES, Text.f(100 * noise, 1), steps, Text.f(100 * with.trainError(), 1),
                Text.f(100 * without.trainError(), 1));
    }

    private static void series(Graphics2D g, List<DropoutRecord.Row> rows, boolean training, Color c, double x,
                               double y, double w, double h, int steps, double top) {
        Path2D path = new Path2D.Double();
        boolean started = false;
        for (DropoutRecord.Row r : rows) {
            double v = Math.min(top, training ? r.trainError() : r.testError());
            double px = x + w * r.step() / steps;
            double py = y + h - h * v / top;
            if (!started) {
                path.moveTo(px, py);
                started = true;
            } else {
                path.lineTo(px, py);
            }
        }
        g.setColor(c);
        g.setStroke(training
                ? Draw.dashed(1.5f)
                : Draw.stroke(3f));
        g.draw(path);
    }
}
