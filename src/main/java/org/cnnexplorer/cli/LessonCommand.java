package org.cnnexplorer.cli;

import org.cnnexplorer.experiments.ActivationRace;
import org.cnnexplorer.experiments.DropoutRecord;
import org.cnnexplorer.experiments.DropoutTraining;
import org.cnnexplorer.experiments.RaceRecord;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.io.AtomicFiles;
import org.cnnexplorer.lessons.DropoutLesson;
import org.cnnexplorer.lessons.Handout;
import org.cnnexplorer.lessons.Lesson;
import org.cnnexplorer.lessons.LessonContext;
import org.cnnexplorer.lessons.Lessons;
import org.cnnexplorer.lessons.Page;
import org.cnnexplorer.lessons.PageRenderer;
import org.cnnexplorer.lessons.ReluRace;
import org.cnnexplorer.report.Summaries;
import org.cnnexplorer.train.TrainingRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code lesson --list}, {@code lesson ID --out FILE.png [--set k=3 ...]}, {@code lesson --all --out handout.pdf}:
 * the lesson pages of the window, drawn without a display; {@code lesson --race --out DIR}: the ReLU lesson's race
 * run to the end, kept as DIR/relu-race.csv with DIR/manifest.json, and {@code lesson --dropout --out DIR}: the
 * dropout lesson's run, kept as DIR/dropout-run.csv with DIR/dropout-manifest.json (how assets/lessons is made).
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

    @Option(names = "--all", description = "Every lesson, one page each, into a PDF handout (--out FILE.pdf).")
    boolean all;

    @Option(names = "--race", description = "Run the ReLU lesson's race to the end (minutes) and write "
            + "DIR/relu-race.csv and DIR/manifest.json (--out DIR).")
    boolean race;

    @Option(names = "--dropout", description = "Run the dropout lesson's training with and without dropout (minutes) "
            + "and write DIR/dropout-run.csv and DIR/dropout-manifest.json (--out DIR).")
    boolean dropout;

    @Option(names = "--steps", paramLabel = "N",
            description = "Training steps of --dropout (default: the lesson's ${DEFAULT-VALUE}).")
    int steps = DropoutLesson.STEPS;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Output: .png for one lesson, .pdf for --all, a folder for --race and --dropout.")
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
        if (race && dropout) {
            throw new UserError("--race and --dropout are two runs: give one");
        }
        if (race) {
            if (out == null || all || id != null) {
                throw new UserError("--race takes only --out DIR");
            }
            return race(o);
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
        if (all == (id != null)) {
            throw new UserError("give one lesson ID or --all (ids: " + String.join(", ", Lessons.ids()) + ")");
        }
        if (out == null) {
            throw new UserError("--out FILE is required");
        }
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (all && !name.endsWith(".pdf")) {
            throw new UserError("--all writes a PDF: --out must end in .pdf, got " + out);
        }
        if (!all && !name.endsWith(".png")) {
            throw new UserError("--out must end in .png, got " + out);
        }
        write(() -> AtomicFiles.checkOutput(out));
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
        try (LessonContext ctx = LessonContext.standalone(LessonContext.sample(sample))) {
            if (all) {
                List<BufferedImage> pages = new ArrayList<>();
                for (Lesson l : Lessons.ALL) {
                    Page p = l.page(ctx);
                    pages.add(PageRenderer.render(p, p.settings(values), Lessons.caption(l)));
                }
                write(() -> Handout.write(pages, Messages.get("lesson.handout"), out));
                o.printf(Locale.ROOT, "%d lessons -> %s%n", pages.size(), out);
            } else {
                Lesson l = Lessons.find(id).orElseThrow(() -> new UserError("unknown lesson '" + id
                        + "'; valid ids: " + String.join(", ", Lessons.ids())));
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
        }
        return 0;
    }

    private int race(PrintWriter o) {
        write(() -> AtomicFiles.folder(out));
        RaceRecord record = new RaceRecord();
        long t0 = System.nanoTime();
        ReluRace.run(ReluRace.STEPS, record, () -> false, () -> {
            if (record.steps() % 50 == 0) {
                o.printf(Locale.ROOT, "step %d of %d%n", record.steps(), ReluRace.STEPS);
                o.flush();
            }
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<RaceManifestRunJson> runs = ReluRace.ids().stream().map(m -> new RaceManifestRunJson(m,
                record.stepsToTarget(m).isPresent() ? record.stepsToTarget(m).getAsInt() : null)).toList();
        RaceManifestJson manifest = new RaceManifestJson("lesson --race --out " + out, ReluRace.STEPS, ReluRace.BATCH,
                ReluRace.SEED, ActivationRace.LEARNING_RATE, ActivationRace.MOMENTUM, RaceRecord.TARGET_ERROR,
                RaceRecord.WINDOW, TrainingRun.machine(), Math.round(seconds), runs);
        write(() -> {
            record.write(out.resolve(RaceRecord.FILE));
            AtomicFiles.write(out.resolve("manifest.json"), Summaries.json(manifest));
        });
        for (RaceManifestRunJson r : runs) {
            o.printf(Locale.ROOT, "%-20s %s%n", r.model(), r.stepsToTarget() == null
                    ? "25 % not reached in " + ReluRace.STEPS + " steps"
                    : "25 % after " + r.stepsToTarget() + " steps");
        }
        o.printf(Locale.ROOT, "%s, %s -> %s (%.0f s)%n", RaceRecord.FILE, "manifest.json", out, seconds);
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
                ActivationRace.LEARNING_RATE, ActivationRace.MOMENTUM, TrainingRun.machine(), Math.round(seconds),
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

    /** How a kept race was made: the command, the recipe, the machine, and each network's steps to the target. */
    record RaceManifestJson(String command, int steps, int batch, long seed, double learningRate, double momentum,
                            double targetError, int window, String machine, long wallSeconds,
                            List<RaceManifestRunJson> runs) {
    }

    /** @param stepsToTarget null when the network never reached the target error */
    record RaceManifestRunJson(String model, Integer stepsToTarget) {
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
