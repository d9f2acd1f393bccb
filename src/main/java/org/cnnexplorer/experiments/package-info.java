/**
 * The runs that are not plain training: the degradation series of He et al. (plain against residual nets of rising
 * depth) with their curves and files, and the activation race of the ReLU lesson.
 */
package org.cnnexplorer.experiments;
