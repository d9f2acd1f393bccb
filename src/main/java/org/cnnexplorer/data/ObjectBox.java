package org.cnnexplorer.data;

/**
 * The bounding box [x0, x1) × [y0, y1), in pixels, of the object in a picture: what the preprocessing of
 * Fashion-MNIST-style inputs trims to.
 */
record ObjectBox(int x0, int y0, int x1, int y1) {

    /** How far (in [0, 1]) a pixel must differ from the background to count as part of the object. */
    static final float OBJECT_THRESHOLD = 0.12f;

    /**
     * The box of what stands out from {@code p}'s background. It is found on a copy shrunk to at most 128 pixels a side
     * by area averaging, which removes sensor noise and JPEG speckle. The background is judged from that copy's border:
     * its median level, and its spread (a shaded or gradient backdrop varies along the edge, and that variation must
     * not count as object). A row or column of the copy counts when at least 2% of it is object; the edges are then
     * refined at full size within one coarse pixel.
     */
    static ObjectBox of(Planes p) {
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
            return new ObjectBox(0, 0, p.w, p.h); // nothing stands out: keep everything
        }
        if (scale == 1.0) {
            return new ObjectBox(x0, y0, x1, y1);
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
        return new ObjectBox(bx0, by0, bx1, by1);
    }

    int width() {
        return x1 - x0;
    }

    int height() {
        return y1 - y0;
    }
}
