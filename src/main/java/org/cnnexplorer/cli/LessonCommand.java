package org.cnnexplorer.cli;

import org.cnnexplorer.arch.Layers;
import org.cnnexplorer.experiments.ActivationRace;
import org.cnnexplorer.experiments.DropoutRecord;
import org.cnnexplorer.experiments.DropoutTraining;
import org.cnnexplorer.experiments.RaceRecord;
import org.cnnexplorer.experiments.RateGrid;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.io.AtomicFiles;
import org.cnnexplorer.lessons.DropoutLesson;
import org.cnnexplorer.lessons.Draw;
import org.cnnexplorer.lessons.Handout;
import org.cnnexplorer.lessons.LesionLesson;
import org.cnnexplorer.lessons.Lesson;
import org.cnnexplorer.lessons.LessonContext;
import org.cnnexplorer.lessons.Lessons;
import org.cnnexplorer.lessons.Page;
import org.cnnexplorer.lessons.PageRenderer;
import org.cnnexplorer.lessons.ReluRace;
import org.cnnexplorer.lessons.Slides;
import org.cnnexplorer.lessons.Theme;
import org.cnnexplorer.report.Summaries;
import org.cnnexplorer.train.TrainingRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

/**
 * {@code lesson --list}, {@code lesson ID --out FILE.png [--set k=3 ...]}, {@code lesson --all --out handout.pdf}:
 * the lesson pages of the window, drawn without a display; {@code lesson --race --out DIR}: the ReLU lesson's
 * learning-rate grid run to the end, kept as DIR/relu-grid.csv, the race at the chosen rates as DIR/relu-race.csv,
 * and DIR/manifest.json; {@code lesson --dropout --out DIR}: the dropout lesson's run, kept as DIR/dropout-run.csv
 * with DIR/dropout-manifest.json; {@code lesson --lesion --out DIR}: the lesion study measured, as DIR/lesion-run.csv
 * with DIR/lesion-manifest.json (how assets/lessons is made).
 */
@Command(name = "lesson",
        description = "Render a lesson page to PNG, or all lessons as a PDF handout (no display needed).")
