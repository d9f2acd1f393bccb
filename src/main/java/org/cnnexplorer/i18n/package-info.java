/**
 * The message bundle, English and Korean, through which every user-visible string goes.
 */
package org.cnnexplorer.i18n;
