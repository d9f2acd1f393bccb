/**
 * The framework-free core: shapes, layer specifications, networks declared layer by layer ({@code NetworkBuilder}),
 * and the exact counting of parameters, multiply-accumulates and receptive fields. Plain Java only.
 */
package org.cnnexplorer.arch;
