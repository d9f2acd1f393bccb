package org.cnnexplorer.lessons;

import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.io.AtomicFiles;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.StringJoiner;
import javax.imageio.ImageIO;

/**
 * A whole lesson page drawn with Java2D, without a display: title, text, formulas, table and the setting of the
 * knobs on the left, the live panel on the right. Used by {@code lesson ID --out FILE.png} and by the handout.
 * The left column's type shrinks until the text fits, so a long Korean paragraph never runs off the page.
 */
public final class PageRenderer {
    /** A4 landscape proportions. */
    public static final int WIDTH = 1754;
    public static final int HEIGHT = 1240;

    private PageRenderer() {
    }

    public static BufferedImage render(Page page, Settings settings, String caption) {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            Draw.fill(g, 0, 0, WIDTH, HEIGHT, Draw.PAPER);
            double m = 60;
            Draw.text(g, page.title(), m, m + 34, 40, Font.BOLD, Draw.INK);
            Draw.text(g, caption, m, m + 72, 20, Font.PLAIN, Draw.MUTED);
            double top = m + 110;
            double leftW = 700;
            double size = 22;
            while (size > 11 && left(null, page, settings, m, top, leftW, size) > HEIGHT - m - 40) {
                size -= 1;
            }
            left(g, page, settings, m, top, leftW, size);
            double px = m + leftW + 40;
            Graphics2D pg = (Graphics2D) g.create();
            try {
                pg.translate(px, top);
                pg.clipRect(0, 0, (int) (WIDTH - px - m), (int) (HEIGHT - top - m - 40));
                page.panel().paint(pg, WIDTH - px - m, HEIGHT - top - m - 40, settings);
            } finally {
                pg.dispose();
            }
            Draw.text(g, Messages.get("lesson.footer", page.id()), m, HEIGHT - m + 20, 16, Font.PLAIN, Draw.MUTED);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Lays out (and with a non-null {@code g}, draws) the left column; returns the y where it ends. */
    private static double left(Graphics2D g, Page page, Settings settings, double x, double y, double w, double size) {
        BufferedImage scratch = null;
        Graphics2D gg = g;
        if (gg == null) {
            scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
            gg = scratch.createGraphics();
        }
        try {
            double yy = y + size;
            for (String p : page.text()) {
                yy = Draw.paragraph(gg, p, x, yy, w, size, Font.PLAIN, Draw.INK) + size * 0.5;
            }
            if (!page.formulas().isEmpty()) {
                yy += size * 0.2;
                double start = yy - size * 1.1;
                double after = yy;
                Graphics2D measure = gg;
                for (String f : page.formulas()) {
                    after = Draw.paragraph(measure, f, x + 14, after, w - 28, size * 0.95, Font.PLAIN, Draw.ACCENT);
                }
                if (g != null) {
                    Draw.fill(gg, x, start, w, after - start - size * 0.5, Draw.alpha(Draw.ACCENT, 18));
                    after = yy;
                    for (String f : page.formulas()) {
                        after = Draw.paragraph(gg, f, x + 14, after, w - 28, size * 0.95, Font.PLAIN, Draw.ACCENT);
                    }
                }
                yy = after + size * 0.6;
            }
            if (!page.table().isEmpty()) {
                yy = table(gg, page.table(), x, yy, w, size * 0.8, g != null) + size * 0.6;
            }
            if (!page.knobs().isEmpty()) {
                StringJoiner s = new StringJoiner(",  ");
                for (Knob k : page.knobs()) {
                    s.add(k.label() + " = " + k.format(settings.get(k.id())));
                }
                yy = Draw.paragraph(gg, Messages.get("lesson.setting", s.toString()), x, yy, w, size * 0.8,
                        Font.ITALIC, Draw.MUTED);
            }
            return yy;
        } finally {
            if (scratch != null) {
                gg.dispose();
            }
        }
    }

    private static double table(Graphics2D g, List<List<String>> rows, double x, double y, double w, double size,
                                boolean draw) {
        int cols = rows.get(0).size();
        double[] widths = new double[cols];
        for (int i = 0; i < rows.size(); i++) {
            List<String> r = rows.get(i);
            g.setFont(Draw.font(i == 0 ? Font.BOLD : Font.PLAIN, size));
            for (int c = 0; c < cols && c < r.size(); c++) {
                widths[c] = Math.max(widths[c], g.getFontMetrics().stringWidth(r.get(c)) + size);
            }
        }
        double total = 0;
        for (double cw : widths) {
            total += cw;
        }
        double scale = total > w ? w / total : 1;
        double lh = size * 1.45;
        double yy = y + size;
        for (int r = 0; r < rows.size(); r++) {
            double cx = x;
            if (draw && r == 0) {
                Draw.fill(g, x, yy - size * 1.05, Math.min(w, total), lh, Draw.alpha(Draw.INK, 20));
            }
            for (int c = 0; c < cols && c < rows.get(r).size(); c++) {
                if (draw) {
                    double fs = size * Math.min(1, scale * 1.02);
                    Draw.text(g, rows.get(r).get(c), cx + 4, yy, fs, r == 0 ? Font.BOLD : Font.PLAIN, Draw.INK);
                }
                cx += widths[c] * scale;
            }
            yy += lh;
        }
        return yy;
    }

    public static void writePng(Page page, Settings settings, String caption, Path out) throws IOException {
        BufferedImage image = render(page, settings, caption);
        AtomicFiles.write(out, o -> {
            if (!ImageIO.write(image, "png", o)) {
                throw new IOException("no PNG writer");
            }
        });
    }
}
