/**
 * Everything about weight files: the application's own format, the shipped mini models, imported ImageNet weights
 * (ONNX put onto catalog networks), the known downloads and the downloader.
 */
package org.cnnexplorer.weights;
