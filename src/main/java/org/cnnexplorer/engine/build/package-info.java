/**
 * A catalog network as a DL4J {@code ComputationGraph}: one vertex per catalog layer, named by its id, plus the
 * helper vertices DL4J needs (towers, channel slices, zero padding), and the records that map them back.
 */
package org.cnnexplorer.engine.build;
