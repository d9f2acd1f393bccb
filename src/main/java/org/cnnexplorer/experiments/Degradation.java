package org.cnnexplorer.experiments;

import org.cnnexplorer.train.LrSchedule;
import org.cnnexplorer.train.TrainingConfig;
import org.cnnexplorer.train.TrainingEvent;
import org.cnnexplorer.train.RunControl;
import org.cnnexplorer.train.TrainingRun;

import org.cnnexplorer.data.Dataset;
import org.cnnexplorer.io.AtomicFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The degradation experiment of He et al. 2016 (§4.2, Fig. 6): CIFAR-style networks of depth 6n+2 with and without
 * shortcuts, trained with one recipe, identical seed and data order, recording training and test error.
 *
 * <p>The recipe is the paper's: SGD with momentum 0.9 and weight decay 1e-4, batch 128, He initialisation, batch
 * norm, learning rate 0.1 divided by 10 at fixed points, and a warm-up at 0.01 for 110 layers. What had to change,
 * all of it here:
 * <ul>
 *   <li>Input 1×28×28 Fashion-MNIST instead of 3×32×32 CIFAR-10: the three stages work on 28, 14 and 7 pixels
 *       instead of 32, 16 and 8; widths (16, 32, 64), depths and shortcuts (option A, zero padding) are unchanged.</li>
 *   <li>Length: the paper trains 64k iterations (164 epochs of 50k images) and divides the rate at 32k and 48k. A
 *       laptop cannot, so a run lasts the epochs asked for and divides the rate at the same fractions, 50 % and
 *       75 % of its iterations.</li>
 *   <li>Warm-up: the paper trains ResNet-110 at 0.01 "until the training error is below 80 % (about 400
 *       iterations)"; here the first {@link #WARMUP_ITERATIONS} iterations, a fixed count so that every run of the
 *       series follows the same schedule whatever its error.</li>
 *   <li>Initialisation ({@link #DEFAULT_INIT}): the last batch norm of every residual branch starts at γ = 0, so
 *       each residual block starts as the identity ({@link Init#ZERO_GAMMA}); plain nets start as in the paper. With
 *       the paper's γ = 1 ({@link Init#PAPER}) a laptop-length run ends before the deeper ResNet catches up: after
 *       790 iterations ResNet-56 was at 11.1 % training error against ResNet-20's 4.1 %, where the paper's 64k
 *       iterations show it below. Started from the identity, ResNet-56 stays within a point of ResNet-20 at every
 *       epoch of the same run (the shipped curves); the price is a slower ResNet-20 (8.3 % instead of 4.1 %).</li>
 *   <li>Momentum: DL4J offers Nesterov momentum, not the classical kind; the step differs by the look-ahead only.</li>
 *   <li>No augmentation by default (the paper pads 4 pixels and crops, and flips): the lab shows how well each
 *       network fits its training data, and the shifts would only slow every curve down alike.</li>
 * </ul>
 * Training error is the paper's, counted on the mini-batches as they are trained (see {@link TrainingRun}); each
 * point averages the batches since the previous point ({@link Recorder}). Test error is measured on the whole test
 * set after every epoch.
 */
public final class Degradation {
    /** The depths a series may hold (6n+2), and the default series. */
    public static final List<Integer> DEPTHS = List.of(8, 14, 20, 32, 44, 56, 110);
    public static final List<Integer> DEFAULT_DEPTHS = List.of(20, 32, 44, 56);
    public static final int BATCH = 128;
    public static final double LEARNING_RATE = 0.1;
    public static final double MOMENTUM = 0.9;
    public static final double WEIGHT_DECAY = 1e-4;
    static final double[] MILESTONES = {0.5, 0.75};
    /** Depth from which the paper warms up at a tenth of the rate. */
    static final int WARMUP_DEPTH = 110;
    static final int WARMUP_ITERATIONS = 400;
    /** How the lab's networks start unless told otherwise (the class comment says why). */
    public static final Init DEFAULT_INIT = Init.ZERO_GAMMA;
    /** The recipe in words, for manifests and the lab's text. */
    public static final String RECIPE = "SGD, Nesterov momentum 0.9, weight decay 1e-4, batch 128, batch norm, "
            + "learning rate 0.1 divided by 10 at 50% and 75% of the iterations (first 400 iterations at 0.01 from 110 "
            + "layers); training error on the mini-batches as trained, averaged between points; test error on the "
            + "whole test set after every epoch";
    /** How many training-error points each epoch gets (at least one every iteration for tiny runs). */
    public static final int POINTS_PER_EPOCH = 10;

    private Degradation() {
    }

    public enum Kind {
        PLAIN("plain"), RESIDUAL("resnet");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }

        /** "plain" or "resnet" (also "residual"). */
        public static Kind parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            for (Kind k : values()) {
                if (k.prefix.equals(t) || k.name().toLowerCase(Locale.ROOT).equals(t)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown kind '" + text + "'; valid: plain, resnet");
        }
    }

    /** How the networks start. */
    public enum Init {
        /** The paper's: He initialisation, every batch norm at γ = 1. */
        PAPER("paper", "He initialisation, every batch norm at gamma 1 (the paper's)"),
        /**
         * As the paper's, except that the last batch norm of every residual branch starts at γ = 0 (Goyal et al. 2017,
         * "zero γ"): each residual block starts as the identity, so a deep residual net starts training as a shallow
         * one. Plain nets have no branch and start as with {@link #PAPER}.
         */
        ZERO_GAMMA("zero-gamma", "He initialisation; the last batch norm of every residual branch starts at gamma 0 "
                + "(Goyal et al. 2017), plain nets as in the paper");

        private final String id;
        private final String description;

        Init(String id, String description) {
            this.id = id;
            this.description = description;
        }

        public String id() {
            return id;
        }

        /** In words, for manifests. */
        public String description() {
            return description;
        }

        /** "paper" or "zero-gamma". */
        public static Init parse(String text) {
            for (Init i : values()) {
                if (i.id.equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return i;
                }
            }
            throw new IllegalArgumentException("unknown initialisation '" + text + "'; valid: paper, zero-gamma");
        }
    }

    /** One network of a series: {@code plain20}, {@code resnet56}, ... */
    public record Member(Kind kind, int depth) {
        public Member {
            if (!DEPTHS.contains(depth)) {
                throw new IllegalArgumentException("depth " + depth + " is not one of " + DEPTHS);
            }
        }

        public String modelId() {
            return kind.prefix() + depth;
        }

        public boolean residual() {
            return kind == Kind.RESIDUAL;
        }

        /** The member of {@code modelId}, e.g. "plain56". */
        public static Member parse(String modelId) {
            for (Kind k : Kind.values()) {
                if (modelId.startsWith(k.prefix())) {
                    try {
                        return new Member(k, Integer.parseInt(modelId.substring(k.prefix().length())));
                    } catch (NumberFormatException e) {
                        break;
                    }
                }
            }
            throw new IllegalArgumentException("not a degradation network: '" + modelId + "'");
        }
    }

    /** The series in the order it trains: depth by depth, each depth's kinds together (so pairs appear early). */
    public static List<Member> series(List<Integer> depths, List<Kind> kinds) {
        if (depths.isEmpty() || kinds.isEmpty()) {
            throw new IllegalArgumentException("a series needs at least one depth and one kind");
        }
        List<Member> out = new ArrayList<>();
        for (int d : depths) {
            for (Kind k : kinds) {
                Member m = new Member(k, d);
                if (!out.contains(m)) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    /** The paper's recipe for {@code member} (see the class comment for what changed), started as {@code init}. */
    public static TrainingConfig recipe(Member member, int epochs, long seed, boolean augment, Init init,
                                        Path outDir) {
        int warmup = member.depth() >= WARMUP_DEPTH ? WARMUP_ITERATIONS : 0;
        return new TrainingConfig(member.modelId(), epochs, BATCH, LEARNING_RATE,
                new LrSchedule.Steps(MILESTONES, warmup), TrainingConfig.Optimizer.SGD_MOMENTUM, WEIGHT_DECAY, seed,
                augment, outDir, init == Init.ZERO_GAMMA && member.residual());
    }

    /**
     * One measurement. {@code trainError} is the mean error of the mini-batches since the previous point;
     * {@code testError} is null where the test set was not scored. Errors are fractions.
     *
     * @param seconds wall time of the run when the point was taken (training and testing)
     */
    public record Point(int iteration, double epoch, double trainError, Double testError, double seconds) {
    }

    /** A run's curve and its final errors (both over the last epoch: see {@link #of}). */
    public record Curve(Member member, List<Point> points, double finalTrainError, double finalTestError,
                        double seconds) {
        public Curve {
            points = List.copyOf(points);
        }

        /**
         * The curve of {@code points}: the final training error is the mean batch error of the last epoch, the final
         * test error the last one measured.
         */
        public static Curve of(Member member, List<Point> points) {
            if (points.isEmpty()) {
                return new Curve(member, points, Double.NaN, Double.NaN, 0);
            }
            double[] perEpoch = trainErrorPerEpoch(points);
            Double test = null;
            for (Point p : points) {
                if (p.testError() != null) {
                    test = p.testError();
                }
            }
            return new Curve(member, points, perEpoch[perEpoch.length - 1], test == null ? Double.NaN : test,
                    points.get(points.size() - 1).seconds());
        }

        /** The mean batch error of each epoch (entry e = epoch e+1), as {@link #trainErrorPerEpoch(List)}. */
        public double[] trainErrorPerEpoch() {
            return trainErrorPerEpoch(points);
        }

        /**
         * The mean batch error of each epoch begun: each point weighted by the iterations it covers (a point covers
         * those since the previous one; an epoch cut short counts what it has).
         */
        static double[] trainErrorPerEpoch(List<Point> points) {
            int epochs = (int) Math.ceil(points.get(points.size() - 1).epoch() - 1e-9);
            double[] sum = new double[Math.max(1, epochs)];
            int[] covered = new int[sum.length];
            int previous = 0;
            for (Point p : points) {
                int e = Math.min(sum.length - 1, Math.max(0, (int) Math.ceil(p.epoch() - 1e-9) - 1));
                int n = Math.max(1, p.iteration() - previous);
                sum[e] += p.trainError() * n;
                covered[e] += n;
                previous = p.iteration();
            }
            for (int e = 0; e < sum.length; e++) {
                sum[e] = covered[e] == 0 ? Double.NaN : sum[e] / covered[e];
            }
            return sum;
        }
    }

    /**
     * Turns one run's events into points: every {@code K} iterations (K = iterations per epoch / {@link
     * #POINTS_PER_EPOCH}, at least 1) and at each epoch's end, where the test error joins the point. Points taken
     * before a resumed run's checkpoint are handed in and kept.
     */
    public static final class Recorder implements java.util.function.Consumer<TrainingEvent> {
        private final List<Point> points;
        private final java.util.function.Consumer<Point> onPoint;
        private final long startNanos = System.nanoTime();
        private final double secondsBefore;
        private int perEpoch;
        private int every = 1;
        private double errorSum;
        private int errorCount;
        private Point pending;

        public Recorder(List<Point> earlier, java.util.function.Consumer<Point> onPoint) {
            this.points = new ArrayList<>(earlier);
            this.onPoint = onPoint == null ? p -> { } : onPoint;
            this.secondsBefore = earlier.isEmpty() ? 0 : earlier.get(earlier.size() - 1).seconds();
        }

        public synchronized List<Point> points() {
            return Collections.unmodifiableList(new ArrayList<>(points));
        }

        @Override
        public void accept(TrainingEvent event) {
            Point emitted = null;
            synchronized (this) {
                if (event instanceof TrainingEvent.Started s) {
                    perEpoch = s.iterationsPerEpoch();
                    every = Math.max(1, perEpoch / POINTS_PER_EPOCH);
                } else if (event instanceof TrainingEvent.Iteration it) {
                    errorSum += it.batchError();
                    errorCount++;
                    boolean epochEnd = it.iteration() == it.iterationsPerEpoch();
                    if (epochEnd || it.iteration() % every == 0) {
                        int global = it.epoch() * it.iterationsPerEpoch() + it.iteration();
                        Point p = new Point(global, (double) global / it.iterationsPerEpoch(), errorSum / errorCount,
                                null, seconds());
                        errorSum = 0;
                        errorCount = 0;
                        if (epochEnd) {
                            pending = p;
                        } else {
                            points.add(p);
                            emitted = p;
                        }
                    }
                } else if (event instanceof TrainingEvent.Epoch e && pending != null) {
                    emitted = new Point(pending.iteration(), pending.epoch(), pending.trainError(),
                            1 - e.testAccuracy(), seconds());
                    points.add(emitted);
                    pending = null;
                }
            }
            if (emitted != null) {
                onPoint.accept(emitted);
            }
        }

        private double seconds() {
            return secondsBefore + (System.nanoTime() - startNanos) / 1e9;
        }
    }

    /** What a series run reports, on the training thread. */
    public interface Listener {
        /** Run {@code index} (from 0) of {@code runs} begins; {@code earlier} holds points kept from a checkpoint. */
        default void runStarted(Member member, int index, int runs, List<Point> earlier) {
        }

        default void event(Member member, TrainingEvent event) {
        }

        default void point(Member member, Point point) {
        }

        default void runFinished(Curve curve) {
        }
    }

    /**
     * A depth series trained one network after the other; its {@link RunControl} pauses and stops the network in
     * training. A cancelled series leaves that network's checkpoint and points, and a new series over the same folder
     * with {@code resume} continues from them.
     */
    public static final class Series {
        private final List<Member> members;
        private final int epochs;
        private final long seed;
        private final boolean augment;
        private final Init init;
        private final Path outDir;
        private final boolean resume;
        private final Dataset train;
        private final Dataset test;
        private final Listener listener;
        private final RunControl control;

        public Series(List<Member> members, int epochs, long seed, boolean augment, Init init, Path outDir,
                      boolean resume, Dataset train, Dataset test, Listener listener, RunControl control) {
            if (epochs <= 0) {
                throw new IllegalArgumentException("epochs must be positive, got " + epochs);
            }
            this.members = List.copyOf(members);
            this.epochs = epochs;
            this.seed = seed;
            this.augment = augment;
            this.init = init;
            this.outDir = outDir;
            this.resume = resume;
            this.train = train;
            this.test = test;
            this.listener = listener == null ? new Listener() { } : listener;
            this.control = control;
        }

        public List<Member> members() {
            return members;
        }

        /** Trains every member in turn; returns the finished curves (fewer than the members if cancelled). */
        public List<Curve> run() throws IOException {
            List<Curve> done = new ArrayList<>();
            for (int i = 0; i < members.size() && !control.isCancelled(); i++) {
                Member m = members.get(i);
                TrainingConfig config = recipe(m, epochs, seed, augment, init, outDir);
                Path csv = csvFile(outDir, m);
                Path checkpoint = TrainingRun.checkpointFile(config);
                List<Point> kept = resume && Files.isRegularFile(csv) ? readCsv(csv) : List.of();
                if (!kept.isEmpty() && kept.get(kept.size() - 1).epoch() >= epochs
                        && Files.isRegularFile(TrainingRun.modelFile(config))) {
                    Curve c = Curve.of(m, kept);
                    listener.runStarted(m, i, members.size(), c.points());
                    listener.runFinished(c);
                    done.add(c);
                    continue;
                }
                // The CSV is rewritten with every checkpoint, so its points are those the checkpoint has trained.
                List<Point> earlier = Files.isRegularFile(checkpoint) ? kept : List.of();
                Recorder recorder = new Recorder(earlier, p -> listener.point(m, p));
                TrainingRun run = new TrainingRun(config, train, test, e -> {
                    recorder.accept(e);
                    listener.event(m, e);
                    if (e instanceof TrainingEvent.Epoch || e instanceof TrainingEvent.Cancelled) {
                        writeCsvQuietly(csv, recorder.points());
                    }
                }, control);
                if (!earlier.isEmpty()) {
                    run.resumeFrom(checkpoint);
                }
                listener.runStarted(m, i, members.size(), earlier);
                TrainingRun.Result r = run.run();
                writeCsv(csv, recorder.points());
                if (r.cancelled()) {
                    break;
                }
                Curve c = Curve.of(m, recorder.points());
                done.add(c);
                listener.runFinished(c);
            }
            return done;
        }

        private static void writeCsvQuietly(Path csv, List<Point> points) {
            try {
                writeCsv(csv, points);
            } catch (IOException e) {
                // The run goes on; the final write after it reports the failure.
            }
        }
    }

    static final String SHIPPED = "/org/cnnexplorer/degradation/";

    /**
     * The curves that ship with the application (assets/degradation in the repository), made by this project's own
     * {@code degradation} command; {@link #shippedManifest()} says how. Depth by depth, plain before residual.
     */
    public static List<Curve> shipped() {
        List<Curve> out = new ArrayList<>();
        for (Member m : series(DEPTHS, List.of(Kind.values()))) {
            try (java.io.InputStream in = Degradation.class.getResourceAsStream(SHIPPED + m.modelId() + ".csv")) {
                if (in != null) {
                    out.add(Curve.of(m, readCsv(new java.io.InputStreamReader(in,
                            java.nio.charset.StandardCharsets.UTF_8), m.modelId() + ".csv")));
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return out;
    }

    /** The shipped curves' manifest (JSON: command, seed, data, machine, wall time and final errors per run). */
    public static java.util.Optional<String> shippedManifest() {
        try (java.io.InputStream in = Degradation.class.getResourceAsStream(SHIPPED + "manifest.json")) {
            return in == null ? java.util.Optional.empty()
                    : java.util.Optional.of(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static Path csvFile(Path dir, Member m) {
        return dir.resolve(m.modelId() + ".csv");
    }

    static final String CSV_HEADER = "iteration,epoch,trainError,testError,seconds";

    /** One row per point; an empty testError where the test set was not scored. Written atomically. */
    public static void writeCsv(Path file, List<Point> points) throws IOException {
        StringBuilder b = new StringBuilder(CSV_HEADER).append('\n');
        for (Point p : points) {
            // Double.toString reads back to the same double: a curve survives the round trip unchanged.
            b.append(p.iteration()).append(',').append(p.epoch()).append(',').append(p.trainError()).append(',')
                    .append(p.testError() == null ? "" : p.testError().toString()).append(',').append(p.seconds())
                    .append('\n');
        }
        AtomicFiles.write(file, b.toString());
    }

    public static List<Point> readCsv(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file)) {
            return readCsv(r, file.getFileName().toString());
        }
    }

    /** @throws IOException naming {@code name} and the line when the data are not this class's CSV */
    public static List<Point> readCsv(Reader reader, String name) throws IOException {
        BufferedReader r = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        String header = r.readLine();
        if (header == null || !header.trim().equals(CSV_HEADER)) {
            throw new IOException(name + ": not a degradation curve (expected the header '" + CSV_HEADER + "')");
        }
        List<Point> out = new ArrayList<>();
        String line;
        int n = 1;
        while ((line = r.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            try {
                if (f.length != 5) {
                    throw new NumberFormatException("5 fields expected");
                }
                out.add(new Point(Integer.parseInt(f[0].trim()), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                        f[3].isBlank() ? null : Double.valueOf(f[3]), Double.parseDouble(f[4])));
            } catch (NumberFormatException e) {
                throw new IOException(name + ", line " + n + ": " + e.getMessage());
            }
        }
        return out;
    }
}
