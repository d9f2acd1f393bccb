/**
 * Layers computed here where DL4J's own are slow on a CPU, each checked against DL4J's layer by its test: in Java
 * (batch norm's forward pass, LRN) or through oneDNN itself, by JavaCPP's dnnl preset (convolutions, max pooling,
 * batch norm's backward pass, ReLU).
 */
package org.cnnexplorer.engine.layers;
