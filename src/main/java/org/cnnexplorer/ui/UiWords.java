package org.cnnexplorer.ui;

import org.cnnexplorer.diagram.DiagramPainter;
import org.cnnexplorer.i18n.FormulaWords;
import org.cnnexplorer.i18n.Messages;

import java.awt.Font;
import java.util.List;
import java.util.Optional;

/** The words drawn inside diagrams, in the user's language. */
public final class UiWords {
    private UiWords() {
    }

    public static DiagramPainter.Words current() {
        return new DiagramPainter.Words(Messages.get("graph.params"), Messages.get("graph.trainingOnly"),
                Messages.get("graph.projection"), fontFamily().orElse(Font.SANS_SERIF), FormulaWords::localise);
    }

    private static volatile String cachedLanguage;
    private static volatile Optional<String> cachedFamily = Optional.empty();

    /**
     * A family that can draw the current language, when the default one cannot. Cached per language: listing the
     * installed fonts costs milliseconds, and diagrams and charts ask at every paint.
     */
    public static Optional<String> fontFamily() {
        String language = Messages.locale().getLanguage();
        if (!language.equals(cachedLanguage)) {
            List<String> wanted = Messages.fontFamilies();
            List<String> installed = wanted.isEmpty() ? List.of() : javafx.scene.text.Font.getFamilies();
            cachedFamily = wanted.stream().filter(installed::contains).findFirst();
            cachedLanguage = language;
        }
        return cachedFamily;
    }
}
