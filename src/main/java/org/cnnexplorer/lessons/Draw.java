package org.cnnexplorer.lessons;

import org.cnnexplorer.i18n.Messages;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Drawing helpers shared by the panels and the page renderer: fonts that can write Korean, text, heat maps. */
public final class Draw {
    private static volatile String cachedLanguage;
    private static volatile String cachedFamily = Font.SANS_SERIF;
    private static final String HANGUL = "\uD55C\uAD6D\uC5B4";
    /** The handout's embedded typeface while a sheet is drawn on this thread: its metrics must be the ones laid out. */
    private static final ThreadLocal<String> PRINT_FAMILY = new ThreadLocal<>();
    /** The theme pictures are drawn in on this thread: the window's choice while it paints, else the standard one. */
    private static final ThreadLocal<Theme> THEME = ThreadLocal.withInitial(() -> Theme.STANDARD);

    private Draw() {
    }

    /**
     * A family that can draw the current language and Hangul, which English pages quote from the Korean lecture
     * slides: an installed font the language prefers, else the standard sans serif if it can, else the handout's own
     * Nanum Gothic (a machine without Korean fonts drew boxes). Cached per language: listing fonts costs milliseconds.
     */
    public static String family() {
        String print = PRINT_FAMILY.get();
        if (print != null) {
            return print;
        }
        String language = Messages.locale().getLanguage();
        if (!language.equals(cachedLanguage)) {
            String family = Font.SANS_SERIF;
            List<String> wanted = Messages.fontFamilies();
            if (!wanted.isEmpty()) {
                Set<String> installed = Set.of(GraphicsEnvironment.getLocalGraphicsEnvironment()
                        .getAvailableFontFamilyNames());
                family = wanted.stream().filter(installed::contains).findFirst().orElse(Font.SANS_SERIF);
            }
            if (new Font(family, Font.PLAIN, 12).canDisplayUpTo(HANGUL) >= 0) {
                family = PrintFont.family();
            }
            cachedFamily = family;
            cachedLanguage = language;
        }
        return cachedFamily;
    }

    /** Draws with {@code family} on this thread until {@link #endPrint()} (the handout's embedded font). */
    static void beginPrint(String family) {
        PRINT_FAMILY.set(family);
    }

    static void endPrint() {
        PRINT_FAMILY.remove();
    }

    /** Draws in {@code theme} on this thread until {@link #endTheme()}. */
    public static void beginTheme(Theme theme) {
        THEME.set(theme);
    }

    public static void endTheme() {
        THEME.remove();
    }

    public static Theme theme() {
        return THEME.get();
    }

    public static Color ink() {
        return THEME.get().ink();
    }

    public static Color muted() {
        return THEME.get().muted();
    }

    public static Color accent() {
        return THEME.get().accent();
    }

    public static Color warm() {
        return THEME.get().warm();
    }

    public static Color green() {
        return THEME.get().green();
    }

    public static Color grid() {
        return THEME.get().grid();
    }

    public static Color paper() {
        return THEME.get().paper();
    }

    public static Font font(int style, double size) {
        return new Font(family(), style, 1).deriveFont(style, (float) size);
    }

    public static void text(Graphics2D g, String s, double x, double y, double size, int style, Color c) {
        g.setFont(font(style, size));
        g.setColor(c);
        g.drawString(ink(s), (float) x, (float) y);
    }

    /** The text as drawn: printed, with the print font's stand-ins for the few signs it lacks. */
    private static String ink(String s) {
        return PRINT_FAMILY.get() == null ? s : PrintFont.printable(s);
    }

    /** Text centred on x. */
    public static void centred(Graphics2D g, String s, double x, double y, double size, int style, Color c) {
        g.setFont(font(style, size));
        g.setColor(c);
        String t = ink(s);
        double w = g.getFontMetrics().stringWidth(t);
        g.drawString(t, (float) (x - w / 2), (float) y);
    }