final class LessonCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "Lesson id (see --list).")
    String id;

    @Option(names = "--list", description = "Print the lesson ids in lecture order with their titles.")
    boolean list;

    @Option(names = "--all", description = "Every lesson into a PDF handout with contents, bookmarks, exercises and "
            + "worked answers (--out FILE.pdf).")
    boolean all;

    @Option(names = "--no-answers", description = "With --all: the students' copy, without the worked answers.")
    boolean noAnswers;

    @Option(names = "--high-contrast", description = "Draw the pictures in the window's high-contrast theme (F6): "
            + "heavier lines, colours that colour-blind readers and greyscale printers tell apart. The handout "
            + "(--all without --slides) is always printed in it.")
    boolean highContrast;

    @Option(names = "--slides", description = "16:9 slides in the projector's style (title, key formulas, live "
            + "panel) for one lesson or --all: --out FILE.pdf, or --out DIR for a PNG per slide.")
    boolean slides;

    @Option(names = "--race", description = "Run the ReLU lesson's learning-rate grid (three activations × four "
            + "rates × three seeds; about an hour) and write DIR/relu-grid.csv, DIR/relu-race.csv and "
            + "DIR/manifest.json (--out DIR).")
    boolean race;

    @Option(names = "--race-only", description = "Run only the ReLU lesson's race: the first seed, each network at "
            + "the rate the shipped grid chose (as the window's ▶ does), and write DIR/relu-race.csv (--out DIR).")
    boolean raceOnly;

    @Option(names = "--dropout", description = "Run the dropout lesson's training with and without dropout (minutes) "
            + "and write DIR/dropout-run.csv and DIR/dropout-manifest.json (--out DIR).")
    boolean dropout;

    @Option(names = "--lesion", description = "Measure the lesion study (the shipped mini-resnet and mini-vgg, "
            + "intact and with each piece removed; seconds) and write DIR/lesion-run.csv and DIR/lesion-manifest.json "
            + "(--out DIR).")
    boolean lesion;

    @Option(names = "--steps", paramLabel = "N",
            description = "Training steps of --dropout (default: the lesson's ${DEFAULT-VALUE}).")
    int steps = DropoutLesson.STEPS;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Output: .png for one lesson, .pdf for --all, a folder for --race, --dropout and --lesion.")
    Path out;

    @Option(names = "--set", paramLabel = "KNOB=VALUE",
            description = "A slider's value, e.g. --set alpha=0.01 (clamped to its range).")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--sample", paramLabel = "N",
            description = "Fashion-MNIST test image N as the current picture (default 0).")
    int sample = LessonContext.DEFAULT_SAMPLE;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        if (list) {
            for (Lesson l : Lessons.ALL) {
                o.printf(Locale.ROOT, "%-22s %s%n", l.id(), l.title());
            }
            return 0;
        }
        if ((race ? 1 : 0) + (dropout ? 1 : 0) + (lesion ? 1 : 0) > 1) {
            throw new UserError("--race, --dropout and --lesion are separate runs: give one");
        }
        if (lesion) {
            if (out == null || all || id != null) {
                throw new UserError("--lesion takes only --out DIR");
            }
            return lesion(o);
        }
        if (race || raceOnly) {
            if (out == null || all || id != null || race && raceOnly) {
                throw new UserError((race ? "--race" : "--race-only") + " takes only --out DIR");
            }
            return race ? race(o) : raceOnly(o);
        }
        if (dropout) {
            if (out == null || all || id != null) {
                throw new UserError("--dropout takes only --out DIR and --steps N");
            }
            if (steps < 1) {
                throw new UserError("--steps must be at least 1, got " + steps);
            }
            return dropout(o);
        }
        if (noAnswers && (!all || slides)) {
            throw new UserError("--no-answers goes with --all (the handout)");
        }
        if (all == (id != null)) {
            throw new UserError("give one lesson ID or --all (ids: " + String.join(", ", Lessons.ids()) + ")");
        }
        if (out == null) {
            throw new UserError("--out FILE is required");
        }
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (slides) {
            if (name.endsWith(".png")) {
                throw new UserError("--slides writes one PDF (--out FILE.pdf) or a PNG per slide into a folder "
                        + "(--out DIR), got " + out);
            }
            if (!name.endsWith(".pdf") && Files.exists(out) && !Files.isDirectory(out)) {
                throw new UserError(out + " is a file, not a folder for the slides' PNG files");
            }
        } else if (all && !name.endsWith(".pdf")) {
            throw new UserError("--all writes a PDF: --out must end in .pdf, got " + out);
        } else if (!all && !name.endsWith(".png")) {
            throw new UserError("--out must end in .png, got " + out);
        }
        if (!slides || name.endsWith(".pdf")) {
            write(() -> AtomicFiles.checkOutput(out));
        }
        if (sample < 0 || sample >= LessonContext.sampleCount()) {
            throw new UserError("--sample must be a test image between 0 and " + (LessonContext.sampleCount() - 1)
                    + ", got " + sample);
        }
        Map<String, Double> values = new LinkedHashMap<>();
        set.forEach((k, v) -> {
            try {
                values.put(k, Double.parseDouble(v));
            } catch (NumberFormatException e) {
                throw new UserError("--set " + k + "=" + v + ": not a number");
            }
        });
        // a handout is for printing, usually in greyscale: its series must differ in lightness, not only in hue
        boolean handout = all && !slides;
        Draw.beginTheme(highContrast || handout ? Theme.HIGH_CONTRAST : Theme.STANDARD);
        try (LessonContext ctx = LessonContext.standalone(LessonContext.sample(sample))) {
            if (slides) {
                List<Handout.Printed> shown = new ArrayList<>();
                for (Lesson l : all ? Lessons.ALL : List.of(find())) {
                    Page p = l.page(ctx);
                    shown.add(new Handout.Printed(p, p.settings(values), Lessons.caption(l)));
                }
                if (name.endsWith(".pdf")) {
                    write(() -> Slides.writePdf(shown, Messages.get("lesson.handout"), out));
                } else {
                    write(() -> Slides.writePngs(shown, out));
                }
                o.printf(Locale.ROOT, "%d slides (%d×%d) -> %s%n", shown.size(), Slides.WIDTH, Slides.HEIGHT, out);
            } else if (all) {
                List<Handout.Printed> pages = new ArrayList<>();
                for (Lesson l : Lessons.ALL) {
                    Page p = l.page(ctx);
                    pages.add(new Handout.Printed(p, p.settings(values), Lessons.caption(l)));
                }
                write(() -> Handout.write(pages, Messages.get("lesson.handout"), !noAnswers, out));
                o.printf(Locale.ROOT, "%d lessons -> %s%n", pages.size(), out);
            } else {
                Lesson l = find();
                Page p = l.page(ctx);
                for (String k : values.keySet()) {
                    if (p.knobs().stream().noneMatch(kn -> kn.id().equals(k))) {
                        throw new UserError("lesson " + id + " has no knob '" + k + "'; knobs: "
                                + String.join(", ", p.knobs().stream().map(kn -> kn.id()).toList()));
                    }
                }
                write(() -> PageRenderer.writePng(p, p.settings(values), Lessons.caption(l), out));
                o.printf(Locale.ROOT, "%s -> %s (%d×%d px)%n", l.id(), out, PageRenderer.WIDTH, PageRenderer.HEIGHT);
            }
        } finally {
            Draw.endTheme();
        }
        return 0;
    }

    private Lesson find() {
        return Lessons.find(id).orElseThrow(() -> new UserError("unknown lesson '" + id + "'; valid ids: "
                + String.join(", ", Lessons.ids())));
    }

    private int race(PrintWriter o) {
        write(() -> AtomicFiles.folder(out));
        long t0 = System.nanoTime();
        RaceRecord[] first = new RaceRecord[1];
        RateGrid grid = ReluRace.runGrid(() -> false, (seed, step, running) -> {
            if (step % 50 == 0 || running == 0) {
                o.printf(Locale.ROOT, "seed %d: step %d of at most %d, %d still running%n", seed, step,
                        ReluRace.STEPS, running);
                o.flush();
            }
        }, r -> first[0] = r);
        double seconds = (System.nanoTime() - t0) / 1e9;
        // the race the page draws: the first seed's run of each network at the rate the window races it at
        Map<String, String> raced = new LinkedHashMap<>();
        for (Layers.Activation a : Layers.Activation.values()) {
            raced.put(ReluRace.netId(a), ActivationRace.Entry.of(ReluRace.netId(a), ReluRace.rate(grid, a)).key());
        }
        RaceRecord race = first[0].only(raced);
        List<RaceManifestCellJson> cells = new ArrayList<>();
        for (String m : grid.models()) {
            for (double r : grid.rates()) {
                RateGrid.Cell c = grid.cell(m, r);
                cells.add(new RaceManifestCellJson(m, r, c.runs().stream().map(x -> x.stepsToTarget()).toList(),
                        boxed(c.median()), boxed(c.fastest()), boxed(c.slowest()), c.anyDiverged(),
                        grid.chosen(m).map(ch -> ch.rate() == r).orElse(false)));
            }
        }
        RaceManifestJson manifest = new RaceManifestJson("lesson --race --out " + out, ReluRace.STEPS, ReluRace.BATCH,
                ReluRace.SEEDS, ReluRace.RATES, ActivationRace.MOMENTUM, RaceRecord.TARGET_ERROR, RaceRecord.WINDOW,
                TrainingRun.machine(), Math.round(seconds), cells);
        write(() -> {
            grid.write(out.resolve(RateGrid.FILE));
            race.write(out.resolve(RaceRecord.FILE));
            AtomicFiles.write(out.resolve("manifest.json"), Summaries.json(manifest));
        });
        for (String m : grid.models()) {
            o.printf(Locale.ROOT, "%-20s %s%n", m, grid.chosen(m).map(c -> String.format(Locale.ROOT,
                    "rate %s: median %d steps to %.0f %% (%d–%d over %d seeds)", c.rate(), c.median().getAsInt(),
                    100 * RaceRecord.TARGET_ERROR, c.fastest().getAsInt(), c.slowest().getAsInt(), c.runs().size()))
                    .orElse(String.format(Locale.ROOT, "%.0f %% not reached at any rate in %d steps",
                            100 * RaceRecord.TARGET_ERROR, ReluRace.STEPS)));
        }
        o.printf(Locale.ROOT, "%s, %s, %s -> %s (%.0f s)%n", RateGrid.FILE, RaceRecord.FILE, "manifest.json", out,
                seconds);
        return 0;
    }

    private int dropout(PrintWriter o) {
        write(() -> AtomicFiles.folder(out));
        DropoutRecord record = new DropoutRecord();
        long t0 = System.nanoTime();
        int[] calls = {0};
        DropoutLesson.run(steps, record, () -> false, () -> {
            // the first call follows the measurement before any step
            int step = calls[0]++;
            if (step > 0 && step % 50 == 0) {
                o.printf(Locale.ROOT, "step %d of %d%n", step, steps);
                o.flush();
            }
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<DropoutManifestRunJson> runs = new ArrayList<>();
        for (String m : List.of(DropoutTraining.WITH, DropoutTraining.WITHOUT)) {
            DropoutRecord.Row last = record.last(m).orElseThrow();
            runs.add(new DropoutManifestRunJson(m, last.trainError(), last.testError()));
            o.printf(Locale.ROOT, "%-16s training error %.1f %%, test error %.1f %%, gap %.1f points%n", m,
                    100 * last.trainError(), 100 * last.testError(), 100 * last.gap());
        }
        DropoutManifestJson manifest = new DropoutManifestJson("lesson --dropout --out " + out + " --steps " + steps,
                DropoutLesson.NETWORK, DropoutTraining.rate(DropoutLesson.NETWORK), DropoutLesson.TRAIN_IMAGES,
                DropoutLesson.TEST_IMAGES, steps, DropoutLesson.EVERY, DropoutLesson.BATCH, DropoutLesson.SEED,
                DropoutTraining.LEARNING_RATE, ActivationRace.MOMENTUM, TrainingRun.machine(), Math.round(seconds),
                runs);
        write(() -> {
            record.write(out.resolve(DropoutRecord.FILE));
            AtomicFiles.write(out.resolve(DropoutRecord.MANIFEST), Summaries.json(manifest));
        });
        o.printf(Locale.ROOT, "%s, %s -> %s (%.0f s)%n", DropoutRecord.FILE, DropoutRecord.MANIFEST, out, seconds);
        return 0;
    }

    /** How a kept dropout run was made: the command, the recipe, the machine, and each network's final errors. */
    record DropoutManifestJson(String command, String network, double dropout, int trainImages, int testImages,
                               int steps, int every, int batch, long seed, double learningRate, double momentum,
                               String machine, long wallSeconds, List<DropoutManifestRunJson> runs) {
    }

    record DropoutManifestRunJson(String model, double trainError, double testError) {
    }

    private int lesion(PrintWriter o) throws IOException {
        write(() -> AtomicFiles.folder(out));
        LesionLesson.Results results = new LesionLesson.Results();
        long t0 = System.nanoTime();
        try (LessonContext ctx = LessonContext.standalone()) {
            LesionLesson.measure(ctx, results, () -> false, () -> { });
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        LesionManifestJson manifest = new LesionManifestJson("lesson --lesion --out " + out, LesionLesson.IMAGES,
                TrainingRun.machine(), Math.round(seconds));
        write(() -> {
            results.write(out.resolve(LesionLesson.FILE));
            AtomicFiles.write(out.resolve(LesionLesson.MANIFEST), Summaries.json(manifest));
        });
        o.printf(Locale.ROOT, "%s, %s -> %s (%.0f s)%n", LesionLesson.FILE, LesionLesson.MANIFEST, out, seconds);
        return 0;
    }

    /** How a kept lesion run was made: the command, the test images measured, the machine. */
    record LesionManifestJson(String command, int testImages, String machine, long wallSeconds) {
    }

    private int raceOnly(PrintWriter o) {
        write(() -> AtomicFiles.folder(out));
        RaceRecord record = new RaceRecord();
        long t0 = System.nanoTime();
        ReluRace.run(ReluRace.STEPS, record, () -> false, () -> {
            if (record.steps() % 50 == 0) {
                o.printf(Locale.ROOT, "step %d of at most %d%n", record.steps(), ReluRace.STEPS);
                o.flush();
            }
        });
        write(() -> record.write(out.resolve(RaceRecord.FILE)));
        o.printf(Locale.ROOT, "%s -> %s (%.0f s)%n", RaceRecord.FILE, out, (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private static Integer boxed(OptionalInt n) {
        return n.isPresent() ? n.getAsInt() : null;
    }

    /**
     * How a kept race was made: the command, the protocol (rates × seeds, each run to the target or the budget), the
     * machine, and the grid's result per model and rate.
     */
    record RaceManifestJson(String command, int budgetSteps, int batch, List<Long> seeds, List<Double> rates,
                            double momentum, double targetError, int window, String machine, long wallSeconds,
                            List<RaceManifestCellJson> grid) {
    }

    /**
     * One model at one rate: steps to the target per seed run (null: not reached; one entry when the first seed
     * screened the rate out), their median and range, and whether this is the model's chosen rate.
     */
    record RaceManifestCellJson(String model, double rate, List<Integer> stepsPerSeed, Integer median, Integer fastest,
                                Integer slowest, boolean diverged, boolean chosen) {
    }

    private interface Write {
        void run() throws IOException;
    }

    private void write(Write w) {
        try {
            w.run();
        } catch (IOException e) {
            throw new UserError(e instanceof AtomicFiles.UnwritableException ? e.getMessage()
                    : "cannot write " + out + ": " + e.getMessage());
        }
    }
}
