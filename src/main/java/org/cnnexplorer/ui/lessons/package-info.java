/**
 * The Lessons tab: a lesson's page with its sliders and live experiment, driven by {@code LessonsViewModel}.
 */
package org.cnnexplorer.ui.lessons;
