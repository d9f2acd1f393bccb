/**
 * Reading {@code .onnx} files with classes generated from ONNX's schema, refused in one line when damaged.
 */
package org.cnnexplorer.onnx;
