package org.cnnexplorer.weights;

import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.data.InputSpec;
import org.cnnexplorer.data.Preprocessing;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.natives.NativeSetup;
import org.cnnexplorer.onnx.OnnxFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Files written by torch.onnx.export itself (folded batch norm, Constant and Reshape nodes, GoogLeNet's
 * transform_input), imported and compared with ONNX Runtime on the same picture. The files are too large to commit:
 * {@code /usr/bin/python3 src/scripts/torchvision-onnx.py DIR} makes them (Debian's python3-torchvision), and
 * {@code -Dcnnexplorer.torchvisionExports=DIR} points this test at them; without it the test is skipped.
 */
class TorchvisionExportsTest {
    static final String PROPERTY = "cnnexplorer.torchvisionExports";

    @BeforeAll
    static void natives() {
        NativeSetup.configure();
    }

    static Stream<Path> exports() throws IOException {
        String dir = System.getProperty(PROPERTY);
        if (dir == null) {
            return Stream.of((Path) null);
        }
        try (Stream<Path> files = Files.list(Path.of(dir))) {
            List<Path> all = files.filter(p -> p.toString().endsWith(".onnx")).sorted().toList();
            return all.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exports")
    void torchExportsImportAndComputeWhatOnnxRuntimeComputes(Path file) throws Exception {
        assumeTrue(file != null, "no torchvision exports: set -D" + PROPERTY + "=DIR");
        String id = file.getFileName().toString().replace(".onnx", "");
        OnnxFile onnx = OnnxFile.read(file);
        Preprocessing p = OnnxImporter.usualPreprocessing(onnx, id);
        Shape input = Shape.chw(3, 224, 224);
        // one random picture, given to each side as its preprocessing wants it
        float[] pixels = new float[(int) input.size()];
        Random r = new Random(5);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = r.nextInt(256);
        }
        float[] torchvision = normalised(pixels, Preprocessing.TORCHVISION.spec(input));
        float[] expected = OnnxKnownAnswerTest.onnxRuntime(file, input, torchvision, "logits");
        long start = System.nanoTime();
        try (Model m = OnnxImporter.importFile(onnx, id, p, f -> { }, () -> false)) {
            double seconds = (System.nanoTime() - start) / 1e9;
            float[] actual = OnnxKnownAnswerTest.logits(m, normalised(pixels, p.spec(input)));
            double diff = OnnxKnownAnswerTest.maxRelativeDifference(actual, expected);
            System.out.printf("torchvision %s (%s): imported in %.1f s, max relative difference %.2e%n", id, p.id(),
                    seconds, diff);
            assertThat(diff).isLessThanOrEqualTo(OnnxKnownAnswerTest.TOLERANCE);
        }
    }

    private static float[] normalised(float[] pixels, InputSpec spec) {
        float[] out = new float[pixels.length];
        int plane = out.length / 3;
        for (int i = 0; i < out.length; i++) {
            out[i] = spec.normalize(i / plane, (int) pixels[i]);
        }
        return out;
    }
}
