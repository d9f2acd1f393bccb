package org.cnnexplorer.lessons;

import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.Layers;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.data.Dataset;
import org.cnnexplorer.data.FashionMnist;
import org.cnnexplorer.data.Split;
import org.cnnexplorer.engine.natives.NativeThreads;
import org.cnnexplorer.experiments.ActivationRace;
import org.cnnexplorer.experiments.RaceRecord;
import org.cnnexplorer.experiments.RateGrid;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The ReLU lesson's race: mini-plain-relu, -sigmoid and -tanh trained side by side on the embedded Fashion-MNIST
 * training slice, the same batches for all, each at the learning rate its grid chose ({@link RateGrid}). One home for
 * its settings, run by the lesson's ▶ in the window and by {@code lesson --race} (which makes the grid and the race
 * shipped in assets/lessons).
 */
public final class ReluRace {
    /** At most 1,000 batches of 64 images (6.4 passes over the embedded training slice) per run. */
    public static final int STEPS = 1000;
    public static final int BATCH = 64;
    /** The first seed screens the grid's rates and is the race the page draws; the others make three. */
    public static final List<Long> SEEDS = List.of(42L, 43L, 44L);
    public static final long SEED = SEEDS.get(0);
    /** Half-decades around AlexNet's 0.01: the sigmoid needs the large ones, ReLU without batch norm diverges there. */
    public static final List<Double> RATES = List.of(0.01, 0.03, 0.1, 0.3);
    /** AlexNet's rate, for a model the grid has no choice for (no grid shipped). */
    public static final double DEFAULT_RATE = 0.01;

    private ReluRace() {
    }

    public static String netId(Layers.Activation a) {
        return "mini-plain-" + a.id();
    }

    /** The three networks, ReLU first. */
    public static List<String> ids() {
        return Arrays.stream(Layers.Activation.values()).map(ReluRace::netId).toList();
    }

    /** The first and the last weighted layer, whose gradient norms the record keeps. */
    static List<String> endLayers() {
        List<String> weighted = Catalog.get(netId(Layers.Activation.RELU)).build().layers()
                .stream().filter(l -> l.params() > 0).map(Layer::id).toList();
        return List.of(weighted.get(0), weighted.get(weighted.size() - 1));
    }

    /** The training slice every race and grid run uses. */
    public static Dataset trainingSlice() {
        return FashionMnist.load(FashionMnist.embedded(), Split.TRAIN);
    }

    /** The rate each network races at: the shipped grid's choice, else {@link #DEFAULT_RATE}. */
    public static double rate(Layers.Activation a) {
        return grid().map(g -> rate(g, a)).orElse(DEFAULT_RATE);
    }

    /** The rate the grid chose for the network, else (no rate reached the target) {@link #DEFAULT_RATE}. */
    public static double rate(RateGrid grid, Layers.Activation a) {
        return grid.chosenRate(netId(a)).orElse(DEFAULT_RATE);
    }

    /** The grid shipped with the application, if there is one. */
    static Optional<RateGrid> grid() {
        return RateGrid.shipped();
    }

    /**
     * Races the three networks at their rates into {@code record}, each until it reaches the target or diverges, for
     * at most {@code steps} steps, calling {@code changed} after each, until done or {@code cancelled}; on a
     * low-priority thread setting. Returns whether the race ran to its end.
     */
    public static boolean run(int steps, RaceRecord record, BooleanSupplier cancelled, Runnable changed) {
        NativeThreads.runInBackground();
        NativeThreads.leaveOneCoreFree();
        List<String> ends = endLayers();
        List<ActivationRace.Entry> entries = Arrays.stream(Layers.Activation.values())
                .map(a -> new ActivationRace.Entry(netId(a), netId(a), rate(a))).toList();
        try (ActivationRace race = new ActivationRace(entries, trainingSlice(), BATCH, SEED)) {
            for (int i = 0; i < steps && race.running(); i++) {
                if (cancelled.getAsBoolean()) {
                    return false;
                }
                record.add(race.step(), ends.get(0), ends.get(1));
                entries.stream().filter(e -> record.finished(e.key())).forEach(e -> race.retire(e.key()));
                changed.run();
            }
        }
        return true;
    }

    /** Runs the grid of {@link #RATES} × {@link #SEEDS} for the three networks (what {@code lesson --race} keeps). */
    public static RateGrid runGrid(BooleanSupplier cancelled, RateGrid.Progress progress,
                                   Consumer<RaceRecord> firstSeed) {
        List<String> ends = endLayers();
        return RateGrid.run(ids(), RATES, SEEDS, STEPS, BATCH, trainingSlice(), ends.get(0), ends.get(1), cancelled,
                progress, firstSeed);
    }

    /** The user's kept race file. */
    public static Path keptFile() {
        return LessonContext.keptDir().resolve(RaceRecord.FILE);
    }

    /** A finished race from before and whether it is the shipped one (rather than the user's own). */
    record Kept(RaceRecord record, boolean shipped) {
    }

    /** The user's last finished race, else the shipped one; a damaged file of the user's counts as none. */
    static Optional<Kept> kept() {
        try {
            Optional<RaceRecord> mine = RaceRecord.read(keptFile());
            if (mine.isPresent()) {
                return Optional.of(new Kept(mine.get(), false));
            }
        } catch (IOException damaged) {
            // the shipped race stands in until the next finished race overwrites the file
        }
        return RaceRecord.shipped().map(r -> new Kept(r, true));
    }
}
