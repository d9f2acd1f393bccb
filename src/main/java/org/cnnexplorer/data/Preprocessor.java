package org.cnnexplorer.data;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cnnexplorer.i18n.Messages;

/**
 * Turns a decoded picture into a model's input, naming every step so the UI can show "the image as the network
 * sees it" and how it got there.
 *
 * <p>For 1×H×W models ({@link InputSpec.Fit#TRIM_AND_PAD}, Fashion-MNIST's own recipe, Xiao et al. 2017 §2):
 * transparent parts on white → grayscale (Rec. 601 luma, as PIL's "L") → if the border is light, invert, because
 * the network learned white objects on black → background levelled to black → trim to the object's bounding box →
 * scale the longest side to fit, area-averaging when shrinking, bilinear when enlarging → centre on a black
 * square → pixels in [0, 1]. A picture already of the input size skips the geometry (so the sample images and
 * dataset files pass through unchanged).
 *
 * <p>For 3×H×W models ({@link InputSpec.Fit#RESIZE_AND_CENTER_CROP}, torchvision's evaluation transform): RGB →
 * resize the shorter side to min(H, W)·256/224 → centre crop H×W → ImageNet mean/std.
 *
 * <p>The result is quantised to 8 bits before normalisation, so a classified picture and the same picture stored
 * in an {@link ImageFolderDataset} give the network identical numbers.
 */
public final class Preprocessor {

    /** How far (in [0, 1]) a pixel must differ from the background to count as part of the object. */
    static final float OBJECT_THRESHOLD = 0.12f;

    private Preprocessor() {
    }

    /**
     * One named step. {@code id} is stable (decode, subsample, orient, alpha, grayscale, rgb, invert, level, trim, resize,
     * pad, asIs, resizeShorter, crop, scale, normalize, bgrMean, halfRange); {@code text} is in the user's language.
     */
    public record Step(String id, String text) {
        static Step of(String id, Object... args) {
            return new Step(id, Messages.get("data.step." + id, args));
        }
    }

    /**
     * @param input   what the network gets: C×H×W floats, normalised per {@link InputSpec}
     * @param pixels  the same before normalisation, C×H×W 8-bit values
     * @param seen    the same as a picture (ARGB; gray models give gray pixels), for display
     * @param steps   what was done, in order
     */
    public record Result(InputSpec spec, float[] input, byte[] pixels, BufferedImage seen, List<Step> steps) {

        public List<String> stepIds() {
            return steps.stream().map(Step::id).toList();
        }

        /** The steps as one line, e.g. "decoded png 640×480 → grayscale → inverted … → pixels scaled to [0, 1]". */
        public String describe() {
            return String.join(" → ", steps.stream().map(Step::text).toList());
        }
    }

    public static Result apply(LoadedImage image, InputSpec spec) {
        List<Step> steps = new ArrayList<>();
        steps.add(Step.of("decode", image.format(), image.width(), image.height()));
        if (image.subsampling() > 1) {
            steps.add(Step.of("subsample", image.subsampling(), image.decodedWidth(), image.decodedHeight()));
        }
        if (image.orientation() > 1) {
            steps.add(Step.of("orient"));
        }
        return run(image.image(), spec, steps);
    }

    /** For pictures that did not come through {@link ImageLoader} (the image is converted to ARGB first). */
    public static Result apply(BufferedImage image, InputSpec spec) {
        return run(ImageLoader.toArgb(image), spec, new ArrayList<>());
    }

