package org.cnnexplorer.ui;

import org.cnnexplorer.graph.DiagramPainter;
import org.cnnexplorer.i18n.Messages;

import java.awt.Font;
import java.util.List;
import java.util.Optional;

/** The words drawn inside diagrams, in the user's language. */
final class UiWords {
    private UiWords() {
    }

    /** CJK fonts to try, best first, when the UI is in Korean (Debian: fonts-noto-cjk or fonts-nanum). */
    static final List<String> KOREAN_FONTS = List.of("Noto Sans CJK KR", "NanumGothic", "UnDotum");

    static DiagramPainter.Words current() {
        return new DiagramPainter.Words(Messages.get("graph.params"), Messages.get("graph.trainingOnly"),
                Messages.get("graph.projection"), Messages.get("graph.folded"), fontFamily().orElse(Font.SANS_SERIF));
    }

    /** A family that can draw the current language, when the default one cannot. */
    static Optional<String> fontFamily() {
        if (!"ko".equals(Messages.locale().getLanguage())) {
            return Optional.empty();
        }
        List<String> installed = javafx.scene.text.Font.getFamilies();
        return KOREAN_FONTS.stream().filter(installed::contains).findFirst();
    }
}