    /**
     * Splits {@code s} into lines no wider than {@code width} with the current font (words, or characters if needed).
     */
    public static List<String> wrap(Graphics2D g, String s, double width) {
        FontMetrics fm = g.getFontMetrics();
        List<String> lines = new ArrayList<>();
        for (String paragraph : ink(s).split("\n")) {
            StringBuilder line = new StringBuilder();
            for (String word : paragraph.split(" ")) {
                String trial = line.isEmpty() ? word : line + " " + word;
                if (fm.stringWidth(trial) <= width || line.isEmpty() && fm.stringWidth(word) <= width) {
                    line.setLength(0);
                    line.append(trial);
                    continue;
                }
                if (!line.isEmpty()) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                // a word wider than the column (a long formula): break it by characters
                for (int i = 0; i < word.length(); i++) {
                    if (fm.stringWidth(line.toString() + word.charAt(i)) > width && !line.isEmpty()) {
                        lines.add(line.toString());
                        line.setLength(0);
                    }
                    line.append(word.charAt(i));
                }
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** Wrapped text from (x, y) (baseline of the first line); returns the y below the last line. */
    public static double paragraph(Graphics2D g, String s, double x, double y, double width, double size, int style,
                                   Color c) {
        g.setFont(font(style, size));
        g.setColor(c);
        double lh = size * 1.35;
        for (String line : wrap(g, s, width)) {
            g.drawString(line, (float) x, (float) y);
            y += lh;
        }
        return y;
    }

    /** Grayscale picture of an h×w map, {@code lo} black and {@code hi} white, one square per value. */
    public static void map(Graphics2D g, float[] v, int h, int w, double x, double y, double side, float lo,
                           float hi) {
        double cell = side / Math.max(h, w);
        float span = hi - lo <= 0 ? 1 : hi - lo;
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                float t = Math.max(0, Math.min(1, (v[r * w + c] - lo) / span));
                int gray = Math.round(t * 255);
                g.setColor(new Color(gray, gray, gray));
                g.fill(new Rectangle2D.Double(x + c * cell, y + r * cell, cell + 0.6, cell + 0.6));
            }
        }
        g.setColor(grid());
        g.setStroke(new BasicStroke(1f));
        g.draw(new Rectangle2D.Double(x, y, w * cell, h * cell));
    }

    /** Blue (negative) – white – red (positive) picture of a signed map, symmetric around zero. */
    public static void signed(Graphics2D g, float[] v, int h, int w, double x, double y, double side, float absMax) {
        double cell = side / Math.max(h, w);
        float m = absMax <= 0 ? 1 : absMax;
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                float t = Math.max(-1, Math.min(1, v[r * w + c] / m));
                int fade = Math.round((1 - Math.abs(t)) * 255);
                g.setColor(t >= 0 ? new Color(255, fade, fade) : new Color(fade, fade, 255));
                g.fill(new Rectangle2D.Double(x + c * cell, y + r * cell, cell + 0.6, cell + 0.6));
            }
        }
    }

    public static float max(float[] v) {
        float m = Float.NEGATIVE_INFINITY;
        for (float f : v) {
            m = Math.max(m, f);
        }
        return m;
    }

    public static float absMax(float[] v) {
        float m = 0;
        for (float f : v) {
            m = Math.max(m, Math.abs(f));
        }
        return m;
    }

    public static void line(Graphics2D g, double x0, double y0, double x1, double y1, Color c, float width) {
        g.setColor(c);
        g.setStroke(new BasicStroke(width * THEME.get().stroke()));
        g.draw(new Line2D.Double(x0, y0, x1, y1));
    }

    public static void box(Graphics2D g, double x, double y, double w, double h, Color stroke, float width) {
        g.setColor(stroke);
        g.setStroke(new BasicStroke(width * THEME.get().stroke()));
        g.draw(new Rectangle2D.Double(x, y, w, h));
    }

    public static void fill(Graphics2D g, double x, double y, double w, double h, Color c) {
        g.setColor(c);
        g.fill(new Rectangle2D.Double(x, y, w, h));
    }

    /** The size every panel is designed at; {@link #fit} scales it to the space it gets. */
    public static final double DESIGN_WIDTH = 900;
    public static final double DESIGN_HEIGHT = 860;

    /** Scales {@code g} so a panel designed at {@link #DESIGN_WIDTH}×{@link #DESIGN_HEIGHT} fits w×h (uniformly). */
    public static void fit(Graphics2D g, double w, double h) {
        double s = Math.min(w / DESIGN_WIDTH, h / DESIGN_HEIGHT);
        g.scale(s, s);
    }

    /** A solid line {@code width} wide in the current theme's weight. */
    public static BasicStroke stroke(float width) {
        return new BasicStroke(width * THEME.get().stroke());
    }

    /** The dashed line of the lesson charts (6 on, 5 off). */
    public static BasicStroke dashed(float width) {
        return new BasicStroke(width * THEME.get().stroke(), BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
                new float[] {6, 5}, 0);
    }

    public static Color alpha(Color c, int a) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), a);
    }
}
