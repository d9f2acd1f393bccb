package org.cnnexplorer.lessons;

import java.awt.Graphics2D;

/**
 * A lesson's live picture, drawn with Java2D: onto the window's canvas (through FXGraphics2D), into a PNG and into
 * the handout, from one painter. Painting must be cheap (the window repaints at every slider move): heavy work
 * (a forward pass) happens when the page is built.
 */
@FunctionalInterface
public interface Panel {
    void paint(Graphics2D g, double width, double height, Settings settings);
}
