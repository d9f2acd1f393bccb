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
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.StringJoiner;
import java.util.function.Function;
import javax.imageio.ImageIO;

/**
 * A whole lesson page drawn with Java2D, without a display: title, text, formulas, table and the setting of the
 * knobs on the left, the live panel on the right. Used by {@code lesson ID --out FILE.png} and by the handout.
 * The left column's type shrinks until the text fits, so a long Korean paragraph never runs off the page.
 */
public final class PageRenderer {
    /** A4 landscape proportions (150 dpi). */
    public static final int WIDTH = 1754;
    public static final int HEIGHT = 1240;
    private static final double MARGIN = 60;
    private static final double TOP = MARGIN + 110;
    private static final double COLUMN = 700;
    private static final double GAP = 40;
    private static final double BOTTOM = HEIGHT - MARGIN - 40;
    private static final double LARGEST = 22;
    /** Printed, a sheet is 150 px to the inch: 21 px print at 10 pt and 19 px at 9 pt, the handout's smallest. */
    static final double PRINT_BODY = 21;
    static final double PRINT_TABLE = 19;
    /** The questions' column beside a panel that has a sheet of its own. */
    private static final double ASIDE = 520;

    private PageRenderer() {
    }

    public static BufferedImage render(Page page, Settings settings, String caption) {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            hints(g);
            double size = LARGEST;
            while (size > 11 && column(null, page, settings, List.of(), COLUMN, size, 0).bottom() > BOTTOM) {
                size -= 1;
            }
            sideBySide(g, page, settings, List.of(), caption, size, 0, Messages.get("lesson.footer", page.id()));
        } finally {
            g.dispose();
        }
        return img;
    }

    /** One printed sheet: paints the whole {@link #WIDTH}×{@link #HEIGHT} area, {@code folio} at its foot. */
    interface Sheet {
        void paint(Graphics2D g, String folio);
    }

    /**
     * The page as printed, with the lesson's exercise questions under its text, at no less than {@link #PRINT_BODY}
     * and {@link #PRINT_TABLE}: one sheet when the text fits beside the panel; otherwise the text across a sheet of
     * its own and the panel across the next, the questions beside the panel when they do not fit under the text.
     */
    static List<Sheet> printSheets(Page page, Settings settings, List<String> questions, String caption) {
        OptionalDouble beside = printSize(page, settings, questions, COLUMN);
        String footer = Messages.get("lesson.footer", page.id());
        if (beside.isPresent()) {
            double size = beside.getAsDouble();
            return List.of((g, folio) -> {
                hints(g);
                sideBySide(g, page, settings, questions, caption, size, PRINT_TABLE, footer);
                folio(g, folio);
            });
        }
        double wide = WIDTH - 2 * MARGIN;
        OptionalDouble under = printSize(page, settings, questions, wide);
        List<String> beneath = under.isPresent() ? questions : List.of();
        List<String> aside = under.isPresent() ? List.of() : questions;
        double size = under.orElse(printSize(page, settings, List.of(), wide).orElse(PRINT_BODY));
        Sheet text = (g, folio) -> {
            hints(g);
            header(g, page, caption);
            column(g, page, settings, beneath, wide, size, PRINT_TABLE);
            footer(g, footer);
            folio(g, folio);
        };
        Sheet panel = (g, folio) -> {
            hints(g);
            header(g, page, caption);
            if (aside.isEmpty()) {
                panel(g, page, settings, MARGIN, wide);
            } else {
                panel(g, page, settings, MARGIN, wide - ASIDE - GAP);
                questions(g, aside, WIDTH - MARGIN - ASIDE, TOP + PRINT_BODY, ASIDE, PRINT_BODY);
            }
            footer(g, footer);
            folio(g, folio);
        };
        return List.of(text, panel);
    }

    /** Draws (with a null {@code g}, measures) the exercise questions from the baseline y; returns the y below. */
    private static double questions(Graphics2D g, List<String> questions, double x, double y, double w,
                                    double size) {
        return onto(g, gg -> {
            double yy = Draw.paragraph(gg, Messages.get("lesson.handout.exercises"), x, y, w, size, Font.BOLD,
                    Draw.ink()) + size * 0.2;
            for (int i = 0; i < questions.size(); i++) {
                yy = Draw.paragraph(gg, (i + 1) + ". " + questions.get(i), x, yy, w, size, Font.PLAIN, Draw.ink())
                        + size * 0.3;
            }
            return yy;
        });
    }

    /** Lays out on {@code g}, or, with a null {@code g} (measuring only), on a scratch graphics of the same fonts. */
    static <T> T onto(Graphics2D g, Function<Graphics2D, T> layout) {
        if (g != null) {
            return layout.apply(g);
        }
        Graphics2D scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            return layout.apply(scratch);
        } finally {
            scratch.dispose();
        }
    }

    /** Whether every printed sheet of the page holds its text at the print sizes (the handout's promise). */
    static boolean printFits(Page page, Settings settings, List<String> questions) {
        double wide = WIDTH - 2 * MARGIN;
        return printSize(page, settings, questions, COLUMN).isPresent()
                || printSize(page, settings, questions, wide).isPresent()
                || printSize(page, settings, List.of(), wide).isPresent()
                && questions(null, questions, 0, TOP + PRINT_BODY, ASIDE, PRINT_BODY) <= BOTTOM;
    }

    /** The largest type, from {@link #LARGEST} down to {@link #PRINT_BODY}, at which the text fits {@code width}. */
    private static OptionalDouble printSize(Page page, Settings settings, List<String> questions, double width) {
        for (double size = LARGEST; size >= PRINT_BODY; size -= 0.5) {
            Column c = column(null, page, settings, questions, width, size, PRINT_TABLE);
            if (c.bottom() <= BOTTOM && c.smallestTable() >= PRINT_TABLE) {
                return OptionalDouble.of(size);
            }
        }
        return OptionalDouble.empty();
    }

    static void hints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    }

    private static void sideBySide(Graphics2D g, Page page, Settings settings, List<String> questions,
                                   String caption, double size, double smallestTable, String footer) {
        header(g, page, caption);
        column(g, page, settings, questions, COLUMN, size, smallestTable);
        double px = MARGIN + COLUMN + GAP;
        panel(g, page, settings, px, WIDTH - px - MARGIN);
        footer(g, footer);
    }

    private static void header(Graphics2D g, Page page, String caption) {
        Draw.fill(g, 0, 0, WIDTH, HEIGHT, Draw.paper());
        Draw.text(g, page.title(), MARGIN, MARGIN + 34, 40, Font.BOLD, Draw.ink());
        Draw.text(g, caption, MARGIN, MARGIN + 72, 20, Font.PLAIN, Draw.muted());
    }

    private static void panel(Graphics2D g, Page page, Settings settings, double x, double w) {
        Graphics2D pg = (Graphics2D) g.create();
        try {
            pg.translate(x, TOP);
            pg.clipRect(0, 0, (int) w, (int) (BOTTOM - TOP));
            page.panel().paint(pg, w, BOTTOM - TOP, settings);
        } finally {
            pg.dispose();
        }
    }

    private static void footer(Graphics2D g, String footer) {
        Draw.text(g, footer, MARGIN, HEIGHT - MARGIN + 20, 16, Font.PLAIN, Draw.muted());
    }

    private static void folio(Graphics2D g, String folio) {
        folio(g, folio, WIDTH - MARGIN, HEIGHT - MARGIN + 20);
    }

    /** "3 / 27": sheet {@code n} of {@code of}. */
    static String folio(int n, int of) {
        return String.format(Locale.ROOT, "%d / %d", n, of);
    }

    /** The sheet's number ("3 / 27"), ending at {@code right} on the baseline {@code y}. */
    static void folio(Graphics2D g, String folio, double right, double y) {
        g.setFont(Draw.font(Font.PLAIN, 16));
        double w = g.getFontMetrics().stringWidth(folio);
        Draw.text(g, folio, right - w, y, 16, Font.PLAIN, Draw.muted());
    }

    /** Where a laid-out text column ends, and the smallest type its table needed to fit the column. */
    private record Column(double bottom, double smallestTable) {
    }

    /**
     * Lays out (and with a non-null {@code g}, draws) the text column: paragraphs, formulas, table, the knobs'
     * setting, then the exercises (printed only). Table type is 0.8 of the body's, and never below
     * {@code smallestTable}.
     */
    private static Column column(Graphics2D g, Page page, Settings settings, List<String> questions, double w,
                                 double size, double smallestTable) {
        double x = MARGIN;
        return onto(g, gg -> {
            double yy = TOP + size;
            for (String p : page.text()) {
                yy = Draw.paragraph(gg, p, x, yy, w, size, Font.PLAIN, Draw.ink()) + size * 0.5;
            }
            if (!page.formulas().isEmpty()) {
                yy += size * 0.2;
                double start = yy - size * 1.1;
                double after = yy;
                Graphics2D measure = gg;
                for (String f : page.formulas()) {
                    after = Draw.paragraph(measure, f, x + 14, after, w - 28, size * 0.95, Font.PLAIN, Draw.accent());
                }
                if (g != null) {
                    Draw.fill(gg, x, start, w, after - start - size * 0.5, Draw.alpha(Draw.accent(), 18));
                    after = yy;
                    for (String f : page.formulas()) {
                        after = Draw.paragraph(gg, f, x + 14, after, w - 28, size * 0.95, Font.PLAIN, Draw.accent());
                    }
                }
                yy = after + size * 0.6;
            }
            double tableType = Double.POSITIVE_INFINITY;
            if (!page.table().isEmpty()) {
                double[] used = new double[1];
                yy = table(gg, page.table(), x, yy, w, Math.max(size * 0.8, smallestTable), g != null, used)
                        + size * 0.6;
                tableType = used[0];
            }
            if (!page.knobs().isEmpty()) {
                StringJoiner s = new StringJoiner(",  ");
                for (Knob k : page.knobs()) {
                    s.add(k.label() + " = " + k.format(settings.get(k.id())));
                }
                yy = Draw.paragraph(gg, Messages.get("lesson.setting", s.toString()), x, yy, w,
                        Math.max(size * 0.8, smallestTable), Font.ITALIC, Draw.muted());
            }
            if (!questions.isEmpty()) {
                yy = questions(g, questions, x, yy + size * 0.6, w, size);
            }
            return new Column(yy, tableType);
        });
    }

    /** Draws the table (first row bold) within {@code w}, shrinking its type if it must; {@code used[0]} = type. */
    private static double table(Graphics2D g, List<List<String>> rows, double x, double y, double w, double size,
                                boolean draw, double[] used) {
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
        double fs = size * Math.min(1, scale * 1.02);
        used[0] = fs;
        double lh = size * 1.45;
        double yy = y + size;
        for (int r = 0; r < rows.size(); r++) {
            double cx = x;
            if (draw && r == 0) {
                Draw.fill(g, x, yy - size * 1.05, Math.min(w, total), lh, Draw.alpha(Draw.ink(), 20));
            }
            for (int c = 0; c < cols && c < rows.get(r).size(); c++) {
                if (draw) {
                    Draw.text(g, rows.get(r).get(c), cx + 4, yy, fs, r == 0 ? Font.BOLD : Font.PLAIN, Draw.ink());
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
