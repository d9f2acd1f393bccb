/**
 * The Classify tab: pictures dropped on a network, its top classes, every layer's feature maps, Grad-CAM, and
 * importing or downloading ImageNet weights.
 */
package org.cnnexplorer.ui.classify;
