package org.cnnexplorer.weights;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.data.Preprocessing;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.natives.NativeSetup;
import org.cnnexplorer.onnx.OnnxFile;
import org.cnnexplorer.onnx.OnnxWriter;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The importer against ONNX Runtime: a catalog network with random weights (and random batch-norm statistics, so a
 * wrong BN mapping shows) is written as an ONNX file, ONNX Runtime runs the file, the importer puts the file onto a
 * fresh DL4J graph of the same catalog id, and both must give the same logits for the same input. Every catalog id
 * whose ImageNet weights a user can import is covered, the heavy ones at a smaller input (every layer is still
 * there, the fully connected ones narrower); batch-norm networks run twice, as written and folded as torchvision's
 * exports are.
 */
class OnnxKnownAnswerTest {
    /** max |DL4J − ORT| over the logits, relative to the largest |ORT| logit. */
    static final double TOLERANCE = 1e-3;

    @TempDir
    Path dir;

    @BeforeAll
    static void natives() {
        NativeSetup.configure();
    }

    static Stream<Arguments> networks() {
        Shape small = Shape.chw(3, 64, 64);
        Shape full = Shape.chw(3, 224, 224);
        return Stream.of(
                Arguments.of("alexnet", Shape.chw(3, 127, 127), false),
                Arguments.of("alexnet-tv", full, false),
                Arguments.of("googlenet", full, false),
                Arguments.of("googlenet-tv", full, false),
                Arguments.of("googlenet-tv", full, true),
                Arguments.of("vgg11", small, false),
                Arguments.of("vgg13", small, false),
                Arguments.of("vgg16", small, false),
                Arguments.of("vgg19", small, false),
                Arguments.of("vgg11-bn", small, true),
                Arguments.of("vgg13-bn", small, false),
                Arguments.of("vgg16-bn", small, true),
                Arguments.of("vgg19-bn", small, false),
                Arguments.of("resnet18", full, false),
                Arguments.of("resnet18", full, true),
                Arguments.of("resnet34", small, true),
                Arguments.of("resnet50", full, true),
                Arguments.of("resnet101", small, true),
                Arguments.of("resnet152", small, false),
                Arguments.of("resnet50-v1", small, false),
                Arguments.of("resnet101-v1", small, false),
                Arguments.of("resnet152-v1", small, true));
    }

    @ParameterizedTest(name = "{0} at {1}, batch norm folded: {2}")
    @MethodSource("networks")
    void importedNetworkComputesWhatOnnxRuntimeComputes(String id, Shape input, boolean fold) throws Exception {
        Path file = dir.resolve(id + ".onnx");
        try (Model source = Model.untrained(id, input, 1000, 7)) {
            randomStatistics(source.graph(), new Random(11));
            OnnxWriter.write(source, fold, file);
        }
        float[] x = new float[(int) input.size()];
        Random r = new Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] expected = onnxRuntime(file, input, x, OnnxWriter.logits(Catalog.get(id).build(input, 1000)));
        try (Model imported = OnnxImporter.importFile(OnnxFile.read(file), id, Preprocessing.TORCHVISION, p -> { },
                () -> false)) {
            float[] actual = logits(imported, x);
            double diff = maxRelativeDifference(actual, expected);
            System.out.printf("%s at %s (folded %s): max relative difference %.2e%n", id, input, fold, diff);
            assertThat(diff).as(id).isLessThanOrEqualTo(TOLERANCE);
            assertThat(imported.info().trained()).isTrue();
        }
    }

    static double maxRelativeDifference(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
        }
        assertThat(scale).as("logits are not all zero").isGreaterThan(0);
        return diff / scale;
    }

    /** The imported model's logits: the fc before the softmax, from the per-layer activations. */
    static float[] logits(Model model, float[] x) {
        String fc = model.network().output().inputs().get(0);
        return model.activations(x, () -> false).get(fc).values();
    }

    static float[] onnxRuntime(Path file, Shape input, float[] x, String output) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(2);
            try (OrtSession s = env.createSession(file.toString(), o);
                 OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x),
                         new long[] {1, input.channels(), input.height(), input.width()});
                 OrtSession.Result res = s.run(Map.of("input", t), Set.of(output))) {
                float[][] out = (float[][]) res.get(0).getValue();
                return out[0];
            }
        }
    }

    /** Batch norm with γ, β, mean and variance far from 1, 0, 0, 1, so each one matters. */
    static void randomStatistics(ComputationGraph g, Random r) {
        for (Layer l : g.getLayers()) {
            if (l instanceof BatchNormalization) {
                fill(l.getParam("gamma"), r, 0.5, 1.5);
                fill(l.getParam("beta"), r, -0.2, 0.2);
                fill(l.getParam("mean"), r, -0.2, 0.2);
                fill(l.getParam("var"), r, 0.5, 1.5);
            }
        }
    }

    private static void fill(INDArray a, Random r, double lo, double hi) {
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, lo + (hi - lo) * r.nextDouble());
        }
    }
}
