package org.cnnexplorer.ui;

import org.cnnexplorer.graph.DiagramPainter;
import org.cnnexplorer.i18n.Messages;

/** The words drawn inside diagrams, in the user's language. */
final class UiWords {
    private UiWords() {
    }

    static DiagramPainter.Words current() {
        return new DiagramPainter.Words(Messages.get("graph.params"), Messages.get("graph.trainingOnly"),
                Messages.get("graph.projection"), Messages.get("graph.folded"));
    }
}
