package org.cnnexplorer.onnx;

import java.io.IOException;

/** An {@code .onnx} file that cannot be imported: damaged, truncated, or not the network asked for. One line. */
public final class OnnxException extends IOException {
    public OnnxException(String message) {
        super(message);
    }

    public OnnxException(String message, Throwable cause) {
        super(message, cause);
    }
}
