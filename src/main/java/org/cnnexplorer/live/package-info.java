/**
 * The live half of the window: training a network with curves that move, and classifying dropped pictures with
 * every layer's feature maps. It drives the engine (train, dl4j, data) through plain-Java APIs only: no ND4J or
 * DL4J type appears here (LiveLayeringTest), and the diagram explorer in {@code ui} stays engine-free.
 */
package org.cnnexplorer.live;
