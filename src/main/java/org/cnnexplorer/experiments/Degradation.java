package org.cnnexplorer.experiments;

import org.cnnexplorer.train.LrSchedule;
import org.cnnexplorer.train.TrainingConfig;
import org.cnnexplorer.train.TrainingRun;

import java.nio.file.Path;
import java.util.ArrayList;
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
 *   <li>Warm-up ({@link Warmup}): the paper trains ResNet-110 at 0.01 "until the training error is below 80 %
 *       (about 400 iterations)"; here the first {@link #WARMUP_ITERATIONS} iterations, a fixed count so that every
 *       run of the series follows the same schedule whatever its error. {@link Warmup#ALL} warms every network up
 *       alike and gradually: on the full training set plain-56 diverged at the paper's 0.1 from the first step (loss
 *       16 after 30 iterations, seed 42).</li>
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
 * point averages the batches since the previous point ({@link DepthSeries.Recorder}). Test error is measured on the
 * whole test set after every epoch.
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

    /** Which networks warm up over their first {@link #WARMUP_ITERATIONS} iterations, and how. */
    public enum Warmup {
        /** The paper's: from {@link #WARMUP_DEPTH} layers, at a tenth of the rate. */
        PAPER("paper", "first 400 iterations at 0.01 from 110 layers"),
        /**
         * Every network of the series alike, the rate rising linearly from 0.01 to 0.1 (Goyal et al. 2017's gradual
         * warm-up): after 400 iterations at 0.01, the paper's jump to 0.1 threw plain-56 back to chance and ResNet-56
         * to a loss of 10 on the full training set.
         */
        ALL("all", "rate rising linearly from 0.01 to 0.1 over the first 400 iterations of every network");

        private final String id;
        private final String words;

        Warmup(String id, String words) {
            this.id = id;
            this.words = words;
        }

        public String id() {
            return id;
        }

        int iterations(Member member) {
            return this == ALL || member.depth() >= WARMUP_DEPTH ? WARMUP_ITERATIONS : 0;
        }

        /** "paper" or "all". */
        public static Warmup parse(String text) {
            for (Warmup w : values()) {
                if (w.id.equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return w;
                }
            }
            throw new IllegalArgumentException("unknown warm-up '" + text + "'; valid: paper, all");
        }
    }

    /** What decides a series' curves besides its networks and data; every network of a series trains with one. */
    public record Recipe(int epochs, long seed, boolean augment, Init init, Warmup warmup) {
        public Recipe {
            if (epochs <= 0) {
                throw new IllegalArgumentException("epochs must be positive, got " + epochs);
            }
        }

        /** The paper's recipe for {@code member} (see the class comment for what changed). */
        public TrainingConfig config(Member member, Path outDir) {
            return new TrainingConfig(member.modelId(), epochs, BATCH, LEARNING_RATE,
                    new LrSchedule.Steps(MILESTONES, warmup.iterations(member), warmup == Warmup.ALL),
                    TrainingConfig.Optimizer.SGD_MOMENTUM, WEIGHT_DECAY, seed, augment, outDir,
                    init == Init.ZERO_GAMMA && member.residual());
        }

        /** The recipe in words, for manifests. */
        public String describe() {
            return "SGD, Nesterov momentum 0.9, weight decay 1e-4, batch 128, batch norm, learning rate 0.1 divided by "
                    + "10 at 50% and 75% of the iterations (" + warmup.words + "); training error on the mini-batches "
                    + "as trained, averaged between points; "
                    + "test error on the whole test set after every epoch";
        }
    }

    /**
     * Short series that make one point within minutes on a two-core laptop: the same recipe on 2,560 training and
     * 1,000 test images for 2 epochs (40 iterations). {@link #QUICK}: plain-8 against plain-56, the deeper plain net
     * trains worse. {@link #SHORTCUT}: plain-56 against ResNet-56, the same depth with and without shortcuts.
     */
    public enum Preset {
        QUICK("quick", List.of(8, 56), List.of(Kind.PLAIN)),
        SHORTCUT("shortcut", List.of(56), List.of(Kind.PLAIN, Kind.RESIDUAL));

        public static final int EPOCHS = 2;
        public static final int TRAIN_IMAGES = 2560;
        public static final int TEST_IMAGES = 1000;

        private final String id;
        private final List<Integer> depths;
        private final List<Kind> kinds;

        Preset(String id, List<Integer> depths, List<Kind> kinds) {
            this.id = id;
            this.depths = depths;
            this.kinds = kinds;
        }

        public String id() {
            return id;
        }

        public List<Integer> depths() {
            return depths;
        }

        public List<Kind> kinds() {
            return kinds;
        }

        /** "quick" or "shortcut". */
        public static Preset parse(String text) {
            for (Preset p : values()) {
                if (p.id.equalsIgnoreCase(text.trim())) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown preset '" + text + "'; valid: quick, shortcut");
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
}
