package org.cnnexplorer.lessons;

import java.awt.Color;

/**
 * The colours and line weight the lesson pictures are drawn in. {@link #HIGH_CONTRAST} is for a washed-out projector
 * and for greyscale printing: black text, heavier lines, and three series colours that a reader with red-green colour
 * blindness tells apart by hue (dark blue, bluish green, orange, after Okabe and Ito's palette) and a greyscale printer
 * by lightness (luminance about 50, 90 and 135 of 255).
 *
 * @param stroke factor on every line width the panels draw
 */
public record Theme(String id, Color ink, Color muted, Color accent, Color warm, Color green, Color grid,
                    Color paper, float stroke) {

    public static final Theme STANDARD = new Theme("standard", new Color(0x22, 0x22, 0x22), new Color(0x66, 0x66, 0x66),
            new Color(0x1f, 0x5f, 0xbf), new Color(0xd0, 0x5a, 0x1c), new Color(0x2e, 0x8b, 0x57),
            new Color(0xdd, 0xdd, 0xdd), Color.WHITE, 1f);

    public static final Theme HIGH_CONTRAST = new Theme("high-contrast", Color.BLACK, new Color(0x33, 0x33, 0x33),
            new Color(0x00, 0x3c, 0x78), new Color(0xe0, 0x70, 0x00), new Color(0x00, 0x84, 0x5f),
            new Color(0x8c, 0x8c, 0x8c), Color.WHITE, 2f);
}
