/**
 * The explorer: the catalog, the layer graph, the inspector, Summary, Compare and export, with the window's state
 * ({@code MainViewModel}).
 */
package org.cnnexplorer.ui.explore;
