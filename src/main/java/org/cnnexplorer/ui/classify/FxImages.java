package org.cnnexplorer.ui.classify;

import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

import java.awt.image.BufferedImage;

/** The tab's pictures (pixels computed off the FX thread) as images JavaFX can show. */
final class FxImages {

    private FxImages() {
    }

    static WritableImage of(int w, int h, int[] argb) {
        WritableImage img = new WritableImage(w, h);
        img.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        return img;
    }

    static WritableImage of(BufferedImage bi) {
        int w = bi.getWidth();
        int h = bi.getHeight();
        return of(w, h, bi.getRGB(0, 0, w, h, null, 0, w));
    }
}
