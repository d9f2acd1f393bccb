/**
 * A network's summary as a text table, JSON, Markdown or CSV, for the command line and the export menu.
 */
package org.cnnexplorer.report;