    private static Result run(BufferedImage argbImage, InputSpec spec, List<Step> steps) {
        int w = argbImage.getWidth();
        int h = argbImage.getHeight();
        int[] argb = argbImage.getRGB(0, 0, w, h, null, 0, w);
        Planes p = Planes.fromArgb(w, h, argb, spec.grayscale());
        if (p.hadAlpha) {
            steps.add(Step.of("alpha"));
        }
        if (spec.grayscale()) {
            if (p.hadColour) {
                steps.add(Step.of("grayscale"));
            }
        } else {
            steps.add(Step.of("rgb"));
        }

        float background = borderBackground(p);
        if (spec.invert() == InputSpec.Invert.AUTO && background > 0.5f) {
            p.invert();
            background = 1f - background;
            steps.add(Step.of("invert"));
        }

        int outH = spec.shape().height();
        int outW = spec.shape().width();
        if (spec.fit() == InputSpec.Fit.TRIM_AND_PAD) {
            if (spec.invert() == InputSpec.Invert.AUTO && background > 0.02f) {
                p.level(background);
                background = 0f;
                steps.add(Step.of("level"));
            }
            if (w == outW && h == outH) {
                steps.add(Step.of("asIs", outW, outH));
            } else {
                int[] box = objectBox(p);
                if (box[2] - box[0] < w || box[3] - box[1] < h) {
                    p = p.crop(box[0], box[1], box[2], box[3]);
                    steps.add(Step.of("trim", p.w, p.h));
                }
                double scale = Math.min((double) outW / p.w, (double) outH / p.h);
                int rw = Math.max(1, Math.min(outW, (int) Math.round(p.w * scale)));
                int rh = Math.max(1, Math.min(outH, (int) Math.round(p.h * scale)));
                p = p.resize(rw, rh);
                steps.add(Step.of("resize", rw, rh));
                if (rw != outW || rh != outH) {
                    p = p.pad(outW, outH, background);
                    steps.add(Step.of("pad", outW, outH));
                }
            }
        } else {
            int shorter = (int) Math.round(Math.min(outW, outH) * 256.0 / 224.0);
            double scale = (double) shorter / Math.min(p.w, p.h);
            // Crop in source coordinates, then resize only the window: the same picture as resize-then-crop,
            // without building a 1,280,000-pixel-wide intermediate for a 1×5000 strip.
            double cropW = outW / scale;
            double cropH = outH / scale;
            int x0 = (int) Math.floor(Math.max(0, (p.w - cropW) / 2));
            int y0 = (int) Math.floor(Math.max(0, (p.h - cropH) / 2));
            int x1 = (int) Math.min(p.w, Math.max(x0 + 1, Math.ceil(x0 + cropW)));
            int y1 = (int) Math.min(p.h, Math.max(y0 + 1, Math.ceil(y0 + cropH)));
            p = p.crop(x0, y0, x1, y1).resize(outW, outH);
            steps.add(Step.of("resizeShorter", shorter));
            steps.add(Step.of("crop", outW, outH));
        }

        byte[] pixels = p.toBytes();
        float[] input = new float[pixels.length];
        int plane = outW * outH;
        int last = spec.shape().channels() - 1;
        for (int i = 0; i < pixels.length; i++) {
            int c = i / plane;
            // Caffe's networks take blue first: network channel c reads picture channel 2 − c
            int from = spec.bgr() ? (last - c) * plane + i % plane : i;
            input[i] = spec.normalize(c, pixels[from] & 0xFF);
        }
        steps.add(spec.bgr() ? Step.of("bgrMean", mean255(spec, 0), mean255(spec, 1), mean255(spec, 2))
                : Step.of(spec.normalizesToUnitRange() ? "scale" : spec.equals(Preprocessing.HALF_RANGE.spec(spec.shape()))
                ? "halfRange" : "normalize"));
        return new Result(spec, input, pixels, toImage(pixels, spec.shape().channels(), outW, outH),
                List.copyOf(steps));
    }

    private static long mean255(InputSpec spec, int channel) {
        return Math.round(spec.mean()[channel] * 255);
    }

