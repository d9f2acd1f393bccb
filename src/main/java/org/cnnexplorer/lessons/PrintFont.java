package org.cnnexplorer.lessons;

import de.rototor.pdfbox.graphics2d.IPdfBoxGraphics2DFontTextDrawer;
import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2DFontTextDrawer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.GraphicsEnvironment;
import java.awt.font.TextAttribute;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.AttributedCharacterIterator;
import java.text.CharacterIterator;
import java.util.List;

/**
 * The handout's typeface: Nanum Gothic, shipped with the application (SIL Open Font License, see
 * {@code fonts/LICENSE-NanumGothic.txt}). It is TrueType with Hangul and Latin, so PDFBox can embed a subset of it and
 * both the English and the Korean handout keep a text layer; the CJK fonts a desktop usually has are OpenType/CFF
 * collections, which PDFBox can neither subset nor embed whole.
 */
final class PrintFont {
    private static final List<String> FILES = List.of("fonts/NanumGothic.ttf", "fonts/NanumGothicBold.ttf");
    /** Signs the pages use that Nanum Gothic lacks, each with the nearest sign it has. */
    private static final String LACKED = "\u2212\u21cb\u25be\u25b8";
    private static final String STAND_INS = "\u2013\u2194\u25bc\u25b6";
    private static volatile List<Font> faces;

    private PrintFont() {
    }

    /** The family the sheets are laid out and drawn with; the faces are registered with Java2D on first use. */
    static String family() {
        return faces().get(0).getFamily();
    }

    /**
     * Maps the family's faces onto subsets embedded in {@code doc}. A string the font has no glyph for (a sign outside
     * its repertoire) is drawn as outlines rather than dropped.
     */
    static IPdfBoxGraphics2DFontTextDrawer drawer(PDDocument doc) throws IOException {
        PdfBoxGraphics2DFontTextDrawer drawer = new GlyphCheckingDrawer();
        List<Font> fs = faces();
        for (int i = 0; i < FILES.size(); i++) {
            try (InputStream in = open(FILES.get(i))) {
                drawer.registerFont(fs.get(i).getFontName(), PDType0Font.load(doc, in, true));
            }
        }
        return drawer;
    }

    /** {@code s} with a stand-in for each sign the print font lacks (the minus sign prints as an en dash). */
    static String printable(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            int k = LACKED.indexOf(s.charAt(i));
            if (k >= 0) {
                if (b == null) {
                    b = new StringBuilder(s);
                }
                b.setCharAt(i, STAND_INS.charAt(k));
            }
        }
        return b == null ? s : b.toString();
    }

    private static List<Font> faces() {
        List<Font> f = faces;
        if (f == null) {
            synchronized (PrintFont.class) {
                f = faces;
                if (f == null) {
                    f = FILES.stream().map(PrintFont::load).toList();
                    GraphicsEnvironment ge = GraphicsEnvironment.getLocalGraphicsEnvironment();
                    f.forEach(ge::registerFont);
                    faces = f;
                }
            }
        }
        return f;
    }

    private static Font load(String file) {
        try (InputStream in = open(file)) {
            return Font.createFont(Font.TRUETYPE_FONT, in);
        } catch (IOException | FontFormatException e) {
            throw new UncheckedIOException(new IOException("the handout's font " + file + " cannot be read", e));
        }
    }

    private static InputStream open(String file) throws IOException {
        InputStream in = PrintFont.class.getResourceAsStream(file);
        if (in == null) {
            throw new IOException("the handout's font " + file + " is missing from the application");
        }
        return in;
    }

    /** PDFBox-graphics2d drops text its font cannot encode; asking Java2D first sends such text to outlines. */
    private static final class GlyphCheckingDrawer extends PdfBoxGraphics2DFontTextDrawer {
        @Override
        public boolean canDrawText(AttributedCharacterIterator iterator, IFontTextDrawerEnv env)
                throws IOException, FontFormatException {
            for (char c = iterator.first(); c != CharacterIterator.DONE; c = iterator.next()) {
                Font f = (Font) iterator.getAttribute(TextAttribute.FONT);
                if (!(f != null ? f : env.getFont()).canDisplay(c) && !Character.isWhitespace(c)) {
                    return false;
                }
            }
            iterator.first();
            return super.canDrawText(iterator, env);
        }
    }
}
