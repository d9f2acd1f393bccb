/**
 * The DL4J engine behind one facade ({@code Model}): inference with every layer's activations, first-layer filters,
 * Grad-CAM, gradients, layer profiles and benchmarks. What leaves this package is plain Java arrays and records.
 */
package org.cnnexplorer.engine;
