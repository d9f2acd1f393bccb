package org.cnnexplorer.ui.degradation;

import org.cnnexplorer.experiments.Degradation;
import org.cnnexplorer.experiments.Degradation.Kind;
import org.cnnexplorer.experiments.Degradation.Member;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.io.AtomicFiles;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/** What a live series trains; kept beside its curves ({@link #FILE}) so it can resume from the folder. */
public record SeriesSettings(List<Integer> depths, List<Kind> kinds, int epochs, int trainImages, int testImages) {
    /** The seed of every live series (the CLI's default): same initialisation and data order for every network. */
    static final long SEED = 42;
    /** The most images a split of the embedded Fashion-MNIST holds. */
    static final int MAX_IMAGES = 10_000;
    static final SeriesSettings QUICK = of(Degradation.Preset.QUICK);
    static final SeriesSettings SHORTCUT = of(Degradation.Preset.SHORTCUT);
    static final String FILE = "series.properties";

    public SeriesSettings {
        depths = List.copyOf(depths);
        kinds = List.copyOf(kinds);
    }

    static SeriesSettings of(Degradation.Preset p) {
        return new SeriesSettings(p.depths(), p.kinds(), Degradation.Preset.EPOCHS, Degradation.Preset.TRAIN_IMAGES,
                Degradation.Preset.TEST_IMAGES);
    }

    public List<Member> members() {
        return Degradation.series(depths, kinds);
    }

    /** Mini-batches per epoch. */
    public int iterationsPerEpoch() {
        return (trainImages + Degradation.BATCH - 1) / Degradation.BATCH;
    }

    /** Null when the settings can be trained, else why not (a message for the user). */
    String problem() {
        if (depths.isEmpty() || kinds.isEmpty()) {
            return Messages.get("degradation.error.nothing");
        }
        if (epochs < 1 || trainImages < 1 || testImages < 1 || trainImages > MAX_IMAGES
                || testImages > MAX_IMAGES) {
            return Messages.get("degradation.error.range", MAX_IMAGES);
        }
        return null;
    }

    void write(Path dir) throws IOException {
        StringBuilder b = new StringBuilder("# a live degradation series of CNN Explorer\n");
        b.append("depths=").append(String.join(",", depths.stream().map(String::valueOf).toList())).append('\n');
        b.append("kinds=").append(String.join(",", kinds.stream().map(Kind::prefix).toList())).append('\n');
        b.append("epochs=").append(epochs).append('\n');
        b.append("trainImages=").append(trainImages).append('\n');
        b.append("testImages=").append(testImages).append('\n');
        b.append("seed=").append(SEED).append('\n');
        AtomicFiles.write(dir.resolve(FILE), b.toString());
    }

    static SeriesSettings read(Path dir) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve(FILE))) {
            p.load(r);
        }
        try {
            return new SeriesSettings(
                    Arrays.stream(p.getProperty("depths").split(",")).map(s -> Integer.valueOf(s.trim())).toList(),
                    Arrays.stream(p.getProperty("kinds").split(",")).map(Kind::parse).toList(),
                    Integer.parseInt(p.getProperty("epochs").trim()),
                    Integer.parseInt(p.getProperty("trainImages").trim()),
                    Integer.parseInt(p.getProperty("testImages").trim()));
        } catch (RuntimeException e) {
            throw new IOException(dir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }
}
