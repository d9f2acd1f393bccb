/**
 * The Train tab: a live training run with its loss, accuracy, throughput and gradient charts.
 */
package org.cnnexplorer.ui.train;
