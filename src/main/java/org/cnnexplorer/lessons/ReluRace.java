package org.cnnexplorer.lessons;

import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.Layers;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.data.FashionMnist;
import org.cnnexplorer.data.Split;
import org.cnnexplorer.engine.natives.NativeThreads;
import org.cnnexplorer.experiments.ActivationRace;
import org.cnnexplorer.experiments.RaceRecord;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The ReLU lesson's race: mini-plain-relu, -sigmoid and -tanh trained side by side on the embedded Fashion-MNIST
 * training slice, the same batches for all. One home for its settings, run by the lesson's ▶ in the window and by
 * {@code lesson --race} (which makes the race shipped in assets/lessons).
 */
public final class ReluRace {
    /** 600 batches of 64 images: about four passes over the embedded training slice. */
    public static final int STEPS = 600;
    public static final int BATCH = 64;
    public static final long SEED = 42;

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

    /**
     * Runs up to {@code steps} steps into {@code record}, calling {@code changed} after each, until done or
     * {@code cancelled}; on a low-priority thread setting. Returns whether every step ran.
     */
    public static boolean run(int steps, RaceRecord record, BooleanSupplier cancelled, Runnable changed) {
        NativeThreads.runInBackground();
        NativeThreads.leaveOneCoreFree();
        List<String> ends = endLayers();
        var train = FashionMnist.load(FashionMnist.embedded(), Split.TRAIN);
        try (ActivationRace race = new ActivationRace(ids(), train, BATCH, SEED)) {
            for (int i = 0; i < steps; i++) {
                if (cancelled.getAsBoolean()) {
                    return false;
                }
                record.add(race.step(), ends.get(0), ends.get(1));
                changed.run();
            }
        }
        return true;
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
