package org.cnnexplorer.diagram;

import org.cnnexplorer.io.AtomicFiles;
import org.jfree.svg.SVGGraphics2D;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Writes diagrams as PNG or SVG, and any bytes atomically (a temp file moved into place). */
public final class Export {
    /** Largest PNG side: a fully expanded ResNet-1202 is scaled down to fit. */
    public static final int MAX_SIDE = 16_000;

    private Export() {
    }

    /** Writes to a temp file beside {@code target}, then moves it over: a failed export leaves no half file. */
    public static void atomically(Path target, AtomicFiles.Writer writer) throws IOException {
        AtomicFiles.write(target, writer);
    }

    public static void atomically(Path target, String text) throws IOException {
        AtomicFiles.write(target, text);
    }

    /** Scale that makes the picture {@code width} pixels wide (or 1 when {@code width} ≤ 0), capped to MAX_SIDE. */
    public static double scaleFor(Diagram d, int width) {
        double s = width > 0 ? width / d.width() : 1.0;
        double side = Math.max(d.width(), d.height()) * s;
        return side > MAX_SIDE ? s * MAX_SIDE / side : s;
    }

    public static BufferedImage image(Diagram d, Palette p, DiagramPainter.Options o, double scale) {
        int w = Math.max(1, (int) Math.ceil(d.width() * scale));
        int h = Math.max(1, (int) Math.ceil(d.height() * scale));
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(p.get("background"));
        g.fillRect(0, 0, w, h);
        g.scale(scale, scale);
        DiagramPainter.paint(g, d, p, o, null);
        g.dispose();
        return img;
    }

    public static String svg(Diagram d, Palette p, DiagramPainter.Options o, double scale) {
        int w = Math.max(1, (int) Math.ceil(d.width() * scale));
        int h = Math.max(1, (int) Math.ceil(d.height() * scale));
        SVGGraphics2D g = new SVGGraphics2D(w, h);
        g.setColor(p.get("background"));
        g.fillRect(0, 0, w, h);
        g.scale(scale, scale);
        DiagramPainter.paint(g, d, p, o, null);
        return g.getSVGDocument();
    }

    /** PNG or SVG by the file's extension. */
    public static void write(Path out, Diagram d, Palette p, DiagramPainter.Options o, double scale)
            throws IOException {
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".svg")) {
            atomically(out, svg(d, p, o, scale));
        } else if (name.endsWith(".png")) {
            BufferedImage img = image(d, p, o, scale);
            atomically(out, s -> ImageIO.write(img, "png", s));
        } else {
            throw new IllegalArgumentException("unsupported file type: " + out.getFileName() + " (use .png or .svg)");
        }
    }
}
