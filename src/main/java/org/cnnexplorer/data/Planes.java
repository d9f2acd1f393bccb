package org.cnnexplorer.data;

import java.util.Arrays;

/**
 * A picture as channel planes of floats in [0, 1] (one plane for gray, three for RGB), and what the preprocessing
 * does to it: invert, level, crop, pad, resize, and back to 8-bit values.
 */
final class Planes {
    final int w;
    final int h;
    final float[][] c;
    /** Set by {@link #fromArgb}: some pixels were transparent (and are now laid on white). */
    boolean hadAlpha;
    /** Set by {@link #fromArgb}: some pixels were not gray. */
    boolean hadColour;

    Planes(int w, int h, float[][] c) {
        this.w = w;
        this.h = h;
        this.c = c;
    }

    /** ARGB pixels on white, as one luma plane (Rec. 601) when {@code gray}, else as R, G and B. */
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
