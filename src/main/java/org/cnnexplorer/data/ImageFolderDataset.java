package org.cnnexplorer.data;

import org.cnnexplorer.data.DataException.Reason;
import org.cnnexplorer.i18n.Messages;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

/**
 * The user's own pictures, one sub-folder per class (torchvision's {@code ImageFolder} layout): {@code root/cat/1.jpg},
 * {@code root/dog/x.png}. Classes are the folder names in sorted order. If {@code root} has {@code train/} and
 * {@code test/} folders, each laid out that way, those are the splits; otherwise a seeded, per-class fraction of each
 * class is held out for testing, so the test images never reach training.
 *
 * <p>Every file is decoded with {@link ImageLoader} and brought to the model input with {@link Preprocessor}, the
 * same path a classified picture takes, and kept as 8-bit pixels. Files that are not usable images are skipped
 * and listed with their one-line reason.
 */
public final class ImageFolderDataset {

    /** Called after each file; {@code done} of {@code total}. */
    @FunctionalInterface
    public interface Progress {
        void update(int done, int total);

        static Progress none() {
            return (done, total) -> { };
        }
    }

    public record Skipped(Path file, String reason) {
    }

    /**
     * The loaded splits, the files skipped with their reasons, and the classes with a single usable picture (they
     * train, but nothing of them is held out for testing).
     */
    public record Result(DataSplits splits, List<Skipped> skipped, List<String> singleImageClasses) {
        /** Fashion-MNIST and other ready-made sets: nothing skipped, no warning. */
        public static Result of(DataSplits splits) {
            return new Result(splits, List.of(), List.of());
        }

        /** What the user should hear about the folder, one line each (none when all is well). */
        public List<String> notes() {
            List<String> out = new ArrayList<>();
            if (!skipped.isEmpty()) {
                out.add(Messages.get("data.folder.skipped", skipped.size(), skipped.get(0).reason()));
            }
            singleImageClasses.forEach(c -> out.add(Messages.get("data.folder.singleImage", c)));
            return out;
        }
    }

    private record Example(Path file, int label) {
    }

    private ImageFolderDataset() {
    }

    /**
     * Loads {@code root}. Interrupting the calling thread (e.g. cancelling its JavaFX Task) stops the scan with a
     * {@link CancellationException}.
     *
     * @param testFraction share of each class held out when there is no {@code test/} folder, e.g. 0.2
     */
    public static Result load(Path root, InputSpec spec, double testFraction, long seed, ImageLoader loader,
            Progress progress) {
        if (!Files.isDirectory(root)) {
            throw new DataException(Files.exists(root) ? Reason.UNREADABLE : Reason.MISSING,
                    Files.exists(root) ? "data.error.folder.notDir" : "data.error.missing", root.toString());
        }
        List<Example> train = new ArrayList<>();
        List<Example> test = new ArrayList<>();
        List<String> classes;
        Path trainDir = root.resolve("train");
        Path testDir = root.resolve("test");
        if (Files.isDirectory(trainDir) && Files.isDirectory(testDir)) {
            classes = classFolders(trainDir);
            scan(trainDir, classes, train);
            scan(testDir, classes, test);
        } else {
            classes = classFolders(root);
            List<Example> all = new ArrayList<>();
            scan(root, classes, all);
            holdOut(all, classes.size(), testFraction, seed, train, test);
        }
        if (classes.isEmpty() || train.isEmpty()) {
            throw new DataException(Reason.NO_CLASSES, "data.error.folder.noClasses", root.toString());
        }
        if (classes.size() < 2) {
            throw new DataException(Reason.NO_CLASSES, "data.error.folder.oneClass", root.toString(), classes.get(0));
        }
        List<Skipped> skipped = new ArrayList<>();
        int total = train.size() + test.size();
        int[] done = {0};
        String name = root.getFileName() == null ? root.toString() : root.getFileName().toString();
        Dataset trainSet = decode(name, Split.TRAIN, train, classes, spec, loader, skipped, progress, done, total);
        Dataset testSet = decode(name, Split.TEST, test, classes, spec, loader, skipped, progress, done, total);
        int[] perClass = trainSet.labelCounts();
        int[] tested = testSet.labelCounts();
        for (int c = 0; c < perClass.length; c++) {
            perClass[c] += tested[c];
        }
        List<String> single = new ArrayList<>();
        for (int c = 0; c < perClass.length; c++) {
            if (perClass[c] == 0) {
                throw new DataException(Reason.NO_CLASSES, "data.error.folder.emptyClass", root.toString(),
                        classes.get(c));
            }
            if (perClass[c] == 1) {
                single.add(classes.get(c));
            }
        }
        if (testSet.size() == 0) {
            throw new DataException(Reason.NO_CLASSES, "data.error.folder.noTestImages", root.toString());
        }
        return new Result(new DataSplits(trainSet, testSet), List.copyOf(skipped), List.copyOf(single));
    }

    private static List<String> classFolders(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new DataException(Reason.UNREADABLE, e, "data.error.unreadable", dir.toString());
        }
    }

    private static void scan(Path dir, List<String> classes, List<Example> out) {
        for (int label = 0; label < classes.size(); label++) {
            Path classDir = dir.resolve(classes.get(label));
            if (!Files.isDirectory(classDir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(classDir)) {
                int l = label;
                s.filter(Files::isRegularFile)
                        .filter(p -> !p.getFileName().toString().startsWith("."))
                        .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                        .forEach(p -> out.add(new Example(p, l)));
            } catch (IOException e) {
                throw new DataException(Reason.UNREADABLE, e, "data.error.unreadable", classDir.toString());
            }
        }
    }

    /** Per class: shuffle with the seed, the first round(n·fraction) (at least one when n ≥ 2) go to test. */
    private static void holdOut(List<Example> all, int classes, double fraction, long seed, List<Example> train,
            List<Example> test) {
        for (int label = 0; label < classes; label++) {
            List<Example> members = new ArrayList<>();
            for (Example e : all) {
                if (e.label() == label) {
                    members.add(e);
                }
            }
            SplittableRandom random = new SplittableRandom(seed * 31 + label);
            for (int i = members.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                members.set(j, members.set(i, members.get(j)));
            }
            int n = members.size();
            int nTest = n < 2 ? 0 : Math.max(1, (int) Math.round(n * fraction));
            test.addAll(members.subList(0, nTest));
            train.addAll(members.subList(nTest, n));
        }
    }

    private static Dataset decode(String name, Split split, List<Example> examples, List<String> classes,
            InputSpec spec, ImageLoader loader, List<Skipped> skipped, Progress progress, int[] done, int total) {
        int size = (int) spec.shape().size();
        byte[] pixels = new byte[examples.size() * size];
        int[] labels = new int[examples.size()];
        int n = 0;
        for (Example e : examples) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("loading " + name + " was cancelled");
            }
            try {
                Preprocessor.Result r = Preprocessor.apply(loader.load(e.file()), spec);
                System.arraycopy(r.pixels(), 0, pixels, n * size, size);
                labels[n++] = e.label();
            } catch (DataException bad) {
                skipped.add(new Skipped(e.file(), bad.getMessage()));
            }
            progress.update(++done[0], total);
        }
        String title = Messages.get("data.dataset.folder", name,
                Messages.get(split == Split.TRAIN ? "data.split.train" : "data.split.test"));
        return new InMemoryDataset(title, split, spec, classes, Arrays.copyOf(pixels, n * size),
                Arrays.copyOf(labels, n));
    }
}
