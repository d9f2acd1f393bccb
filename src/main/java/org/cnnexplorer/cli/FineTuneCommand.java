package org.cnnexplorer.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.cnnexplorer.data.DataException;
import org.cnnexplorer.data.DataSplits;
import org.cnnexplorer.data.ImageFolderDataset;
import org.cnnexplorer.data.ImageLoader;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.natives.NativeSetup;
import org.cnnexplorer.io.AtomicFiles;
import org.cnnexplorer.report.Summaries;
import org.cnnexplorer.train.DataChoice;
import org.cnnexplorer.train.FineTuning;
import org.cnnexplorer.train.RunControl;
import org.cnnexplorer.weights.ImportedWeights;
import org.cnnexplorer.weights.NetworkWeights;
import org.cnnexplorer.weights.WeightsFileException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code train ID --dataset FOLDER --fine-tune [head|all] --name NAME}: the network's trained weights (shipped or
 * imported) learn the folder's classes ({@link FineTuning}), and the result is kept in the weights folder under NAME,
 * where {@code weights list}, {@code classify NAME} and the window find it.
 */
final class FineTuneCommand {
    /** Options of a training run from scratch that mean nothing here: refused when given, never ignored. */
    private static final List<String> NOT_HERE = List.of("--resume", "--augment", "--optimizer", "--lr-decay",
            "--weight-decay", "--out");
    /** Defaults where train's own (for a run from scratch) do not fit: few pictures, few steps per epoch. */
    static final int EPOCHS = 10;
    static final int BATCH = 16;
    static final double HEAD_RATE = 0.01;
    static final double ALL_RATE = 1e-4;

    /** How long Ctrl-C waits for the step in progress, or the save, to finish. */
    private static final long FINISH_S = 120;

    /** What {@code train} was given, as far as fine-tuning reads it ({@code scope}: --fine-tune's value). */
    record Request(String id, String dataset, String scope, String name, int epochs, int batch, double lr, long seed,
                   Integer limit, boolean json) {
    }

    private final CommandLine.Model.CommandSpec spec;
    private final Request request;

    FineTuneCommand(CommandLine.Model.CommandSpec spec, Request request) {
        this.spec = spec;
        this.request = request;
    }

