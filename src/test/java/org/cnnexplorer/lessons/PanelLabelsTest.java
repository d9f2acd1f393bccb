package org.cnnexplorer.lessons;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.i18n.TestLocale;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every word a lesson's picture draws lies inside the picture: the window, the PNG and the handout clip a panel to its
 * area, so a label that runs past the edge would be cut off there. Each panel is drawn with the handout's embedded
 * font onto a PDF page with a wide margin around the panel's area, and the position of every glyph is read back from
 * the text layer, at the page's defaults and with each slider at either end.
 */
class PanelLabelsTest {
    private static final int MARGIN = 300;
    private static final double SLACK = 1.5;
    @RegisterExtension
    static final TestLocale LOCALE = TestLocale.kept();

    @ParameterizedTest
    @ValueSource(strings = {"en", "ko"})
    void noPanelDrawsAWordOutsideItsArea(String language) throws IOException {
        Messages.setLocale(Locale.forLanguageTag(language));
        List<String> outside = new ArrayList<>();
        int glyphs = 0;
        Draw.beginPrint(PrintFont.family());
        try (LessonContext ctx = LessonContext.standalone()) {
            for (Lesson l : Lessons.ALL) {
                Page page = l.page(ctx);
                Map<String, Settings> settings = new LinkedHashMap<>();
                settings.put("defaults", page.defaults());
                for (Knob k : page.knobs()) {
                    settings.put(k.id() + "=" + k.min(), page.settings(Map.of(k.id(), k.min())));
                    settings.put(k.id() + "=" + k.max(), page.settings(Map.of(k.id(), k.max())));
                }
                for (Map.Entry<String, Settings> s : settings.entrySet()) {
                    for (TextPosition t : glyphs(page, s.getValue())) {
                        glyphs++;
                        double x0 = t.getXDirAdj() - MARGIN;
                        double x1 = x0 + t.getWidthDirAdj();
                        double base = t.getYDirAdj() - MARGIN;
                        if (x0 < -SLACK || x1 > Draw.DESIGN_WIDTH + SLACK || base > Draw.DESIGN_HEIGHT + SLACK
                                || base - t.getHeightDir() < -SLACK) {
                            outside.add(l.id() + " [" + s.getKey() + "] '" + t.getUnicode() + "' at ("
                                    + Math.round(x0) + ", " + Math.round(base) + ")");
                        }
                    }
                }
            }
        } finally {
            Draw.endPrint();
        }
        assertThat(glyphs).as("the panels draw words").isGreaterThan(5_000);
        assertThat(outside).as("glyphs outside their panel").isEmpty();
    }

    private static List<TextPosition> glyphs(Page page, Settings settings) throws IOException {
        int side = (int) Draw.DESIGN_WIDTH + 2 * MARGIN;
        int tall = (int) Draw.DESIGN_HEIGHT + 2 * MARGIN;
        try (PDDocument doc = new PDDocument()) {
            Handout.page(doc, PrintFont.drawer(doc), new PDRectangle(side, tall), side, tall, g -> {
                g.translate(MARGIN, MARGIN);
                page.panel().paint(g, Draw.DESIGN_WIDTH, Draw.DESIGN_HEIGHT, settings);
            });
            List<TextPosition> found = new ArrayList<>();
            PDFTextStripper stripper = new PDFTextStripper() {
                @Override
                protected void processTextPosition(TextPosition text) {
                    found.add(text);
                }
            };
            stripper.getText(doc);
            return found;
        }
    }
}
