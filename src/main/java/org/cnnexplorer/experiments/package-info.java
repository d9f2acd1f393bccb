/**
 * The runs that are not plain training: the degradation series of He et al. (plain against residual nets of rising
 * depth) with their curves and files, the activation race of the ReLU lesson, and the dropout lesson's training with
 * and without dropout.
 */
package org.cnnexplorer.experiments;
