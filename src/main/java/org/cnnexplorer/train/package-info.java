/**
 * Training runs: one mini-batch at a time under a {@code RunControl} (pause, resume, cancel), checkpoints written
 * after every epoch, evaluation, learning-rate schedules, and the events a run reports.
 */
package org.cnnexplorer.train;
