package org.cnnexplorer.lessons;

import de.rototor.pdfbox.graphics2d.IPdfBoxGraphics2DFontTextDrawer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.cnnexplorer.io.AtomicFiles;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The lessons as 16:9 slides for a teacher who presents from their own deck: the title, the key formulas and the live
 * panel together on one screen, in type that reads from the back of a classroom. One PDF (vector, with the handout's
 * embedded font) or a PNG per lesson.
 */
public final class Slides {
    public static final int WIDTH = 1920;
    public static final int HEIGHT = 1080;
    private static final double MARGIN = 56;
    private static final double TOP = 200;
    private static final double COLUMN = 620;
    private static final double GAP = 40;
    private static final double BOTTOM = HEIGHT - MARGIN - 24;
    /** A 16:9 page 13.33 × 7.5 inches, as presentation programs make them. */
    private static final PDRectangle PAGE = new PDRectangle(960, 540);

    private Slides() {
    }

    /** Writes {@code lessons} as one PDF, a slide each. */
    public static void writePdf(List<Handout.Printed> lessons, String title, Path out) throws IOException {
        Draw.beginPrint(PrintFont.family());
        try (PDDocument doc = new PDDocument()) {
            doc.getDocumentInformation().setTitle(title);
            doc.getDocumentInformation().setCreator("CNN Explorer");
            IPdfBoxGraphics2DFontTextDrawer fonts = PrintFont.drawer(doc);
            for (int i = 0; i < lessons.size(); i++) {
                Handout.Printed p = lessons.get(i);
                String folio = PageRenderer.folio(i + 1, lessons.size());
                Handout.page(doc, fonts, PAGE, WIDTH, HEIGHT, g -> paint(g, p, folio));
            }
            AtomicFiles.write(out, doc::save);
        } finally {
            Draw.endPrint();
        }
    }

    /** Writes {@code lessons} into {@code dir}, a PNG each ({@code 01-ilsvrc-history.png}, …); returns the files. */
    public static List<Path> writePngs(List<Handout.Printed> lessons, Path dir) throws IOException {
        AtomicFiles.folder(dir);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < lessons.size(); i++) {
            Handout.Printed p = lessons.get(i);
            BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            try {
                paint(g, p, PageRenderer.folio(i + 1, lessons.size()));
            } finally {
                g.dispose();
            }
            Path file = dir.resolve(String.format(Locale.ROOT, "%02d-%s.png", i + 1, p.page().id()));
            AtomicFiles.write(file, o -> {
                if (!ImageIO.write(img, "png", o)) {
                    throw new IOException("no PNG writer");
                }
            });
            files.add(file);
        }
        return files;
    }

    /**
     * One slide: title and caption across the top; on the left the formulas (the page's first paragraph where it has
     * none), as large as fits; on the right the live panel.
     */
    static void paint(Graphics2D g, Handout.Printed p, String folio) {
        PageRenderer.hints(g);
        Page page = p.page();
        Draw.fill(g, 0, 0, WIDTH, HEIGHT, Draw.paper());
        double titleSize = 54;
        g.setFont(Draw.font(Font.BOLD, titleSize));
        while (titleSize > 34 && g.getFontMetrics().stringWidth(page.title()) > WIDTH - 2 * MARGIN) {
            titleSize -= 2;
            g.setFont(Draw.font(Font.BOLD, titleSize));
        }
        Draw.text(g, page.title(), MARGIN, MARGIN + titleSize, titleSize, Font.BOLD, Draw.ink());
        Draw.text(g, p.caption(), MARGIN, MARGIN + titleSize + 44, 26, Font.PLAIN, Draw.muted());
        List<String> key = page.formulas().isEmpty() ? page.text().subList(0, Math.min(1, page.text().size()))
                : page.formulas();
        Color colour = page.formulas().isEmpty() ? Draw.ink() : Draw.accent();
        double size = 34;
        while (size > 20 && column(g, key, size, colour, false) > BOTTOM) {
            size -= 1;
        }
        column(g, key, size, colour, true);
        double px = MARGIN + COLUMN + GAP;
        Graphics2D pg = (Graphics2D) g.create();
        try {
            pg.translate(px, TOP);
            pg.clipRect(0, 0, (int) (WIDTH - px - MARGIN), (int) (BOTTOM - TOP));
            page.panel().paint(pg, WIDTH - px - MARGIN, BOTTOM - TOP, p.settings());
        } finally {
            pg.dispose();
        }
        PageRenderer.folio(g, folio, WIDTH - MARGIN, HEIGHT - 30);
    }

    /** Lays out (with {@code draw}, draws) the key lines down the left; returns the y where they end. */
    private static double column(Graphics2D g, List<String> lines, double size, Color colour, boolean draw) {
        double y = TOP + size;
        for (String line : lines) {
            if (draw) {
                y = Draw.paragraph(g, line, MARGIN, y, COLUMN, size, Font.PLAIN, colour);
            } else {
                g.setFont(Draw.font(Font.PLAIN, size));
                y += Draw.wrap(g, line, COLUMN).size() * size * 1.35;
            }
            y += size * 0.5;
        }
        return y;
    }
}
