package org.cnnexplorer.ui.classify;

import org.cnnexplorer.i18n.TestLocale;
import org.cnnexplorer.onnx.OnnxException;
import org.cnnexplorer.weights.DownloadException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureMessageTest {
    @RegisterExtension
    static final TestLocale LOCALE = TestLocale.english();

    @Test
    void oursIsFoundInsideWhatWrapsItAndShownAsItIs() {
        OnnxException onnx = new OnnxException("vgg11.onnx: not an ONNX file");
        Throwable wrapped = new ExecutionException(new RuntimeException("wrapper", onnx));
        assertThat(FailureMessage.of(wrapped)).isEqualTo("vgg11.onnx: not an ONNX file");
        assertThat(FailureMessage.of(onnx)).isEqualTo("vgg11.onnx: not an ONNX file");
    }

    @Test
    void oursIsNotLookedThrough() {
        DownloadException outer = new DownloadException("host answered HTTP 404", new IOException("socket"));
        assertThat(FailureMessage.of(outer)).isEqualTo("host answered HTTP 404");
    }

    @Test
    void anythingElseSaysItCouldNotClassifyWithTheInnermostMessage() {
        Throwable t = new RuntimeException("outer", new UncheckedIOException(new IOException("disk full")));
        assertThat(FailureMessage.of(t)).isEqualTo("Could not classify: disk full");
        assertThat(FailureMessage.of(new IllegalStateException())).isEqualTo("Could not classify: null");
    }

    @Test
    void theDialogGetsTheFirstLineOrTheExceptionsName() {
        assertThat(FailureMessage.firstLine(new DownloadException("first line\nsecond line")))
                .isEqualTo("first line");
        assertThat(FailureMessage.firstLine(new RuntimeException(new OnnxException("\nonly below"))))
                .isEqualTo("OnnxException");
    }
}
