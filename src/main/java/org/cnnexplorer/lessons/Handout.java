package org.cnnexplorer.lessons;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.cnnexplorer.io.AtomicFiles;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The lessons as a printable handout: one A4 landscape PDF page per lesson, each the same picture as
 * {@code lesson ID --out} (drawn by {@link PageRenderer}, so Korean prints with the screen's font), written with
 * Apache PDFBox.
 */
public final class Handout {
    private Handout() {
    }

    public static void write(List<BufferedImage> pages, String title, Path out) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(title);
            info.setCreator("CNN Explorer");
            PDRectangle a4 = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
            for (BufferedImage img : pages) {
                PDPage page = new PDPage(a4);
                doc.addPage(page);
                PDImageXObject x = LosslessFactory.createFromImage(doc, img);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.drawImage(x, 0, 0, a4.getWidth(), a4.getHeight());
                }
            }
            AtomicFiles.write(out, doc::save);
        }
    }
}
