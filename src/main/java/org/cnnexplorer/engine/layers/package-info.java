/**
 * Layers computed in Java where DL4J's own are slow on a CPU (batch norm, LRN, max pooling, activations), each
 * checked against DL4J's layer by its test.
 */
package org.cnnexplorer.engine.layers;
