/**
 * The layer graph as a diagram: ELK layout, folding of modules and stages, the palette, and one Java2D painter for
 * the screen, PNG and SVG. No DL4J, no JavaFX.
 */
package org.cnnexplorer.diagram;
