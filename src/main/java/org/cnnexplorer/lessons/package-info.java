/**
 * The lessons: one page per idea of the lecture, drawn with Java2D for the window, PNG and PDF, with the paper's
 * claims beside our measurements and the live experiments a page can run.
 */
package org.cnnexplorer.lessons;
