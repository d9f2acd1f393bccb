/**
 * The window's kit, shared by the tabs: background work ({@code Background} for short tasks, {@code LongTask} for
 * training runs), the job state machine, charts, panes, fonts, styles and projector mode. Never a type of ND4J or
 * DL4J: the engine's facade hands over plain arrays.
 */
package org.cnnexplorer.ui;
