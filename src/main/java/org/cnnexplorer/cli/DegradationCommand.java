package org.cnnexplorer.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.cnnexplorer.data.DataException;
import org.cnnexplorer.data.DataSplits;
import org.cnnexplorer.data.Dataset;
import org.cnnexplorer.data.FashionMnist;
import org.cnnexplorer.engine.natives.NativeSetup;
import org.cnnexplorer.experiments.Curve;
import org.cnnexplorer.experiments.CurveFiles;
import org.cnnexplorer.experiments.Degradation;
import org.cnnexplorer.experiments.DepthSeries;
import org.cnnexplorer.io.AtomicFiles;
import org.cnnexplorer.report.Summaries;
import org.cnnexplorer.train.DataChoice;
import org.cnnexplorer.train.RunControl;
import org.cnnexplorer.train.TrainingEvent;
import org.cnnexplorer.train.TrainingRun;
import org.cnnexplorer.weights.WeightsFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code degradation}: plain and residual nets of rising depth, trained alike (He et al. 2016, Fig. 6). */
@Command(name = "degradation", description = "Train plain and residual CIFAR-style networks of several depths "
        + "with the paper's recipe (SGD momentum 0.9, weight decay 1e-4, batch 128, lr 0.1 divided by 10 at 50%% and "
        + "75%% of the run) on Fashion-MNIST, and record training error (on the mini-batches as trained) "
        + "and test error (all test images, every epoch). Writes DIR/<model>.csv per run and DIR/manifest.json; "
        + "with --resume, finished runs are kept and interrupted ones continue from their checkpoints.")
