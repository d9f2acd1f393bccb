package org.cnnexplorer.data;

import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.data.DataException.Reason;
import org.cnnexplorer.i18n.Messages;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fashion-MNIST (Xiao, Rasul, Vollgraf 2017; MIT licence, Zalando SE): 28×28 grayscale product photos, white
 * object on black, in 10 classes; 60,000 training and 10,000 test images in IDX files.
 *
 * <p>Three sources: the copy embedded in the application (the full test split and a class-balanced 10,000-image
 * slice of the training split, see {@code assets/fashion-mnist/README.md}), the Debian/Ubuntu package
 * {@code dataset-fashion-mnist} in {@link #SYSTEM_DIR}, or any folder holding the four upstream files.
 */
public final class FashionMnist {
    public static final Shape SHAPE = Shape.chw(1, 28, 28);
    public static final Path SYSTEM_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";
    /** The embedded training slice's files (see {@code assets/fashion-mnist/README.md}). */
    public static final String SLICE_IMAGES = "train-10k-images-idx3-ubyte.gz";
    public static final String SLICE_LABELS = "train-10k-labels-idx1-ubyte.gz";

    /** Classpath folder of the embedded files, filled from {@code assets/fashion-mnist} by the build. */
    static final String EMBEDDED_RESOURCES = "/org/cnnexplorer/data/fashion-mnist/";

    /** The ten classes, in label order. */
    public enum Label {
        T_SHIRT_TOP("t-shirt-top"), TROUSER("trouser"), PULLOVER("pullover"), DRESS("dress"), COAT("coat"),
        SANDAL("sandal"), SHIRT("shirt"), SNEAKER("sneaker"), BAG("bag"), ANKLE_BOOT("ankle-boot");

        private final String slug;

        Label(String slug) {
            this.slug = slug;
        }

        /** Stable lower-case id, used in file names ({@code ankle-boot_0000.png}) and message keys. */
        public String slug() {
            return slug;
        }

        public String displayName() {
            return Messages.get(messageKey());
        }

        public String displayName(Locale locale) {
            return Messages.get(locale, messageKey());
        }

        public String messageKey() {
            return "data.fashion.class." + slug;
        }

        public static Label of(int label) {
            return values()[label];
        }

        public static Label fromSlug(String slug) {
            for (Label l : values()) {
                if (l.slug.equals(slug)) {
                    return l;
                }
            }
            throw new IllegalArgumentException("no Fashion-MNIST class '" + slug + "'");
        }
    }

    /** Where the IDX files come from. */
    public sealed interface Source {
        String displayName();
    }

    /** The copy shipped inside the application. */
    public record Embedded() implements Source {
        @Override
        public String displayName() {
            return Messages.get("data.source.embedded");
        }
    }

    /** A folder with the four upstream files ({@code train-images-idx3-ubyte.gz} …). */
    public record Folder(Path dir) implements Source {
        @Override
        public String displayName() {
            return dir.toString();
        }
    }

    private FashionMnist() {
    }

    public static Source embedded() {
        return new Embedded();
    }

    /** The Debian package's files; see {@link #systemInstalled()}. */
    public static Source system() {
        return new Folder(SYSTEM_DIR);
    }

    public static Source folder(Path dir) {
        return new Folder(dir);
    }

    /** Whether {@code dataset-fashion-mnist} is installed (all four files present). */
    public static boolean systemInstalled() {
        return List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS).stream()
                .allMatch(f -> Files.isRegularFile(SYSTEM_DIR.resolve(f)));
    }

    /** English or Korean class names (current {@link Messages} locale), index = label. */
    public static List<String> classNames() {
        List<String> names = new ArrayList<>();
        for (Label l : Label.values()) {
            names.add(l.displayName());
        }
        return names;
    }

    /** Both splits of {@code source}. */
    public static DataSplits load(Source source) {
        return new DataSplits(load(source, Split.TRAIN), load(source, Split.TEST));
    }

    /** One split of {@code source}: the only way to get Fashion-MNIST examples, always tagged with its split. */
    public static InMemoryDataset load(Source source, Split split) {
        boolean train = split == Split.TRAIN;
        Idx.Images images;
        byte[] labels;
        String imagesName;
        String labelsName;
        if (source instanceof Folder folder) {
            if (folder.dir().equals(SYSTEM_DIR) && !systemInstalled()) {
                throw new DataException(Reason.MISSING, "data.error.fashion.notInstalled", SYSTEM_DIR.toString());
            }
            Path imagesFile = inFolder(folder.dir(), train ? TRAIN_IMAGES : TEST_IMAGES);
            Path labelsFile = inFolder(folder.dir(), train ? TRAIN_LABELS : TEST_LABELS);
            images = Idx.readImages(imagesFile);
            labels = Idx.readLabels(labelsFile);
            imagesName = imagesFile.toString();
            labelsName = labelsFile.toString();
        } else {
            String imagesFile = train ? SLICE_IMAGES : TEST_IMAGES;
            String labelsFile = train ? SLICE_LABELS : TEST_LABELS;
            images = Idx.readImages(resource(imagesFile), embeddedName(imagesFile));
            labels = Idx.readLabels(resource(labelsFile), embeddedName(labelsFile));
            imagesName = embeddedName(imagesFile);
            labelsName = embeddedName(labelsFile);
        }
        if (images.rows() != SHAPE.height() || images.cols() != SHAPE.width()) {
            throw new DataException(Reason.MISMATCH, "data.error.fashion.size", imagesName,
                    images.rows() + "×" + images.cols());
        }
        if (images.count() != labels.length) {
            throw new DataException(Reason.MISMATCH, "data.error.fashion.count", imagesName, images.count(),
                    labelsName, labels.length);
        }
        int[] ints = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            ints[i] = labels[i] & 0xFF;
            if (ints[i] >= Label.values().length) {
                throw new DataException(Reason.BAD_LABEL, "data.error.fashion.label", labelsName, ints[i], i);
            }
        }
        String name = Messages.get("data.dataset.fashion", source.displayName(),
                Messages.get(train ? "data.split.train" : "data.split.test"));
        return new InMemoryDataset(name, split, InputSpec.fashionMnist(), classNames(), images.pixels(), ints);
    }

    /** {@code dir/name}, or the unpacked file without {@code .gz} when only that one is there. */
    private static Path inFolder(Path dir, String name) {
        Path gz = dir.resolve(name);
        Path raw = dir.resolve(name.substring(0, name.length() - ".gz".length()));
        return !Files.exists(gz) && Files.isRegularFile(raw) ? raw : gz;
    }

    private static InputStream resource(String file) {
        InputStream in = FashionMnist.class.getResourceAsStream(EMBEDDED_RESOURCES + file);
        if (in == null) {
            throw new DataException(Reason.MISSING, "data.error.missing", embeddedName(file));
        }
        return in;
    }

    private static String embeddedName(String file) {
        return "embedded:fashion-mnist/" + file;
    }
}