    /** 8-bit C×H×W pixels as an ARGB picture (gray when C = 1). */
    public static BufferedImage toImage(byte[] pixels, int channels, int width, int height) {
        int plane = width * height;
        int[] argb = new int[plane];
        for (int i = 0; i < plane; i++) {
            int r = pixels[i] & 0xFF;
            int g = channels == 3 ? pixels[plane + i] & 0xFF : r;
            int b = channels == 3 ? pixels[2 * plane + i] & 0xFF : r;
            argb[i] = 0xFF000000 | r << 16 | g << 8 | b;
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        out.setRGB(0, 0, width, height, argb, 0, width);
        return out;
    }

    /** Median luminance of the outermost ring of pixels: what the picture's background most likely is. */
    static float borderBackground(Planes p) {
        float[] ring = p.border();
        return ring[ring.length / 2];
    }

    /**
     * The bounding box [x0, y0, x1, y1) of what stands out from the background. It is found on a copy shrunk to at
     * most 128 pixels a side by area averaging, which removes sensor noise and JPEG speckle. The background is
     * judged from that copy's border: its median level, and its spread (a shaded or gradient backdrop varies along
     * the edge, and that variation must not count as object). A row or column of the copy counts when at least
     * 2% of it is object; the edges are then refined at full size within one coarse pixel.
     */
    static int[] objectBox(Planes p) {
        double scale = Math.min(1.0, 128.0 / Math.max(p.w, p.h));
        int sw = Math.max(1, (int) Math.round(p.w * scale));
        int sh = Math.max(1, (int) Math.round(p.h * scale));
        Planes small = new Planes(p.w, p.h, new float[][] {p.luminance()}).resize(sw, sh);
        float[] ring = small.border();
        float background = ring[ring.length / 2];
        float spread = ring[(int) (ring.length * 0.95)] - ring[(int) (ring.length * 0.05)];
        float threshold = Math.max(OBJECT_THRESHOLD, 0.75f * spread + 0.05f);
        float[] lum = small.c[0];
        int[] colCount = new int[sw];
        int[] rowCount = new int[sh];
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                if (Math.abs(lum[y * sw + x] - background) > threshold) {
                    colCount[x]++;
                    rowCount[y]++;
                }
            }
        }
        int minCol = Math.max(1, (int) Math.ceil(sh * 0.02));
        int minRow = Math.max(1, (int) Math.ceil(sw * 0.02));
        int x0 = 0;
        int x1 = sw;
        int y0 = 0;
        int y1 = sh;
        while (x0 < sw && colCount[x0] < minCol) {
            x0++;
        }
        while (x1 > x0 && colCount[x1 - 1] < minCol) {
            x1--;
        }
        while (y0 < sh && rowCount[y0] < minRow) {
            y0++;
        }
        while (y1 > y0 && rowCount[y1 - 1] < minRow) {
            y1--;
        }
        if (x0 >= x1 || y0 >= y1) {
            return new int[] {0, 0, p.w, p.h}; // nothing stands out: keep everything
        }
        if (scale == 1.0) {
            return new int[] {x0, y0, x1, y1};
        }
        // Back at full size, refine the edges within one coarse pixel around the coarse box.
        double fx = (double) p.w / sw;
        double fy = (double) p.h / sh;
        int mx = (int) Math.ceil(fx);
        int my = (int) Math.ceil(fy);
        int bx0 = Math.max(0, (int) Math.floor(x0 * fx) - mx);
        int bx1 = Math.min(p.w, (int) Math.ceil(x1 * fx) + mx);
        int by0 = Math.max(0, (int) Math.floor(y0 * fy) - my);
        int by1 = Math.min(p.h, (int) Math.ceil(y1 * fy) + my);
        float[] full = p.luminance();
        int[] cols = new int[p.w];
        int[] rows = new int[p.h];
        for (int y = by0; y < by1; y++) {
            for (int x = bx0; x < bx1; x++) {
                if (Math.abs(full[y * p.w + x] - background) > threshold) {
                    cols[x]++;
                    rows[y]++;
                }
            }
        }
        int needCol = Math.max(1, (int) Math.ceil((by1 - by0) * 0.02));
        int needRow = Math.max(1, (int) Math.ceil((bx1 - bx0) * 0.02));
        int lim0 = Math.min(bx1, (int) Math.floor(x0 * fx) + mx);
        int lim1 = Math.max(bx0, (int) Math.ceil(x1 * fx) - mx);
        while (bx0 < lim0 && cols[bx0] < needCol) {
            bx0++;
        }
        while (bx1 > lim1 && bx1 > bx0 + 1 && cols[bx1 - 1] < needCol) {
            bx1--;
        }
        int limy0 = Math.min(by1, (int) Math.floor(y0 * fy) + my);
        int limy1 = Math.max(by0, (int) Math.ceil(y1 * fy) - my);
        while (by0 < limy0 && rows[by0] < needRow) {
            by0++;
        }
        while (by1 > limy1 && by1 > by0 + 1 && rows[by1 - 1] < needRow) {
            by1--;
        }
        return new int[] {bx0, by0, bx1, by1};
    }

    /** Channel planes of floats in [0, 1]. */
    static final class Planes {
        final int w;
        final int h;
        final float[][] c;
        boolean hadAlpha;
        boolean hadColour;

        Planes(int w, int h, float[][] c) {
            this.w = w;
            this.h = h;
            this.c = c;
        }

        static Planes fromArgb(int w, int h, int[] argb, boolean gray) {
            float[][] c = new float[gray ? 1 : 3][w * h];
            Planes p = new Planes(w, h, c);
            for (int i = 0; i < argb.length; i++) {
                int v = argb[i];
                float a = (v >>> 24) / 255f;
                float r = (v >> 16 & 0xFF) / 255f;
                float g = (v >> 8 & 0xFF) / 255f;
                float b = (v & 0xFF) / 255f;
                if (a < 1f) {
                    p.hadAlpha = true;
                    r = r * a + (1 - a);
                    g = g * a + (1 - a);
                    b = b * a + (1 - a);
                }
                if (r != g || g != b) {
                    p.hadColour = true;
                }
                if (gray) {
                    c[0][i] = 0.299f * r + 0.587f * g + 0.114f * b;
                } else {
                    c[0][i] = r;
                    c[1][i] = g;
                    c[2][i] = b;
                }
            }
            return p;
        }

        /** Luminance of the outermost ring of pixels, sorted. */
        float[] border() {
            float[] lum = luminance();
            float[] ring = new float[w == 1 || h == 1 ? w * h : 2 * w + 2 * h - 4];
            int k = 0;
            for (int x = 0; x < w; x++) {
                ring[k++] = lum[x];
                if (h > 1) {
                    ring[k++] = lum[(h - 1) * w + x];
                }
            }
            for (int y = 1; y < h - 1; y++) {
                ring[k++] = lum[y * w];
                if (w > 1) {
                    ring[k++] = lum[y * w + w - 1];
                }
            }
            Arrays.sort(ring);
            return ring;
        }

        float[] luminance() {
            if (c.length == 1) {
                return c[0];
            }
            float[] lum = new float[w * h];
            for (int i = 0; i < lum.length; i++) {
                lum[i] = 0.299f * c[0][i] + 0.587f * c[1][i] + 0.114f * c[2][i];
            }
            return lum;
        }

        void invert() {
            for (float[] plane : c) {
                for (int i = 0; i < plane.length; i++) {
                    plane[i] = 1f - plane[i];
                }
            }
        }

        /** Maps the background level to 0 and stretches the rest, so a gray backdrop becomes Fashion-MNIST black. */
        void level(float background) {
            float range = 1f - background;
            for (float[] plane : c) {
                for (int i = 0; i < plane.length; i++) {
                    plane[i] = Math.max(0f, Math.min(1f, (plane[i] - background) / range));
                }
            }
        }

        Planes crop(int x0, int y0, int x1, int y1) {
            int cw = x1 - x0;
            int ch = y1 - y0;
            float[][] out = new float[c.length][cw * ch];
            for (int k = 0; k < c.length; k++) {
                for (int y = 0; y < ch; y++) {
                    System.arraycopy(c[k], (y0 + y) * w + x0, out[k], y * cw, cw);
                }
            }
            return new Planes(cw, ch, out);
        }

        Planes pad(int outW, int outH, float fill) {
            int x0 = (outW - w) / 2;
            int y0 = (outH - h) / 2;
            float[][] out = new float[c.length][outW * outH];
            for (int k = 0; k < c.length; k++) {
                Arrays.fill(out[k], fill);
                for (int y = 0; y < h; y++) {
                    System.arraycopy(c[k], y * w, out[k], (y0 + y) * outW + x0, w);
                }
            }
            return new Planes(outW, outH, out);
        }

        /** Separable resampling: area average along an axis that shrinks, bilinear along one that grows. */
        Planes resize(int outW, int outH) {
            if (outW == w && outH == h) {
                return this;
            }
            float[][] out = new float[c.length][];
            for (int k = 0; k < c.length; k++) {
                float[] tmp = new float[outW * h];
                for (int y = 0; y < h; y++) {
                    resample(c[k], y * w, 1, w, tmp, y * outW, 1, outW);
                }
                float[] dst = new float[outW * outH];
                for (int x = 0; x < outW; x++) {
                    resample(tmp, x, outW, h, dst, x, outW, outH);
                }
                out[k] = dst;
            }
            return new Planes(outW, outH, out);
        }

        static void resample(float[] src, int so, int ss, int n, float[] dst, int d0, int ds, int m) {
            if (m < n) {
                double step = (double) n / m;
                for (int j = 0; j < m; j++) {
                    double a = j * step;
                    double b = a + step;
                    double sum = 0;
                    for (int i = (int) a; i < Math.min(n, (int) Math.ceil(b)); i++) {
                        double cover = Math.min(b, i + 1) - Math.max(a, i);
                        sum += cover * src[so + i * ss];
                    }
                    dst[d0 + j * ds] = (float) (sum / step);
                }
            } else {
                for (int j = 0; j < m; j++) {
                    double x = (j + 0.5) * n / m - 0.5;
                    int i0 = (int) Math.floor(x);
                    double t = x - i0;
                    int a = Math.max(0, Math.min(n - 1, i0));
                    int b = Math.max(0, Math.min(n - 1, i0 + 1));
                    dst[d0 + j * ds] = (float) ((1 - t) * src[so + a * ss] + t * src[so + b * ss]);
                }
            }
        }

        byte[] toBytes() {
            byte[] out = new byte[c.length * w * h];
            for (int k = 0; k < c.length; k++) {
                for (int i = 0; i < w * h; i++) {
                    out[k * w * h + i] = (byte) Math.round(Math.max(0f, Math.min(1f, c[k][i])) * 255f);
                }
            }
            return out;
        }
    }
}
