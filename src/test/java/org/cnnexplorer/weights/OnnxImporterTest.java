package org.cnnexplorer.weights;

import onnx.Onnx;
import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.data.ImageNetClasses;
import org.cnnexplorer.data.Preprocessing;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.build.GraphFactory;
import org.cnnexplorer.engine.natives.NativeSetup;
import org.cnnexplorer.onnx.OnnxException;
import org.cnnexplorer.onnx.OnnxFile;
import org.cnnexplorer.onnx.OnnxWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the importer refuses, and what it keeps beside the weights. */
class OnnxImporterTest {
    static final Shape SMALL = Shape.chw(3, 64, 64);

    @TempDir
    Path dir;

    @BeforeAll
    static void natives() {
        NativeSetup.configure();
    }

    private Path write(String id, Shape input, boolean fold) throws IOException {
        Path file = dir.resolve(id + (fold ? "-folded" : "") + ".onnx");
        try (Model m = Model.untrained(id, input, 1000, 5)) {
            OnnxWriter.write(m, fold, file);
        }
        return file;
    }

    private static Model importAs(Path file, String id) throws IOException {
        return OnnxImporter.importFile(OnnxFile.read(file), id, Preprocessing.TORCHVISION, p -> { }, () -> false);
    }

    @Test
    void anotherNetworksFileIsRefusedNamingTheFirstLayerThatDoesNotFit() throws Exception {
        Path file = write("resnet18", SMALL, true);
        // resnet34 has the same first 4 blocks' shapes, then a third block in layer1 where resnet18 goes on to layer2
        assertThatThrownBy(() -> importAs(file, "resnet34")).isInstanceOf(OnnxException.class)
                .hasMessageStartingWith("resnet18-folded.onnx: does not fit resnet34 at layer layer1.2.conv1")
                .hasMessageContaining("weights 64×64×3×3").hasMessageContaining("128×64×3×3")
                .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1));
        assertThatThrownBy(() -> importAs(file, "vgg11")).isInstanceOf(OnnxException.class)
                .hasMessageContaining("at layer block1.conv1").hasMessageContaining("64×3×3×3");
        assertThatThrownBy(() -> importAs(file, "no-such-net")).hasMessageContaining("unknown network");
    }

    @Test
    void aTruncatedOrDamagedFileIsRefusedInOneLine() throws Exception {
        Path file = write("resnet18", SMALL, false);
        byte[] bytes = Files.readAllBytes(file);
        Path half = dir.resolve("half.onnx");
        Files.write(half, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> OnnxFile.read(half)).isInstanceOf(OnnxException.class)
                .hasMessageStartingWith("half.onnx: ").satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1));
        Path noise = dir.resolve("noise.onnx");
        byte[] random = new byte[4096];
        new Random(1).nextBytes(random);
        Files.write(noise, random);
        assertThatThrownBy(() -> OnnxFile.read(noise)).isInstanceOf(OnnxException.class)
                .hasMessageStartingWith("noise.onnx: ");
        assertThatThrownBy(() -> OnnxFile.read(dir.resolve("absent.onnx"))).hasMessage("absent.onnx: no such file");
    }

    @Test
    void aFileWithoutItsLastLayersWeightsIsRefused() throws Exception {
        Path file = write("resnet18", SMALL, false);
        Onnx.ModelProto m = Onnx.ModelProto.parseFrom(Files.readAllBytes(file));
        Onnx.GraphProto.Builder g = m.getGraph().toBuilder();
        int fc = -1;
        for (int i = 0; i < g.getNodeCount(); i++) {
            if (g.getNode(i).getOpType().equals("Gemm")) {
                fc = i;
            }
        }
        g.removeNode(fc);
        Path cut = dir.resolve("cut.onnx");
        Files.write(cut, m.toBuilder().setGraph(g).build().toByteArray());
        assertThatThrownBy(() -> importAs(cut, "resnet18")).isInstanceOf(OnnxException.class)
                .hasMessageContaining("at layer fc").hasMessageContaining("nothing (the file ends)");
    }

    @Test
    void caffesLrnConstantsAreKeptWithTheWeightsAndSurviveSavingAndLoading() throws Exception {
        // Caffe's AlexNet: k = 1 and α/n with α = 1e-4, where the paper (the catalog) has k = 2 and α = 1e-4
        LayerSpec.Lrn caffe = new LayerSpec.Lrn(1, 5, 1e-4 / 5, 0.75);
        Shape input = Shape.chw(3, 127, 127);
        Network net = Catalog.get("alexnet").build(input, 1000, Map.of("norm1", caffe, "norm2", caffe));
        Path file = dir.resolve("bvlcalexnet.onnx");
        try (Model m = Model.untrained(net, GraphFactory.Settings.defaults().withSeed(9))) {
            OnnxWriter.write(m, false, file);
        }
        float[] x = new float[(int) input.size()];
        Random r = new Random(2);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * 50);
        }
        float[] expected = OnnxKnownAnswerTest.onnxRuntime(file, input, x, "fc8");
        ImportedWeights store = new ImportedWeights(dir.resolve("weights"));
        try (Model imported = importAs(file, "alexnet")) {
            assertThat(imported.network().layer("norm1").spec()).isEqualTo(caffe);
            assertThat(OnnxKnownAnswerTest.maxRelativeDifference(OnnxKnownAnswerTest.logits(imported, x), expected))
                    .isLessThanOrEqualTo(OnnxKnownAnswerTest.TOLERANCE);
            store.save(imported);
        }
        try (Model loaded = store.load("alexnet").orElseThrow()) {
            assertThat(loaded.network().layer("norm2").spec()).isEqualTo(caffe);
            assertThat(loaded.info().input()).isEqualTo(input);
            assertThat(loaded.info().labels()).isEqualTo(ImageNetClasses.names());
            assertThat(loaded.info().provenance()).containsEntry("source", "bvlcalexnet.onnx")
                    .containsEntry(Preprocessing.KEY, "torchvision")
                    .containsEntry("sha256", OnnxFile.sha256(file));
            assertThat(OnnxKnownAnswerTest.maxRelativeDifference(OnnxKnownAnswerTest.logits(loaded, x), expected))
                    .isLessThanOrEqualTo(OnnxKnownAnswerTest.TOLERANCE);
        }
        assertThat(store.list()).extracting(i -> i.catalogId()).containsExactly("alexnet");
    }

    @Test
    void weightsStoredOnceAndNamedAgainByIdentityNodesAreFound() throws Exception {
        // torch.onnx.export keeps equal tensors once (VGG's zero biases) and names the copies with Identity nodes
        Path file = write("vgg11", SMALL, false);
        Onnx.ModelProto m = Onnx.ModelProto.parseFrom(Files.readAllBytes(file));
        Onnx.GraphProto.Builder g = m.getGraph().toBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            if (g.getInitializer(i).getName().equals("block2.conv1.bias")) {
                g.setInitializer(i, g.getInitializer(i).toBuilder().setName("shared"));
            }
        }
        g.addNode(0, Onnx.NodeProto.newBuilder().setOpType("Identity").addInput("shared")
                .addOutput("block2.conv1.bias"));
        Path aliased = dir.resolve("aliased.onnx");
        Files.write(aliased, m.toBuilder().setGraph(g).build().toByteArray());
        float[] x = new float[(int) SMALL.size()];
        Arrays.fill(x, 0.5f);
        try (Model plain = importAs(file, "vgg11"); Model alias = importAs(aliased, "vgg11")) {
            assertThat(OnnxKnownAnswerTest.logits(alias, x)).containsExactly(OnnxKnownAnswerTest.logits(plain, x));
        }
    }

    /**
     * A NaN in a batch norm's mean used to import and classify every picture as NaN; in a convolution's kernel it
     * failed in the copy's own check (NaN != NaN) with a stack trace. Both are refused before anything is built.
     */
    @Test
    void aNanOrAnInfinityInAnyWeightIsRefusedNamingIt() throws Exception {
        Path file = dir.resolve("broken.onnx");
        try (Model m = Model.untrained("resnet18", SMALL, 1000, 5)) {
            m.graph().getLayer("layer2.0.bn1").getParam("mean").putScalar(3, Double.NaN);
            OnnxWriter.write(m, false, file);
        }
        assertThatThrownBy(() -> importAs(file, "resnet18")).isInstanceOf(OnnxException.class)
                .hasMessage("broken.onnx: weight 'layer2.0.bn1.mean' of node 'layer2.0.bn1' holds NaN at index 3 "
                        + "(weights must be finite numbers)");
        try (Model m = Model.untrained("resnet18", SMALL, 1000, 5)) {
            m.graph().getLayer("layer3.1.conv2").getParam("W").putScalar(7, Double.POSITIVE_INFINITY);
            OnnxWriter.write(m, true, file);
        }
        assertThatThrownBy(() -> importAs(file, "resnet18")).isInstanceOf(OnnxException.class)
                .hasMessageStartingWith("broken.onnx: weight 'layer3.1.conv2.weight' of node 'layer3.1.conv2' holds ")
                .hasMessageContaining("Infinity at index ").satisfies(e -> assertThat(e.getMessage().lines())
                        .hasSize(1));
    }

    @Test
    void fileNamesOfTheModelZooAndOfTorchvisionExportsNameTheirNetwork() {
        assertThat(OnnxImporter.networkNamedBy("resnet50-v1-7.onnx")).contains("resnet50-v1");
        assertThat(OnnxImporter.networkNamedBy("resnet18-v1-7.onnx")).contains("resnet18");
        assertThat(OnnxImporter.networkNamedBy("bvlcalexnet-12.onnx")).contains("alexnet");
        assertThat(OnnxImporter.networkNamedBy("googlenet-12.onnx")).contains("googlenet");
        assertThat(OnnxImporter.networkNamedBy("vgg16-bn-7.onnx")).contains("vgg16-bn");
        assertThat(OnnxImporter.networkNamedBy("VGG19_BN.onnx")).contains("vgg19-bn");
        assertThat(OnnxImporter.networkNamedBy("my-model.onnx")).isEmpty();
    }

    @Test
    void theUsualPreprocessingFollowsTheSourceOfTheWeights() throws Exception {
        Path file = write("resnet18", SMALL, true);
        OnnxFile f = OnnxFile.read(file);
        assertThat(OnnxImporter.usualPreprocessing(f, "resnet18")).isEqualTo(Preprocessing.TORCHVISION);
        assertThat(OnnxImporter.usualPreprocessing(f, "alexnet")).isEqualTo(Preprocessing.CAFFE);
        assertThat(OnnxImporter.usualPreprocessing(f, "googlenet")).isEqualTo(Preprocessing.CAFFE);
        assertThat(f.inputDims()).containsExactly(1L, 3L, 64L, 64L);
        assertThat(f.sha256()).hasSize(64).isEqualTo(OnnxFile.sha256(file));
    }
}
