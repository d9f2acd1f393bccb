package org.cnnexplorer.ui.classify;

import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.engine.ConvFilters;
import org.cnnexplorer.engine.LayerActivation;

import java.util.Arrays;

/**
 * Turns activations and kernels into pictures (ARGB pixels, no toolkit): a mosaic of one tile per channel, each
 * enlarged by an integer factor with hard pixel edges. All tiles of a layer share one colour scale so channels can
 * be compared: black to white for non-negative layers (after ReLU), blue through white to red when the layer has
 * negative values (convolution and batch-norm outputs), with 0 at white.
 */
public final class FeatureMaps {
    /** Tiles aim at about this many screen pixels per side. */
    static final int TILE_TARGET = 48;
    static final int GAP = 2;
    static final int GAP_ARGB = 0xFFE6E8EC;
    /** Kernels are tiny and often near zero (white): a wider, darker gap keeps them apart. */
    static final int FILTER_GAP = 4;

    private FeatureMaps() {
    }

    /**
     * @param tile    screen pixels per tile side (map side × scale)
     * @param columns tiles per row
     */
    public record Mosaic(int width, int height, int[] argb, int columns, int tile, int tileHeight, int gap,
                         int channels, float min, float max) {

        /** The channel under mosaic pixel (x, y), or -1 on a gap or past the last tile. */
        public int channelAt(double x, double y) {
            int col = (int) (x / (tile + gap));
            int row = (int) (y / (tileHeight + gap));
            if (x < 0 || y < 0 || col >= columns || x - col * (tile + gap) >= tile
                    || y - row * (tileHeight + gap) >= tileHeight) {
                return -1;
            }
            int c = row * columns + col;
            return c < channels ? c : -1;
        }
    }

    /** One tile per channel for C×H×W maps; a flat vector becomes a strip of square cells. */
    public static Mosaic mosaic(LayerActivation a, int maxWidth) {
        return mosaic(a, maxWidth, GAP, GAP_ARGB);
    }

    static Mosaic mosaic(LayerActivation a, int maxWidth, int gap, int gapArgb) {
        Shape s = a.shape();
        float[] v = a.values();
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        if (s.flat()) {
            int cell = v.length > 256 ? 6 : 12;
            int cols = Math.max(1, Math.min(v.length, maxWidth / cell));
            int rows = (v.length + cols - 1) / cols;
            int w = cols * cell;
            int h = rows * cell;
            int[] px = new int[w * h];
            Arrays.fill(px, gapArgb);
            for (int i = 0; i < v.length; i++) {
                int color = colour(v[i], min, max);
                int x0 = (i % cols) * cell;
                int y0 = (i / cols) * cell;
                for (int y = 0; y < cell - 1; y++) {
                    Arrays.fill(px, (y0 + y) * w + x0, (y0 + y) * w + x0 + cell - 1, color);
                }
            }
            return new Mosaic(w, h, px, cols, cell - 1, cell - 1, 1, v.length, min, max);
        }
        int c = s.channels();
        int hh = s.height();
        int ww = s.width();
        int scale = Math.max(1, Math.round((float) TILE_TARGET / Math.max(hh, ww)));
        int tw = ww * scale;
        int th = hh * scale;
        int cols = Math.max(1, Math.min(c, (maxWidth + gap) / (tw + gap)));
        int rows = (c + cols - 1) / cols;
        int w = cols * (tw + gap) - gap;
        int h = rows * (th + gap) - gap;
        int[] px = new int[w * h];
        Arrays.fill(px, gapArgb);
        for (int ch = 0; ch < c; ch++) {
            int x0 = (ch % cols) * (tw + gap);
            int y0 = (ch / cols) * (th + gap);
            paint(v, ch * hh * ww, ww, hh, scale, min, max, px, w, x0, y0);
        }
        return new Mosaic(w, h, px, cols, tw, th, gap, c, min, max);
    }

    /** One H×W map (or kernel) enlarged {@code scale} times, on the given colour range. */
    public static int[] single(float[] map, int width, int height, int scale, float min, float max) {
        int[] px = new int[width * scale * height * scale];
        paint(map, 0, width, height, scale, min, max, px, width * scale, 0, 0);
        return px;
    }

    private static void paint(float[] v, int offset, int ww, int hh, int scale, float min, float max, int[] px,
                              int stride, int x0, int y0) {
        for (int y = 0; y < hh; y++) {
            for (int x = 0; x < ww; x++) {
                int color = colour(v[offset + y * ww + x], min, max);
                for (int dy = 0; dy < scale; dy++) {
                    int row = (y0 + y * scale + dy) * stride + x0 + x * scale;
                    Arrays.fill(px, row, row + scale, color);
                }
            }
        }
    }

    /**
     * The filters of a first convolution, one tile per output filter (input channels averaged for RGB networks),
     * on a symmetric blue-white-red scale around 0.
     */
    public static Mosaic filters(ConvFilters f, int maxWidth) {
        int k = f.kernel();
        float[] all = new float[f.out() * k * k];
        for (int o = 0; o < f.out(); o++) {
            for (int c = 0; c < f.in(); c++) {
                float[] kk = f.kernel(o, c);
                for (int i = 0; i < kk.length; i++) {
                    all[o * k * k + i] += kk[i] / f.in();
                }
            }
        }
        float m = 0;
        for (float x : all) {
            m = Math.max(m, Math.abs(x));
        }
        LayerActivation asMaps = new LayerActivation(f.layerId(), Shape.chw(f.out(), k, k), all);
        Mosaic raw = mosaic(asMaps, maxWidth, FILTER_GAP, 0xFFC8CDD5);
        // Re-paint on a symmetric range so that "no weight" is white in every tile.
        int scale = raw.tile() / k;
        int[] px = raw.argb().clone();
        for (int o = 0; o < f.out(); o++) {
            int x0 = (o % raw.columns()) * (raw.tile() + FILTER_GAP);
            int y0 = (o / raw.columns()) * (raw.tileHeight() + FILTER_GAP);
            paint(all, o * k * k, k, k, scale, -m, m, px, raw.width(), x0, y0);
        }
        return new Mosaic(raw.width(), raw.height(), px, raw.columns(), raw.tile(), raw.tileHeight(), FILTER_GAP,
                f.out(), -m, m);
    }

    /** Grey ramp when {@code min >= 0}; otherwise blue (negative) - white (0) - red (positive). */
    static int colour(float value, float min, float max) {
        if (min >= 0) {
            float t = max > min ? (value - min) / (max - min) : 0;
            int g = Math.round(255 * clamp(t));
            return 0xFF000000 | g << 16 | g << 8 | g;
        }
        float extent = Math.max(Math.abs(min), Math.abs(max));
        float t = extent == 0 ? 0 : clamp(Math.abs(value) / extent);
        int fade = Math.round(255 * (1 - t));
        return value >= 0 ? 0xFF000000 | 0xD0 + Math.round(0x2F * (1 - t)) << 16 | fade << 8 | fade
                : 0xFF000000 | fade << 16 | (fade + Math.round(0x40 * t)) << 8 | 0xFF - Math.round(0x30 * t);
    }

    private static float clamp(float t) {
        return Math.max(0, Math.min(1, t));
    }
}
