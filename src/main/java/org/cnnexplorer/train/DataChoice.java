package org.cnnexplorer.train;

import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.data.DataException;
import org.cnnexplorer.data.DataSplits;
import org.cnnexplorer.data.FashionMnist;
import org.cnnexplorer.data.ImageFolderDataset;
import org.cnnexplorer.data.ImageLoader;
import org.cnnexplorer.data.InputSpec;
import org.cnnexplorer.i18n.Messages;

import java.nio.file.Files;
import java.nio.file.Path;

/** The data a run trains on, as the CLI and the training view name it. */
public sealed interface DataChoice {

    /** The 10,000-image training slice and the 10,000-image test split shipped inside the application. */
    record Embedded() implements DataChoice {
    }

    /** The full Fashion-MNIST: the Debian package's folder, or a folder holding the same four files. */
    record FashionMnistFolder(Path dir) implements DataChoice {
    }

    /** The user's pictures: one sub-folder per class (or train/ and test/ each with them). */
    record ImageFolder(Path dir) implements DataChoice {
    }

    /** "embedded", "fashion-mnist" or a folder. */
    static DataChoice parse(String text) {
        if (text == null || text.equals("embedded")) {
            return new Embedded();
        }
        if (text.equals("fashion-mnist")) {
            return new FashionMnistFolder(FashionMnist.SYSTEM_DIR);
        }
        Path dir = Path.of(text);
        return Files.isRegularFile(dir.resolve(FashionMnist.TRAIN_IMAGES))
                || Files.isRegularFile(dir.resolve("train-images-idx3-ubyte"))
                ? new FashionMnistFolder(dir) : new ImageFolder(dir);
    }

    /**
     * Loads both splits; image folders are decoded to {@code shape} (grayscale or RGB as it says).
     *
     * @throws DataException with a message naming the missing or damaged file
     */
    default DataSplits load(Shape shape, long seed) {
        return load(shape, seed, ImageFolderDataset.Progress.none()).splits();
    }

    /**
     * As {@link #load(Shape, long)}, reporting each decoded picture of an image folder to {@code progress}, and what
     * was skipped or is thin.
     */
    default ImageFolderDataset.Result load(Shape shape, long seed, ImageFolderDataset.Progress progress) {
        if (this instanceof Embedded) {
            return ImageFolderDataset.Result.of(FashionMnist.load(FashionMnist.embedded()));
        }
        if (this instanceof FashionMnistFolder f) {
            if (f.dir().equals(FashionMnist.SYSTEM_DIR) && !FashionMnist.systemInstalled()) {
                throw new DataException(DataException.Reason.MISSING, "train.error.noSystemFashionMnist",
                        FashionMnist.SYSTEM_DIR.toString());
            }
            return ImageFolderDataset.Result.of(FashionMnist.load(FashionMnist.folder(f.dir())));
        }
        ImageFolder folder = (ImageFolder) this;
        return ImageFolderDataset.load(folder.dir(), InputSpec.forShape(shape), 0.2, seed, new ImageLoader(),
                progress);
    }

    default String describe() {
        if (this instanceof Embedded) {
            return Messages.get("data.source.embedded");
        }
        return this instanceof FashionMnistFolder f ? f.dir().toString() : ((ImageFolder) this).dir().toString();
    }
}
