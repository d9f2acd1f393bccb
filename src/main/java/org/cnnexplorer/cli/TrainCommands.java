package org.cnnexplorer.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.cnnexplorer.arch.ShapeException;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.data.DataException;
import org.cnnexplorer.data.DataSplits;
import org.cnnexplorer.data.Dataset;
import org.cnnexplorer.data.ImageFolderDataset;
import org.cnnexplorer.data.FashionMnist;
import org.cnnexplorer.data.Split;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.natives.NativeSetup;
import org.cnnexplorer.io.AtomicFiles;
import org.cnnexplorer.report.Summaries;
import org.cnnexplorer.train.DataChoice;
import org.cnnexplorer.train.Evaluator;
import org.cnnexplorer.train.LrSchedule;
import org.cnnexplorer.train.RunControl;
import org.cnnexplorer.train.TrainingConfig;
import org.cnnexplorer.train.TrainingEvent;
import org.cnnexplorer.train.TrainingRun;
import org.cnnexplorer.weights.ImportedWeights;
import org.cnnexplorer.weights.NetworkWeights;
import org.cnnexplorer.weights.WeightsFileException;
import org.cnnexplorer.weights.WeightsIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Stack;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** {@code train} and {@code evaluate}: the networks at work from the command line ({@code classify} is its own). */
final class TrainCommands {
    private TrainCommands() {
    }

    /**
     * Weights from {@code file}, else the shipped or imported ones (or the network fine-tuned as {@code id}), else
     * (labelled) random weights.
     */
    static Model model(String id, Path file, PrintWriter err) throws IOException {
        CatalogArgs.network(id);
        NativeSetup.configure();
        try {
            if (file != null) {
                return WeightsIO.load(file, id, null);
            }
            var trained = NetworkWeights.trained(id, ImportedWeights.standard());
            if (trained.isPresent()) {
                return trained.get();
            }
        } catch (WeightsFileException ex) {
            throw new UserError(ex.getMessage());
        }
        err.println("note: no trained weights for " + id + " (use --weights FILE, or 'weights import FILE --as " + id
                + "' for ImageNet weights); random weights — structure only");
        err.flush();
        return Model.untrained(id);
    }

    /**
     * Lets {@code --fine-tune} take the next argument only when it is {@code head} or {@code all}: picocli would
     * otherwise take the network's id in {@code train --fine-tune mini-resnet ...} as the option's value. Anything
     * else leaves the option its fallback value and stays for the rest of the line; {@code --fine-tune=VALUE} is
     * always the option's, and a wrong value is refused where the scope is read.
     */
    static final class ScopeOrNot implements CommandLine.IParameterPreprocessor {
        @Override
        public boolean preprocess(Stack<String> args, CommandLine.Model.CommandSpec commandSpec,
                                  CommandLine.Model.ArgSpec argSpec, Map<String, Object> info) {
            boolean attached = !" ".equals(info.get("separator"));
            if (!attached && (args.isEmpty()
                    || !List.of("head", "all").contains(args.peek().strip().toLowerCase(Locale.ROOT)))) {
                args.push(((CommandLine.Model.OptionSpec) argSpec).fallbackValue());
            }
            return false;
        }
    }

    /** How long Ctrl-C waits for a training run to finish its step and save its checkpoint. */
    static final long SAVE_S = 120;

