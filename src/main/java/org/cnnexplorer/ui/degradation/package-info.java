/**
 * The Degradation tab: the shipped plain and residual curves beside a live series, and the table of final errors
 * beside the paper's.
 */
package org.cnnexplorer.ui.degradation;
