package org.cnnexplorer.data;

import org.cnnexplorer.arch.Shape;

import java.util.Arrays;

/**
 * The two augmentations of the ResNet CIFAR experiments (He et al. 2016, §4.2: "4 pixels are padded on each side,
 * and a 32×32 crop is randomly sampled from the padded image or its horizontal flip"), on C×H×W floats.
 */
public final class Augmentations {

    private Augmentations() {
    }

    /** Pads by {@code padding} pixels of {@code fill} on every side and crops a random H×W window back out. */
    public static Augmentation randomCrop(int padding, float fill) {
        if (padding < 0) {
            throw new IllegalArgumentException("padding must be >= 0");
        }
        return (data, offset, shape, random) -> {
            int dx = random.nextInt(2 * padding + 1) - padding;
            int dy = random.nextInt(2 * padding + 1) - padding;
            shift(data, offset, shape, dx, dy, fill);
        };
    }

    /** Mirrors left-right with probability {@code p}. */
    public static Augmentation horizontalFlip(double p) {
        return (data, offset, shape, random) -> {
            if (random.nextDouble() < p) {
                flipHorizontal(data, offset, shape);
            }
        };
    }

    /** Random crop with {@code padding} (background 0) then a coin-flip mirror: the standard recipe. */
    public static Augmentation standard(int padding) {
        return randomCrop(padding, 0f).then(horizontalFlip(0.5));
    }

    /**
     * Moves the picture by (dx, dy) pixels, filling what enters with {@code fill}. Equal to taking the window at
     * (padding + dx, padding + dy) of the padded image.
     */
    public static void shift(float[] data, int offset, Shape shape, int dx, int dy, float fill) {
        int h = shape.height();
        int w = shape.width();
        float[] row = new float[w];
        for (int c = 0; c < shape.channels(); c++) {
            int plane = offset + c * h * w;
            // walk rows in the order that never overwrites a source row before it is read
            for (int k = 0; k < h; k++) {
                int y = dy > 0 ? k : h - 1 - k;
                int sy = y + dy;
                int dst = plane + y * w;
                if (sy < 0 || sy >= h) {
                    Arrays.fill(data, dst, dst + w, fill);
                    continue;
                }
                System.arraycopy(data, plane + sy * w, row, 0, w);
                for (int x = 0; x < w; x++) {
                    int sx = x + dx;
                    data[dst + x] = sx < 0 || sx >= w ? fill : row[sx];
                }
            }
        }
    }

    /**
     * Where the ten test patches of Krizhevsky et al. 2012 (§4.1) lie in a picture padded by {@code padding}: the four
     * corner windows and the centre one, then the same five mirrored. Each entry is {x, y, mirrored (0/1)}, x and y
     * the window's corner in the padded picture.
     */
    public static int[][] tenCropWindows(int padding) {
        int m = 2 * padding;
        int[][] at = {{0, 0}, {m, 0}, {0, m}, {m, m}, {padding, padding}};
        int[][] out = new int[10][];
        for (int i = 0; i < 10; i++) {
            out[i] = new int[] {at[i % 5][0], at[i % 5][1], i / 5};
        }
        return out;
    }

    /**
     * The ten test patches ({@link #tenCropWindows}) of each of the N pictures in {@code pictures} (N×C×H×W), picture
     * by picture: 10·N pictures of the same shape, background 0 where a window reaches into the padding.
     */
    public static float[] tenCrops(float[] pictures, Shape shape, int padding) {
        int size = (int) shape.size();
        int n = pictures.length / size;
        int[][] windows = tenCropWindows(padding);
        float[] out = new float[10 * pictures.length];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 10; k++) {
                int at = (i * 10 + k) * size;
                System.arraycopy(pictures, i * size, out, at, size);
                shift(out, at, shape, windows[k][0] - padding, windows[k][1] - padding, 0f);
                if (windows[k][2] == 1) {
                    flipHorizontal(out, at, shape);
                }
            }
        }
        return out;
    }

    public static void flipHorizontal(float[] data, int offset, Shape shape) {
        int w = shape.width();
        int rows = shape.channels() * shape.height();
        for (int r = 0; r < rows; r++) {
            int base = offset + r * w;
            for (int i = 0, j = w - 1; i < j; i++, j--) {
                float t = data[base + i];
                data[base + i] = data[base + j];
                data[base + j] = t;
            }
        }
    }
}