    @Command(name = "train", description = "Train a network and write checkpoints and the trained model.")
    static final class Train implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "Network id, e.g. mini-resnet.")
        String id;

        @Option(names = "--dataset", paramLabel = "fashion-mnist|embedded|DIR", defaultValue = "embedded",
                description = "Training data: the embedded 10k slice (default), the installed Fashion-MNIST, "
                        + "or a folder (Fashion-MNIST files, or one sub-folder of images per class).")
        String dataset;

        @Option(names = "--epochs", paramLabel = "N", defaultValue = "5",
                description = "Passes over the training data (default: ${DEFAULT-VALUE}).") int epochs;
        @Option(names = "--batch", paramLabel = "N", defaultValue = "64",
                description = "Images per step (default: ${DEFAULT-VALUE}).") int batch;
        @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.001",
                description = "Learning rate (default: ${DEFAULT-VALUE}).") double lr;
        @Option(names = "--lr-decay", paramLabel = "FACTOR", defaultValue = "0.8",
                description = "Learning rate × this after each epoch (default: ${DEFAULT-VALUE}).")
        double lrDecay;
        @Option(names = "--weight-decay", paramLabel = "L2", defaultValue = "0",
                description = "L2 penalty on the weights, e.g. 1e-4 (default: ${DEFAULT-VALUE}).")
        double weightDecay;
        @Option(names = "--optimizer", paramLabel = "adam|sgd", defaultValue = "adam",
                description = "adam (default) or sgd (Nesterov momentum 0.9).")
        String optimizer;
        @Option(names = "--augment", description = "Random 2-pixel shifts and horizontal flips.") boolean augment;
        @Option(names = "--limit", paramLabel = "N", description = "Use only the first N training and test images.")
        Integer limit;
        @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
                description = "Random seed, for a run that can be repeated (default: ${DEFAULT-VALUE}).")
        long seed;
        @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs",
                description = "Folder for checkpoints and the trained model (default: ${DEFAULT-VALUE}).") Path outDir;
        @Option(names = "--resume", paramLabel = "CKPT", description = "Continue from a checkpoint.") Path resume;
        @Option(names = "--json", description = "Print the result as JSON.") boolean json;
        @Option(names = "--fine-tune", arity = "0..1", fallbackValue = "head", paramLabel = "head|all",
                preprocessor = ScopeOrNot.class,
                description = "Teach the network's trained weights the classes of --dataset FOLDER: a new "
                        + "classifier, trained alone (head, the default) or with every layer (all); see --name.")
        String fineTune;
        @Option(names = "--name", paramLabel = "NAME", description = "With --fine-tune: the name the result is saved "
                + "under in the weights folder (weights list; classify NAME IMAGE).")
        String name;

        @Override
        public Integer call() throws IOException {
            if (fineTune != null || name != null) {
                return new FineTuneCommand(spec, new FineTuneCommand.Request(id, dataset, fineTune, name, epochs, batch,
                        lr, seed, limit, json)).call();
            }
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Catalog.Entry entry = CatalogArgs.entry(id);
            TrainingConfig.Optimizer opt = switch (optimizer.toLowerCase(Locale.ROOT)) {
                case "adam" -> TrainingConfig.Optimizer.ADAM;
                case "sgd" -> TrainingConfig.Optimizer.SGD_MOMENTUM;
                default -> throw new UserError("unknown optimizer '" + optimizer + "'; valid: adam, sgd");
            };
            if (limit != null && limit <= 0) {
                throw new UserError("--limit must be positive, got " + limit);
            }
            TrainingConfig config;
            try {
                config = new TrainingConfig(id, epochs, batch, lr, new LrSchedule.PerEpoch(lrDecay), opt, weightDecay,
                        seed, augment, outDir);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            DataSplits data;
            try {
                ImageFolderDataset.Result loaded = DataChoice.parse(dataset).load(entry.input(), seed,
                        ImageFolderDataset.Progress.none());
                loaded.notes().forEach(err::println);
                data = loaded.splits();
            } catch (DataException e) {
                throw new UserError(e.getMessage());
            }
            Dataset train = limit == null ? data.train() : data.train().limit(limit);
            Dataset test = limit == null ? data.test() : data.test().limit(limit);
            try {
                Catalog.get(id).build(train.shape(), train.numClasses());
            } catch (ShapeException e) {
                throw new UserError(e.getMessage());
            }
            try {
                AtomicFiles.folder(outDir);
                AtomicFiles.checkOutput(TrainingRun.modelFile(config));
            } catch (AtomicFiles.UnwritableException e) {
                throw new UserError(e.getMessage());
            }
            NativeSetup.configure();
            Progress progress = new Progress(err, json ? null : out);
            RunControl control = new RunControl();
            TrainingRun run = new TrainingRun(config, train, test, progress, control);
            if (resume != null) {
                run.resumeFrom(resume);
            }
            TrainingRun.Result r;
            // Ctrl-C or SIGTERM: the step in progress ends, the checkpoint is saved, then the JVM ends
            try (SignalStop signals = new SignalStop("train-interrupt", control::cancel, SAVE_S)) {
                r = run.run();
            } catch (WeightsFileException e) {
                throw new UserError(e.getMessage());
            }
            if (json) {
                out.println(Summaries.json(new TrainJson(id, train.name(), train.size(), test.size(),
                        r.model() == null ? null : r.model().toString(), r.checkpoint().toString(), r.testAccuracy(),
                        progress.seconds, r.history().stream().map(e -> new EpochJson(e.epoch() + 1, e.trainLoss(),
                                e.trainAccuracy(), e.testAccuracy(), e.seconds(), e.imagesPerSecond())).toList())));
            }
            return 0;
        }
    }

    @JsonPropertyOrder({"model", "dataset", "trainImages", "testImages", "weights", "checkpoint", "testAccuracy",
            "seconds", "epochs"})
    record TrainJson(String model, String dataset, int trainImages, int testImages, String weights, String checkpoint,
                     double testAccuracy, double seconds, List<EpochJson> epochs) {
    }

    @JsonPropertyOrder({"epoch", "trainLoss", "trainAccuracy", "testAccuracy", "seconds", "imagesPerSecond"})
    record EpochJson(int epoch, double trainLoss, double trainAccuracy, double testAccuracy, double seconds,
                     double imagesPerSecond) {
    }

    /** A progress bar on stderr (redrawn at most 4 times a second) and one line per epoch on stdout. */
    static final class Progress implements Consumer<TrainingEvent> {
        private final PrintWriter err;
        private final PrintWriter lines;
        private long lastDraw;
        private final long start = System.nanoTime();
        double seconds;

        Progress(PrintWriter err, PrintWriter lines) {
            this.err = err;
            this.lines = lines;
        }

        @Override
        public void accept(TrainingEvent event) {
            if (event instanceof TrainingEvent.Started s) {
                err.printf(Locale.ROOT, "training %s on %s: %,d train / %,d test images, %d batches per epoch%n",
                        s.modelId(), s.dataset(), s.trainSize(), s.testSize(), s.iterationsPerEpoch());
            } else if (event instanceof TrainingEvent.Iteration it) {
                long now = System.nanoTime();
                if (now - lastDraw > 250_000_000L || it.iteration() == it.iterationsPerEpoch()) {
                    lastDraw = now;
                    int width = 30;
                    int filled = (int) ((long) width * it.iteration() / it.iterationsPerEpoch());
                    err.printf(Locale.ROOT, "\repoch %d [%s%s] %d/%d loss %.4f %,.0f img/s ETA %s ",
                            it.epoch() + 1, "=".repeat(filled), " ".repeat(width - filled), it.iteration(),
                            it.iterationsPerEpoch(), it.loss(), it.imagesPerSecond(), eta(it.etaSeconds()));
                    err.flush();
                }
            } else if (event instanceof TrainingEvent.Epoch e) {
                err.println();
                String line = String.format(Locale.ROOT,
                        "epoch %d/%d: loss %.4f, train accuracy %.2f%%, test accuracy %.2f%%, %.1f s, %,.0f img/s, "
                                + "checkpoint %s", e.epoch() + 1, e.epochs(), e.trainLoss(), 100 * e.trainAccuracy(),
                        100 * e.testAccuracy(), e.seconds(), e.imagesPerSecond(), e.checkpoint());
                (lines == null ? err : lines).println(line);
                (lines == null ? err : lines).flush();
            } else if (event instanceof TrainingEvent.Finished f) {
                seconds = (System.nanoTime() - start) / 1e9;
                err.printf(Locale.ROOT, "done in %.1f s: test accuracy %.2f%%, model %s%n", seconds,
                        100 * f.testAccuracy(), f.model());
            } else if (event instanceof TrainingEvent.Cancelled c) {
                err.printf("%ncancelled; resume with --resume %s%n", c.checkpoint());
            }
            err.flush();
        }

        private static String eta(double s) {
            if (Double.isNaN(s) || Double.isInfinite(s)) {
                return "--:--";
            }
            long t = Math.round(s);
            return String.format(Locale.ROOT, "%d:%02d", t / 60, t % 60);
        }
    }

    @Command(name = "evaluate", description = "Accuracy and confusion matrix on the 10,000 Fashion-MNIST test images.")
    static final class Evaluate implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "Network id taking 1×28×28, e.g. mini-resnet.")
        String id;
        @Option(names = "--weights", paramLabel = "FILE", description = "Weights file (default: the shipped ones).")
        Path weights;
        @Option(names = "--json", description = "Print the result as JSON.") boolean json;
        @Option(names = "--transform", paramLabel = "none|hflip", defaultValue = "none",
                description = "Show the test pictures as they are (none, default) or mirrored left-right (hflip).")
        String transform;
        @Option(names = "--ten-crop", description = "Average the predictions on ten patches of each picture: the "
                + "corners and the centre of the picture padded by 2 pixels, and their mirrors (Krizhevsky et al. "
                + "2012, section 4.1).")
        boolean tenCrop;
        @Option(names = "--heads", description = "Score every output head on its own (the prediction, and "
                + "mini-googlenet's auxiliary head): accuracy, mean confidence, and the first test picture where "
                + "they disagree.")
        boolean heads;

        private Evaluator.View view() {
            boolean mirrored = switch (transform.trim().toLowerCase(Locale.ROOT)) {
                case "none" -> false;
                case "hflip" -> true;
                default -> throw new UserError("unknown transform '" + transform + "'; valid: none, hflip");
            };
            if (mirrored && tenCrop) {
                throw new UserError("--ten-crop already shows every picture mirrored too: give one or the other");
            }
            return tenCrop ? Evaluator.View.TEN_CROP : mirrored ? Evaluator.View.MIRRORED : Evaluator.View.AS_IS;
        }

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Evaluator.View view = view();
            if (heads && view != Evaluator.View.AS_IS) {
                throw new UserError("--heads scores the pictures as they are: leave out --transform and --ten-crop");
            }
            try (Model model = model(id, weights, spec.commandLine().getErr())) {
                if (!model.info().input().equals(FashionMnist.SHAPE) || model.info().classes() != 10) {
                    throw new UserError(id + " takes " + model.info().input() + " with " + model.info().classes()
                            + " classes; evaluate needs a Fashion-MNIST model (1×28×28, 10 classes)");
                }
                Dataset test = FashionMnist.load(FashionMnist.embedded(), Split.TEST);
                if (heads) {
                    return heads(out, model, test);
                }
                long t0 = System.nanoTime();
                Evaluator.Result r = Evaluator.evaluate(model, test, view, () -> false);
                double seconds = (System.nanoTime() - t0) / 1e9;
                String shown = switch (view) {
                    case AS_IS -> "as they are";
                    case MIRRORED -> "mirrored";
                    case TEN_CROP -> "ten patches averaged";
                };
                if (json) {
                    out.println(Summaries.json(new EvalJson(id, r.n(), r.accuracy(), r.confusion(),
                            view.name().toLowerCase(Locale.ROOT).replace('_', '-'))));
                } else {
                    out.printf(Locale.ROOT, "%s%s on %,d test images (%s): accuracy %.2f%% (%.1f s)%n", id,
                            model.trained() ? "" : " (untrained)", r.n(), shown, 100 * r.accuracy(), seconds);
                    out.println("confusion matrix (rows: true class, columns: predicted):");
                    List<String> names = FashionMnist.classNames();
                    for (int i = 0; i < r.confusion().length; i++) {
                        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-12s", names.get(i)));
                        for (int c : r.confusion()[i]) {
                            row.append(String.format(Locale.ROOT, "%6d", c));
                        }
                        out.println(row);
                    }
                }
            }
            return 0;
        }

        private int heads(PrintWriter out, Model model, Dataset test) {
            Evaluator.Heads r = Evaluator.heads(model, test, model.network().heads(), () -> false);
            if (json) {
                out.println(Summaries.json(new HeadsJson(id, r.n(), r.heads(), r.disagreement())));
                return 0;
            }
            out.printf(Locale.ROOT, "%s%s on %,d test images, each head on its own:%n", id,
                    model.trained() ? "" : " (untrained)", r.n());
            for (Evaluator.Head h : r.heads()) {
                out.printf(Locale.ROOT, "  %-12s accuracy %.2f%%, mean confidence %.1f%%%n", h.output(),
                        100 * h.accuracy(), 100 * h.meanConfidence());
            }
            if (r.disagreement() < 0) {
                out.println("the heads agree on every picture");
            } else {
                out.printf(Locale.ROOT, "first picture where they disagree: test #%d%n", r.disagreement());
            }
            return 0;
        }
    }

    @JsonPropertyOrder({"model", "n", "heads", "disagreement"})
    record HeadsJson(String model, int n, List<Evaluator.Head> heads, int disagreement) {
    }

    @JsonPropertyOrder({"model", "n", "accuracy", "confusion", "view"})
    record EvalJson(String model, int n, double accuracy, int[][] confusion, String view) {
    }
}
