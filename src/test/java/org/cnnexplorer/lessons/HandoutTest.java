package org.cnnexplorer.lessons;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.cnnexplorer.cli.Cli;
import org.cnnexplorer.cli.UserError;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.i18n.TestLocale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The handout is text, not pictures of text: every sentence, formula, table cell and exercise of each lesson can be
 * found in its pages' text layer, every font is embedded, and each lesson has its bookmark; in English and in Korean.
 * The slides are 16:9 with each lesson's formulas as text.
 */
class HandoutTest {
    @RegisterExtension
    static final TestLocale LOCALE = TestLocale.kept();

    @ParameterizedTest
    @ValueSource(strings = {"en", "ko"})
    void everyPageIsSearchableTextInEmbeddedFontsWithABookmarkPerLesson(String language, @TempDir Path dir)
            throws Exception {
        Messages.setLocale(Locale.forLanguageTag(language));
        List<Handout.Printed> printed = new ArrayList<>();
        Path pdf = dir.resolve("handout.pdf");
        Path students = dir.resolve("students.pdf");
        try (LessonContext ctx = LessonContext.standalone()) {
            for (Lesson l : Lessons.ALL) {
                Page p = l.page(ctx);
                printed.add(new Handout.Printed(p, p.defaults(), Lessons.caption(l)));
                assertThat(PageRenderer.printFits(p, p.defaults(), questions(l.id())))
                        .as(l.id() + " fits at the print sizes").isTrue();
            }
            Handout.write(printed, Messages.get("lesson.handout"), true, pdf);
            Handout.write(printed, Messages.get("lesson.handout"), false, students);
        }
        assertThat(Files.size(pdf)).isLessThan(5L << 20);
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            List<PDOutlineItem> bookmarks = new ArrayList<>();
            doc.getDocumentCatalog().getDocumentOutline().children().forEach(bookmarks::add);
            List<String> titles = new ArrayList<>(printed.stream().map(p -> p.page().title()).toList());
            titles.add(Messages.get("lesson.handout.answers"));
            assertThat(bookmarks).extracting(PDOutlineItem::getTitle).containsExactlyElementsOf(titles);
            int answersAt = doc.getPages().indexOf(((PDPageDestination) bookmarks.get(bookmarks.size() - 1)
                    .getDestination()).getPage()) + 1;
            String appendix = squeeze(text(doc, answersAt, doc.getNumberOfPages()));
            assertThat(bookmarks.remove(bookmarks.size() - 1).getTitle())
                    .isEqualTo(Messages.get("lesson.handout.answers"));
            List<Integer> first = new ArrayList<>();
            for (PDOutlineItem b : bookmarks) {
                first.add(doc.getPages().indexOf(((PDPageDestination) b.getDestination()).getPage()) + 1);
            }
            first.add(answersAt);
            assertThat(first.get(0)).as("the contents come first").isEqualTo(2);
            String contents = squeeze(text(doc, 1, 1));
            StringBuilder all = new StringBuilder(contents);
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < printed.size(); i++) {
                Page page = printed.get(i).page();
                assertThat(first.get(i + 1)).as(page.id() + " has one or two sheets")
                        .isBetween(first.get(i) + 1, first.get(i) + 2);
                String layer = squeeze(text(doc, first.get(i), first.get(i + 1) - 1));
                all.append(layer);
                assertThat(contents).contains(squeeze(page.title()));
                assertThat(layer).contains(squeeze(page.title()));
                for (String s : page.text()) {
                    assertThat(layer).as(page.id()).contains(squeeze(s));
                }
                for (String s : page.formulas()) {
                    assertThat(layer).as(page.id()).contains(squeeze(s));
                }
                for (List<String> row : page.table()) {
                    for (String cell : row) {
                        assertThat(layer).as(page.id()).contains(squeeze(cell));
                    }
                }
                for (Exercises.Exercise e : Exercises.of(page.id())) {
                    assertThat(layer).as(page.id()).contains(squeeze(e.question()));
                    assertThat(appendix).as(page.id()).contains(squeeze(e.answer()));
                    answers.add(squeeze(e.answer()));
                }
            }
            assertThat(answers).as("every lesson has exercises").hasSizeGreaterThanOrEqualTo(2 * printed.size());
            // the counts a teacher looks up (conv1's 55, AlexNet's and GoogLeNet's sums, the naive module's 416)
            for (String n : List.of("55", "34,944", "50,176", "7,168", "69,632", "1,179,648", "416")) {
                assertThat(all.toString()).contains(n);
            }
            if (language.equals("ko")) {
                assertThat(all.toString()).as("a Korean text layer").containsPattern("\\p{IsHangul}{2}");
            }
            for (int i = 0; i < doc.getNumberOfPages(); i++) {
                assertEmbedded(doc.getPage(i).getResources(), Set.of());
            }
            try (PDDocument copy = Loader.loadPDF(students.toFile())) {
                assertThat(copy.getNumberOfPages()).isEqualTo(answersAt - 1);
                String layer = squeeze(text(copy, 1, copy.getNumberOfPages()));
                assertThat(answers).noneMatch(layer::contains);
            }
        }
    }

    @Test
    void slidesAreSixteenByNineWithEachLessonsFormulasAsText(@TempDir Path dir) throws Exception {
        Messages.setLocale(Locale.ENGLISH);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path pdf = dir.resolve("slides.pdf");
        assertThat(Cli.run(new PrintWriter(out), new PrintWriter(err), "lesson", "--all", "--slides", "--out",
                pdf.toString())).as(err.toString()).isZero();
        try (PDDocument doc = Loader.loadPDF(pdf.toFile()); LessonContext ctx = LessonContext.standalone()) {
            assertThat(doc.getNumberOfPages()).isEqualTo(Lessons.ALL.size());
            for (int i = 0; i < Lessons.ALL.size(); i++) {
                PDRectangle box = doc.getPage(i).getMediaBox();
                assertThat(box.getWidth() / box.getHeight()).isCloseTo(16 / 9f, within(1e-3f));
                Page page = Lessons.ALL.get(i).page(ctx);
                String layer = squeeze(text(doc, i + 1, i + 1));
                assertThat(layer).contains(squeeze(page.title()));
                for (String f : page.formulas()) {
                    assertThat(layer).as(page.id()).contains(squeeze(f));
                }
            }
        }
        Path folder = dir.resolve("pngs");
        assertThat(Cli.run(new PrintWriter(out), new PrintWriter(err), "lesson", "vgg-stacking", "--slides", "--out",
                folder.toString())).as(err.toString()).isZero();
        BufferedImage png = ImageIO.read(folder.resolve("01-vgg-stacking.png").toFile());
        assertThat(png.getWidth()).isEqualTo(Slides.WIDTH);
        assertThat(png.getHeight()).isEqualTo(Slides.HEIGHT);
        assertThat(Cli.run(new PrintWriter(out), new PrintWriter(err), "lesson", "vgg-stacking", "--slides", "--out",
                dir.resolve("s.png").toString())).isEqualTo(UserError.STATUS);
        assertThat(Cli.run(new PrintWriter(out), new PrintWriter(err), "lesson", "vgg-stacking", "--no-answers",
                "--out", dir.resolve("p.png").toString())).isEqualTo(UserError.STATUS);
        assertThat(dir.resolve("s.png")).doesNotExist();
        assertThat(dir.resolve("p.png")).doesNotExist();
    }

    @Test
    void highContrastDrawsThePicturesInTheThemesColoursAndLeavesTheNextDrawingStandard(@TempDir Path dir)
            throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path contrast = dir.resolve("contrast.png");
        Path standard = dir.resolve("standard.png");
        assertThat(Cli.run(new PrintWriter(out), new PrintWriter(err), "lesson", "resnet-bottleneck",
                "--high-contrast", "--out", contrast.toString())).as(err.toString()).isZero();
        assertThat(Cli.run(new PrintWriter(out), new PrintWriter(err), "lesson", "resnet-bottleneck", "--out",
                standard.toString())).as(err.toString()).isZero();
        BufferedImage c = ImageIO.read(contrast.toFile());
        BufferedImage s = ImageIO.read(standard.toFile());
        assertThat(pixels(c, Theme.HIGH_CONTRAST.accent())).isGreaterThan(1000);
        assertThat(pixels(c, Theme.STANDARD.accent())).isZero();
        assertThat(pixels(s, Theme.STANDARD.accent())).isGreaterThan(1000);
        assertThat(pixels(s, Theme.HIGH_CONTRAST.accent())).isZero();
        // the handout is printed in it without being asked
        Path handout = dir.resolve("students.pdf");
        assertThat(Cli.run(new PrintWriter(out), new PrintWriter(err), "lesson", "--all", "--no-answers", "--out",
                handout.toString())).as(err.toString()).isZero();
        int printedContrast = 0;
        int printedStandard = 0;
        try (PDDocument doc = Loader.loadPDF(handout.toFile())) {
            PDFRenderer r = new PDFRenderer(doc);
            for (int i = 0; i < doc.getNumberOfPages(); i++) {
                BufferedImage page = r.renderImageWithDPI(i, 40);
                printedContrast += pixels(page, Theme.HIGH_CONTRAST.accent());
                printedStandard += pixels(page, Theme.STANDARD.accent());
            }
        }
        assertThat(printedContrast).isGreaterThan(1000);
        assertThat(printedStandard).isZero();
    }

    private static int pixels(BufferedImage img, Color c) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) == (c.getRGB() & 0xffffff)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static List<String> questions(String lessonId) {
        return Exercises.of(lessonId).stream().map(Exercises.Exercise::question).toList();
    }

    private static String text(PDDocument doc, int from, int to) throws IOException {
        PDFTextStripper s = new PDFTextStripper();
        s.setStartPage(from);
        s.setEndPage(to);
        return s.getText(doc);
    }

    /** Without white space: the page wraps lines where the window does not, and a long formula breaks mid-word. */
    private static String squeeze(String s) {
        return PrintFont.printable(s).replaceAll("\\s+", "");
    }

    private static void assertEmbedded(PDResources resources, Set<COSName> seen) throws IOException {
        if (resources == null) {
            return;
        }
        for (COSName name : resources.getFontNames()) {
            PDFont font = resources.getFont(name);
            assertThat(font.isEmbedded()).as(font.getName() + " is embedded").isTrue();
        }
        for (COSName name : resources.getXObjectNames()) {
            PDXObject x = resources.getXObject(name);
            if (x instanceof PDFormXObject form && !seen.contains(name)) {
                assertEmbedded(form.getResources(), union(seen, name));
            }
        }
    }

    private static Set<COSName> union(Set<COSName> seen, COSName name) {
        Set<COSName> s = new HashSet<>(seen);
        s.add(name);
        return s;
    }
}
