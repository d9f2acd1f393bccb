package org.cnnexplorer.data;

import org.cnnexplorer.i18n.Messages;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

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

    private Preprocessor() {
    }

    /**
     * One named step. {@code id} is stable (decode, subsample, orient, alpha, grayscale, rgb, invert, level, trim,
     * resize, pad, asIs, resizeShorter, crop, scale, normalize, bgrMean, halfRange); {@code text} is in the user's
     * language.
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
                ObjectBox box = ObjectBox.of(p);
                if (box.width() < w || box.height() < h) {
                    p = p.crop(box.x0(), box.y0(), box.x1(), box.y1());
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
        steps.add(normalization(spec));
        return new Result(spec, input, pixels, toImage(pixels, spec.shape().channels(), outW, outH),
                List.copyOf(steps));
    }

    private static Step normalization(InputSpec spec) {
        if (spec.bgr()) {
            return Step.of("bgrMean", mean255(spec, 0), mean255(spec, 1), mean255(spec, 2));
        }
        if (spec.normalizesToUnitRange()) {
            return Step.of("scale");
        }
        return Step.of(spec.equals(Preprocessing.HALF_RANGE.spec(spec.shape())) ? "halfRange" : "normalize");
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
}
