/**
 * Where the application is put together: the launcher (window or command line), the JVM the window runs in, the
 * one {@code Application} and the window assembled from the tabs.
 */
package org.cnnexplorer.app;