    Integer call() throws IOException {
        long start = System.nanoTime();
        CommandLine cl = spec.commandLine();
        PrintWriter out = cl.getOut();
        PrintWriter err = cl.getErr();
        CommandLine.ParseResult given = cl.getParseResult();
        CatalogArgs.entry(request.id());
        FineTuning.Scope scope = scope(request.scope());
        if (request.name() == null) {
            throw new UserError("--fine-tune needs --name NAME: the name the new network is saved under");
        }
        ImportedWeights.nameProblem(request.name()).ifPresent(p -> {
            throw new UserError(p);
        });
        for (String option : NOT_HERE) {
            if (given.hasMatchedOption(option)) {
                throw new UserError(option + " does not apply to --fine-tune, which starts from the trained weights "
                        + "and trains with Adam");
            }
        }
        if (!given.hasMatchedOption("--dataset")
                || !(DataChoice.parse(request.dataset()) instanceof DataChoice.ImageFolder folder)) {
            throw new UserError("--fine-tune learns the classes of a folder of pictures: give --dataset FOLDER "
                    + "(one sub-folder per class)");
        }
        if (request.limit() != null && request.limit() <= 0) {
            throw new UserError("--limit must be positive, got " + request.limit());
        }
        FineTuning.Settings settings;
        try {
            double rate = scope == FineTuning.Scope.HEAD ? HEAD_RATE : ALL_RATE;
            settings = new FineTuning.Settings(scope, given.hasMatchedOption("--epochs") ? request.epochs() : EPOCHS,
                    given.hasMatchedOption("--batch") ? request.batch() : BATCH,
                    given.hasMatchedOption("--lr") ? request.lr() : rate, request.seed());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        ImportedWeights store = ImportedWeights.standard();
        Path file = store.file(request.name());
        try {
            AtomicFiles.folder(store.dir());
            AtomicFiles.checkOutput(file);
        } catch (AtomicFiles.UnwritableException e) {
            throw new UserError(e.getMessage());
        }
        NativeSetup.configure();
        Model base;
        try {
            base = NetworkWeights.trained(request.id(), store).orElseThrow(() -> new UserError("no trained weights for "
                    + request.id() + " to fine-tune: the mini networks ship with theirs; for the others, 'weights "
                    + "download " + request.id() + "' or 'weights import FILE --as " + request.id() + "'"));
        } catch (WeightsFileException e) {
            throw new UserError(e.getMessage());
        }
        try (base) {
            DataSplits data = load(folder.dir(), base, err);
            Printer printer = new Printer(err, request.json() ? err : out);
            RunControl control = new RunControl();
            FineTuning tuning;
            try {
                tuning = new FineTuning(base, data, settings, printer, control);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            err.printf(Locale.ROOT, "fine-tuning %s on %s: %s (%d), %,d train / %,d test pictures; %s%n", request.id(),
                    folder.dir(), String.join(", ", data.train().classNames()), data.train().numClasses(),
                    data.train().size(), data.test().size(), scope == FineTuning.Scope.HEAD
                            ? "only " + tuning.classifierId() + " learns, " + tuning.frozenUpTo() + " and all before "
                            + "it frozen (their features computed once per picture)"
                            : "every layer learns");
            err.flush();
            return run(tuning, control, printer, store, start, data, out, err);
        }
    }

    private Integer run(FineTuning tuning, RunControl control, Printer printer, ImportedWeights store, long start,
                        DataSplits data, PrintWriter out, PrintWriter err) throws IOException {
        boolean replacing = store.hasNamed(request.name());
        // Ctrl-C or SIGTERM: the step in progress ends, nothing is saved, then the JVM ends
        try (SignalStop signals = new SignalStop("fine-tune-interrupt", control::cancel, FINISH_S)) {
            FineTuning.Result r = tuning.run();
            printer.end();
            if (r.cancelled()) {
                err.println("cancelled; nothing saved");
                err.flush();
                return 0;
            }
            try (Model tuned = r.model()) {
                Path saved = store.saveAs(request.name(), tuned);
                double seconds = (System.nanoTime() - start) / 1e9;
                if (request.json()) {
                    out.println(Summaries.json(new FineTuneJson(request.name(), request.id(),
                            request.scope().trim().toLowerCase(Locale.ROOT), data.train().classNames(),
                            data.train().size(), data.test().size(), r.testAccuracy(), seconds, saved.toString())));
                } else {
                    out.printf(Locale.ROOT, "saved %s (%s fine-tuned, classes %s; test accuracy %.2f%%) in %.1f s "
                                    + "to %s%s%n", request.name(), request.id(),
                            String.join(", ", tuned.info().labels()), 100 * r.testAccuracy(), seconds, saved,
                            replacing ? ", replacing the earlier one" : "");
                    out.println("try: classify " + request.name() + " IMAGE");
                }
            }
        }
        return 0;
    }

    private static FineTuning.Scope scope(String value) {
        if (value == null) {
            throw new UserError("--name saves a fine-tuned network: add --fine-tune (head or all)");
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "head" -> FineTuning.Scope.HEAD;
            case "all" -> FineTuning.Scope.ALL;
            default -> throw new UserError("--fine-tune takes head or all, got '" + value + "'");
        };
    }

    /** The folder's pictures at the base network's input, with a progress line; what was skipped is said. */
    private DataSplits load(Path dir, Model base, PrintWriter err) {
        ProgressLine line = new ProgressLine(err);
        ImageFolderDataset.Result loaded;
        try {
            loaded = ImageFolderDataset.load(dir, NetworkWeights.inputSpec(base.info()), 0.2, request.seed(),
                    new ImageLoader(), (done, total) -> line.show("reading pictures " + done + "/" + total));
        } catch (DataException e) {
            throw new UserError(e.getMessage());
        } finally {
            line.end();
        }
        loaded.notes().forEach(err::println);
        DataSplits data = loaded.splits();
        return request.limit() == null ? data : new DataSplits(data.train().limit(request.limit()),
                data.test().limit(request.limit()));
    }

    @JsonPropertyOrder({"name", "model", "scope", "classes", "trainImages", "testImages", "testAccuracy", "seconds",
            "weights"})
    record FineTuneJson(String name, String model, String scope, List<String> classes, int trainImages,
                        int testImages, double testAccuracy, double seconds, String weights) {
    }

    /** Progress on one line of stderr (at most 4 redraws a second), a line per epoch on {@code lines}. */
    private static final class Printer implements Consumer<FineTuning.Event> {
        private final ProgressLine line;
        private final PrintWriter lines;
        private long lastDraw;

        Printer(PrintWriter err, PrintWriter lines) {
            this.line = new ProgressLine(err);
            this.lines = lines;
        }

        void end() {
            line.end();
        }

        @Override
        public void accept(FineTuning.Event event) {
            long now = System.nanoTime();
            if (event instanceof FineTuning.Event.Features f) {
                if (now - lastDraw > 250_000_000L || f.done() == f.total()) {
                    lastDraw = now;
                    line.show(String.format(Locale.ROOT, "features of the frozen part: %d/%d pictures", f.done(),
                            f.total()));
                }
            } else if (event instanceof FineTuning.Event.Step s) {
                if (now - lastDraw > 250_000_000L || s.step() == s.steps()) {
                    lastDraw = now;
                    int width = 30;
                    int filled = (int) ((long) width * s.step() / s.steps());
                    line.show(String.format(Locale.ROOT, "epoch %d/%d [%s%s] %d/%d loss %.4f", s.epoch() + 1,
                            s.epochs(), "=".repeat(filled), " ".repeat(width - filled), s.step(), s.steps(),
                            s.loss()));
                }
            } else if (event instanceof FineTuning.Event.EpochEnd e) {
                line.end();
                lines.printf(Locale.ROOT, "epoch %d/%d: loss %.4f, test accuracy %.2f%%, %.1f s%n", e.epoch() + 1,
                        e.epochs(), e.loss(), 100 * e.testAccuracy(), e.seconds());
                lines.flush();
            }
        }
    }
}
