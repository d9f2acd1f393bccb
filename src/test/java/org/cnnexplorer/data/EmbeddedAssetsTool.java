package org.cnnexplorer.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * Makes the repository's Fashion-MNIST assets from the upstream files. Run from the repository root after
 * {@code apt-get install dataset-fashion-mnist} and {@code mvn -o test-compile}:
 *
 * <pre>java -cp target/classes:target/test-classes org.cnnexplorer.data.EmbeddedAssetsTool \
 *     /usr/share/datasets/fashion-mnist .</pre>
 *
 * <ul>
 *   <li>{@code assets/fashion-mnist/t10k-*}: the upstream test files, copied byte for byte;</li>
 *   <li>{@code assets/fashion-mnist/train-10k-*}: the training slice, {@link #sliceIndices} with
 *       {@value #PER_CLASS} per class: walking the 60,000 training images in file order, an image is kept while its
 *       class has fewer than 1,000 kept, so the slice is class-balanced and keeps the upstream order;</li>
 *   <li>{@code sample-images/<class>_<index>.png}: the first {@value #SAMPLES_PER_CLASS} test images of each class,
 *       28×28 grayscale as in the file; the number is the image's index in the test split.</li>
 * </ul>
 * The output depends only on the input files ({@link EmbeddedAssetsTest} checks the shipped files against it).
 */
public final class EmbeddedAssetsTool {
    static final int PER_CLASS = 1000;
    static final int SAMPLES_PER_CLASS = 6;

    private EmbeddedAssetsTool() {
    }

    public static void main(String[] args) throws IOException {
        Path source = Path.of(args.length > 0 ? args[0] : FashionMnist.SYSTEM_DIR.toString());
        Path repo = Path.of(args.length > 1 ? args[1] : ".");
        Path assets = repo.resolve("assets/fashion-mnist");
        Files.createDirectories(assets);
        for (String f : new String[] {FashionMnist.TEST_IMAGES, FashionMnist.TEST_LABELS}) {
            Files.copy(source.resolve(f), assets.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }

        Idx.Images train = Idx.readImages(source.resolve(FashionMnist.TRAIN_IMAGES));
        byte[] trainLabels = Idx.readLabels(source.resolve(FashionMnist.TRAIN_LABELS));
        int[] keep = sliceIndices(trainLabels, PER_CLASS);
        Idx.Images slice = select(train, keep);
        byte[] sliceLabels = new byte[keep.length];
        for (int i = 0; i < keep.length; i++) {
            sliceLabels[i] = trainLabels[keep[i]];
        }
        Idx.writeImages(assets.resolve(FashionMnist.SLICE_IMAGES), slice);
        Idx.writeLabels(assets.resolve(FashionMnist.SLICE_LABELS), sliceLabels);

        Idx.Images test = Idx.readImages(source.resolve(FashionMnist.TEST_IMAGES));
        byte[] testLabels = Idx.readLabels(source.resolve(FashionMnist.TEST_LABELS));
        Path samples = repo.resolve("sample-images");
        Files.createDirectories(samples);
        for (int index : sliceIndices(testLabels, SAMPLES_PER_CLASS)) {
            FashionMnist.Label label = FashionMnist.Label.of(testLabels[index]);
            BufferedImage img = new BufferedImage(test.cols(), test.rows(), BufferedImage.TYPE_BYTE_GRAY);
            img.getRaster().setDataElements(0, 0, test.cols(), test.rows(),
                    Arrays.copyOfRange(test.pixels(), index * 784, index * 784 + 784));
            ImageIO.write(img, "png", samples.resolve(sampleName(label, index)).toFile());
        }
        System.out.println("slice: " + keep.length + " training images, last upstream index " + keep[keep.length - 1]);
    }

    static String sampleName(FashionMnist.Label label, int index) {
        return String.format("%s_%04d.png", label.slug(), index);
    }

    /** Indices, in file order, of the first {@code perClass} examples of every class. */
    static int[] sliceIndices(byte[] labels, int perClass) {
        int[] taken = new int[10];
        int[] out = new int[10 * perClass];
        int n = 0;
        for (int i = 0; i < labels.length && n < out.length; i++) {
            int label = labels[i];
            if (taken[label] < perClass) {
                taken[label]++;
                out[n++] = i;
            }
        }
        return Arrays.copyOf(out, n);
    }

    static Idx.Images select(Idx.Images images, int[] indices) {
        int size = images.rows() * images.cols();
        byte[] pixels = new byte[indices.length * size];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(images.pixels(), indices[i] * size, pixels, i * size, size);
        }
        return new Idx.Images(indices.length, images.rows(), images.cols(), pixels);
    }
}