final class DegradationCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--depths", split = ",", paramLabel = "DEPTH", defaultValue = "20,32,44,56",
            description = "Depths 6n+2 among 8, 14, 20, 32, 44, 56, 110 (default: ${DEFAULT-VALUE}).")
    List<Integer> depths;

    @Option(names = "--kinds", split = ",", paramLabel = "KIND", defaultValue = "plain,resnet",
            description = "Which kinds to train (default: ${DEFAULT-VALUE}).")
    List<String> kinds;

    @Option(names = "--dataset", paramLabel = "embedded|fashion-mnist|DIR", defaultValue = "embedded",
            description = "The embedded 10k slice (default), the installed Fashion-MNIST, or a folder with its files.")
    String dataset;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "5",
            description = "Passes over the training data per run (default: ${DEFAULT-VALUE}).") int epochs;
    @Option(names = "--limit", paramLabel = "N", description = "Train on the first N training images only.")
    Integer limit;
    @Option(names = "--test-limit", paramLabel = "N", description = "Score only the first N test images.")
    Integer testLimit;
    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Initial weights and batch order, the same for every run (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--augment", description = "Random 2-pixel shifts and horizontal flips (off, as in the lab).")
    boolean augment;
    @Option(names = "--init", paramLabel = "paper|zero-gamma", defaultValue = "zero-gamma",
            description = "How the networks start: He initialisation with every batch norm at gamma 1 (paper), or "
                    + "with the last batch norm of each residual branch at gamma 0 (zero-gamma, default; plain nets "
                    + "start as with paper).")
    String init;
    @Option(names = "--warmup", paramLabel = "paper|all", defaultValue = "paper",
            description = "Which networks warm up over their first 400 iterations: from 110 layers at 0.01 (paper, "
                    + "default), or every network, the rate rising linearly from 0.01 to 0.1 (all).")
    String warmup;
    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/degradation",
            description = "Where the CSVs, checkpoints and manifest go (default: ${DEFAULT-VALUE}).") Path outDir;
    @Option(names = "--resume", description = "Keep finished runs in DIR and continue interrupted ones.")
    boolean resume;
    @Option(names = "--json", description = "Print every run's points and final errors as JSON.") boolean json;
    @Option(names = "--preset", paramLabel = "quick|shortcut", description = "A series that makes its point in "
            + "minutes, instead of --depths, --kinds, --epochs, --limit and --test-limit: quick = plain-8 against "
            + "plain-56 (the deeper plain net trains worse), shortcut = plain-56 against ResNet-56 (the shortcuts' "
            + "effect at one depth); both 2 epochs on 2,560 training and 1,000 test images.")
    String preset;
    @Option(names = "--note", paramLabel = "TEXT", description = "Why these settings, recorded in the manifest.")
    String note;

    /** Fills the series' options from {@link #preset}; giving any of them as well is an error. */
    private void usePreset() {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (String name : List.of("--depths", "--kinds", "--epochs", "--limit", "--test-limit")) {
            if (parsed.hasMatchedOption(name)) {
                throw new UserError("--preset sets " + name + " itself: give one or the other");
            }
        }
        Degradation.Preset p;
        try {
            p = Degradation.Preset.parse(preset);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        depths = p.depths();
        kinds = p.kinds().stream().map(Degradation.Kind::prefix).toList();
        epochs = Degradation.Preset.EPOCHS;
        limit = Degradation.Preset.TRAIN_IMAGES;
        testLimit = Degradation.Preset.TEST_IMAGES;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (preset != null) {
            usePreset();
        }
        List<Degradation.Member> members;
        try {
            members = Degradation.series(depths, kinds.stream().map(Degradation.Kind::parse).toList());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (epochs <= 0 || (limit != null && limit <= 0) || (testLimit != null && testLimit <= 0)) {
            throw new UserError("--epochs, --limit and --test-limit must be positive");
        }
        Degradation.Recipe recipe;
        try {
            recipe = new Degradation.Recipe(epochs, seed, augment, Degradation.Init.parse(init),
                    Degradation.Warmup.parse(warmup));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        try {
            AtomicFiles.folder(outDir);
            AtomicFiles.checkOutput(outDir.resolve("manifest.json"));
        } catch (AtomicFiles.UnwritableException e) {
            throw new UserError(e.getMessage());
        }
        DataChoice choice = DataChoice.parse(dataset);
        if (choice instanceof DataChoice.ImageFolder) {
            throw new UserError(dataset + ": the degradation lab trains on Fashion-MNIST (embedded, fashion-mnist, "
                    + "or a folder holding its four files)");
        }
        DataSplits data;
        try {
            data = choice.load(FashionMnist.SHAPE, seed);
        } catch (DataException e) {
            throw new UserError(e.getMessage());
        }
        Dataset train = limit == null ? data.train() : data.train().limit(limit);
        Dataset test = testLimit == null ? data.test() : data.test().limit(testLimit);
        NativeSetup.configure();
        RunControl control = new RunControl();
        DepthSeries series = new DepthSeries(members, recipe, outDir, resume,
                train, test, new DepthSeries.Listener() {
                    private TrainCommands.Progress progress;

                    @Override
                    public void runStarted(Degradation.Member m, int index, int runs, List<Curve.Point> earlier) {
                        err.printf(Locale.ROOT, "[%d/%d] %s%s%n", index + 1, runs, m.modelId(), earlier.isEmpty() ? ""
                                : " (" + earlier.size() + " points kept from " + CurveFiles.csvFile(outDir, m) + ")");
                        progress = new TrainCommands.Progress(err, json ? null : out);
                    }

                    @Override
                    public void event(Degradation.Member m, TrainingEvent e) {
                        progress.accept(e);
                    }

                    @Override
                    public void runFinished(Curve c) {
                        (json ? err : out).printf(Locale.ROOT, "%s: training error %.2f%%, test error %.2f%% (%s)%n",
                                c.member().modelId(), 100 * c.finalTrainError(), 100 * c.finalTestError(),
                                CurveFiles.csvFile(outDir, c.member()));
                    }
                }, control);
        List<Curve> curves;
        // Ctrl-C or SIGTERM: the network in training saves its checkpoint and points, then the JVM ends
        try (SignalStop signals = new SignalStop("degradation-interrupt", control::cancel, TrainCommands.SAVE_S)) {
            curves = series.run();
            if (!curves.isEmpty()) {
                AtomicFiles.write(outDir.resolve("manifest.json"),
                        Summaries.json(manifest(train, test, recipe, curves)));
            }
        } catch (WeightsFileException | DepthSeries.SeriesMismatchException e) {
            throw new UserError(e.getMessage());
        } catch (CurveFiles.DamagedCurveException e) {
            throw new UserError(e.getMessage() + "; move it away to train that network again");
        }
        if (json) {
            out.println(Summaries.json(new SeriesJson(curves.stream().map(RunJson::of).toList())));
        }
        return 0;
    }

    /** What made these curves: enough to run the same command again and compare. */
    private ManifestJson manifest(Dataset train, Dataset test, Degradation.Recipe recipe, List<Curve> curves) {
        String command = String.format(Locale.ROOT, "java -jar target/app/cnn-explorer.jar degradation --depths %s "
                        + "--kinds %s --dataset %s%s%s --epochs %d --seed %d%s --init %s --warmup %s --out %s",
                String.join(",", depths.stream().map(String::valueOf).toList()), String.join(",", kinds), dataset,
                limit == null ? "" : " --limit " + limit, testLimit == null ? "" : " --test-limit " + testLimit,
                epochs, seed, augment ? " --augment" : "", recipe.init().id(), recipe.warmup().id(), outDir);
        return new ManifestJson(command, note, recipe.describe(), recipe.init().description(), train.name(),
                train.size(), test.size(), epochs, seed, augment, TrainingRun.machine(),
                curves.stream().map(c -> new ManifestRunJson(c.member().modelId(), c.member().depth(),
                        c.member().residual(), c.trainErrorPerEpoch().length, c.seconds(), c.finalTrainError(),
                        c.finalTestError())).toList());
    }

    @JsonPropertyOrder({"command", "note", "recipe", "init", "dataset", "trainImages", "testImages", "epochs", "seed",
            "augment", "machine", "runs"})
    record ManifestJson(String command, String note, String recipe, String init, String dataset, int trainImages,
                        int testImages, int epochs, long seed, boolean augment, String machine,
                        List<ManifestRunJson> runs) {
    }

    @JsonPropertyOrder({"model", "depth", "residual", "epochs", "wallSeconds", "finalTrainError", "finalTestError"})
    record ManifestRunJson(String model, int depth, boolean residual, int epochs, double wallSeconds,
                           double finalTrainError, double finalTestError) {
    }

    record SeriesJson(List<RunJson> runs) {
    }

    @JsonPropertyOrder({"model", "depth", "residual", "points", "finalTrainError", "finalTestError", "seconds"})
    record RunJson(String model, int depth, boolean residual, List<PointJson> points, double finalTrainError,
                   double finalTestError, double seconds) {
        static RunJson of(Curve c) {
            return new RunJson(c.member().modelId(), c.member().depth(), c.member().residual(),
                    c.points().stream().map(p -> new PointJson(p.iteration(), p.epoch(), p.trainError(),
                            p.testError())).toList(), c.finalTrainError(), c.finalTestError(), c.seconds());
        }
    }

    @JsonPropertyOrder({"iteration", "epoch", "trainError", "testError"})
    record PointJson(int iteration, double epoch, double trainError, Double testError) {
    }
}
