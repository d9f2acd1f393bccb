package org.cnnexplorer.data;

import java.awt.image.BufferedImage;

/**
 * A decoded picture, ready for {@link Preprocessor}.
 *
 * @param source        what the user would call it (file path, "clipboard", …), used in messages
 * @param format        the format found from the content ("png", "jpeg", …), whatever the file name says
 * @param width         width as stored in the file
 * @param height        height as stored in the file
 * @param subsampling   1, or n when only every n-th pixel of every n-th row was decoded (large images)
 * @param orientation   the EXIF orientation (1 = upright … 8) the image has already been turned by; 1 if none
 * @param image         the decoded pixels, {@link BufferedImage#TYPE_INT_ARGB}, sRGB, straight (not premultiplied)
 *                      alpha; its size is about {@code width / subsampling × height / subsampling}
 */
public record LoadedImage(String source, String format, int width, int height, int subsampling, int orientation,
        BufferedImage image) {

    public int decodedWidth() {
        return image.getWidth();
    }

    public int decodedHeight() {
        return image.getHeight();
    }

    /** The decoded pixels as 0xAARRGGBB, row-major. */
    public int[] argb() {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
