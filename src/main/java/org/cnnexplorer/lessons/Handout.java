package org.cnnexplorer.lessons;

import de.rototor.pdfbox.graphics2d.IPdfBoxGraphics2DFontTextDrawer;
import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2D;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PageMode;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageFitDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.util.Matrix;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.io.AtomicFiles;

import java.awt.Font;
import java.awt.Graphics2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lessons as a printable handout: an A4 landscape PDF in vector form whose text is real text in an embedded font
 * ({@link PrintFont}), so it can be searched, copied and read aloud in English and in Korean. A contents sheet comes
 * first; each lesson is one sheet, or two when its text needs the whole width at the print sizes
 * ({@link PageRenderer#printSheets}), with its exercises; the worked answers close the teacher's copy. Every lesson has
 * a bookmark and every sheet a number.
 */
public final class Handout {
    private static final PDRectangle A4_LANDSCAPE =
            new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());

    private Handout() {
    }

    /** One lesson to print, with the knobs' setting and the caption its sheets carry. */
    public record Printed(Page page, Settings settings, String caption) {
    }

    /**
     * Writes the handout: contents, the lessons with their exercise questions, and (with {@code answers}) the worked
     * answers at the end; without them it is the students' copy.
     */
    public static void write(List<Printed> lessons, String title, boolean answers, Path out) throws IOException {
        Draw.beginPrint(PrintFont.family());
        try (PDDocument doc = new PDDocument()) {
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(title);
            info.setCreator("CNN Explorer");
            IPdfBoxGraphics2DFontTextDrawer fonts = PrintFont.drawer(doc);
            List<List<PageRenderer.Sheet>> sheets = new ArrayList<>();
            List<Integer> first = new ArrayList<>();
            int total = 1;
            for (Printed p : lessons) {
                first.add(total);
                List<String> questions = Exercises.of(p.page().id()).stream().map(Exercises.Exercise::question)
                        .toList();
                List<PageRenderer.Sheet> s = PageRenderer.printSheets(p.page(), p.settings(), questions,
                        p.caption());
                sheets.add(s);
                total += s.size();
            }
            List<PageRenderer.Sheet> appendix = answers
                    ? Answers.sheets(lessons.stream().map(Printed::page).toList()) : List.of();
            int answersAt = total;
            int pages = total + appendix.size();
            sheet(doc, fonts, g -> contents(g, title, lessons, first, appendix.isEmpty() ? -1 : answersAt, pages));
            PDDocumentOutline outline = new PDDocumentOutline();
            int number = 1;
            for (int i = 0; i < lessons.size(); i++) {
                for (PageRenderer.Sheet s : sheets.get(i)) {
                    number++;
                    String folio = PageRenderer.folio(number, pages);
                    sheet(doc, fonts, g -> s.paint(g, folio));
                }
                bookmark(outline, lessons.get(i).page().title(), doc.getPage(first.get(i)));
            }
            for (PageRenderer.Sheet s : appendix) {
                number++;
                String folio = PageRenderer.folio(number, pages);
                sheet(doc, fonts, g -> s.paint(g, folio));
            }
            if (!appendix.isEmpty()) {
                bookmark(outline, Messages.get("lesson.handout.answers"), doc.getPage(answersAt));
            }
            doc.getDocumentCatalog().setDocumentOutline(outline);
            doc.getDocumentCatalog().setPageMode(PageMode.USE_OUTLINES);
            AtomicFiles.write(out, doc::save);
        } finally {
            Draw.endPrint();
        }
    }

    private static void bookmark(PDDocumentOutline outline, String title, PDPage page) {
        PDPageFitDestination to = new PDPageFitDestination();
        to.setPage(page);
        PDOutlineItem item = new PDOutlineItem();
        item.setTitle(title);
        item.setDestination(to);
        outline.addLast(item);
    }

    interface Painter {
        void paint(Graphics2D g);
    }

    private static void sheet(PDDocument doc, IPdfBoxGraphics2DFontTextDrawer fonts, Painter painter)
            throws IOException {
        page(doc, fonts, A4_LANDSCAPE, PageRenderer.WIDTH, PageRenderer.HEIGHT, painter);
    }

    /**
     * Adds a page of {@code size} whose content is {@code painter}'s Java2D drawing of a width×height canvas, scaled
     * onto it as vector graphics with real text.
     */
    static void page(PDDocument doc, IPdfBoxGraphics2DFontTextDrawer fonts, PDRectangle size, int width, int height,
                     Painter painter) throws IOException {
        PDPage page = new PDPage(size);
        doc.addPage(page);
        PdfBoxGraphics2D g = new PdfBoxGraphics2D(doc, width, height);
        g.setFontTextDrawer(fonts);
        try {
            painter.paint(g);
        } finally {
            g.dispose();
        }
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
            cs.transform(Matrix.getScaleInstance(size.getWidth() / width, size.getHeight() / height));
            cs.drawForm(g.getXFormObject());
        }
    }

    /** The contents sheet; {@code answersAt} is the answers' sheet index, or -1 in the students' copy. */
    private static void contents(Graphics2D g, String title, List<Printed> lessons, List<Integer> first,
                                 int answersAt, int pages) {
        double m = 90;
        Draw.fill(g, 0, 0, PageRenderer.WIDTH, PageRenderer.HEIGHT, Draw.paper());
        Draw.text(g, title, m, m + 50, 52, Font.BOLD, Draw.ink());
        Draw.text(g, Messages.get("lesson.handout.contents"), m, m + 120, 30, Font.BOLD, Draw.muted());
        double size = 24;
        int lines = lessons.size() + (answersAt < 0 ? 0 : 1);
        double lh = Math.min(46, (PageRenderer.HEIGHT - m - 200 - 60) / Math.max(1, lines));
        double right = PageRenderer.WIDTH - m;
        for (int i = 0; i < lines; i++) {
            double y = m + 190 + i * lh;
            boolean lesson = i < lessons.size();
            if (lesson) {
                Draw.text(g, (i + 1) + ".", m, y, size, Font.PLAIN, Draw.muted());
            }
            String entry = lesson ? lessons.get(i).page().title() : Messages.get("lesson.handout.answers");
            Draw.text(g, entry, m + 60, y, size, Font.PLAIN, Draw.ink());
            String at = Integer.toString((lesson ? first.get(i) : answersAt) + 1);
            g.setFont(Draw.font(Font.PLAIN, size));
            Draw.text(g, at, right - g.getFontMetrics().stringWidth(at), y, size, Font.PLAIN, Draw.ink());
            Draw.line(g, m + 60, y + 10, right, y + 10, Draw.grid(), 1f);
        }
        PageRenderer.folio(g, PageRenderer.folio(1, pages), right, PageRenderer.HEIGHT - 40);
    }
}
