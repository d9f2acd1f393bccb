/**
 * The command line (picocli): list, summary, train, evaluate, classify, degradation, render, lesson, weights and
 * the benchmarks; bad input is one line on stderr and exit status 2.
 */
package org.cnnexplorer.cli;
