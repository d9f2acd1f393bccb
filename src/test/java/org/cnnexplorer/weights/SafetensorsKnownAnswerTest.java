package org.cnnexplorer.weights;

import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.data.Preprocessing;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.natives.NativeSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The safetensors importer against PyTorch. Each fixture holds a torchvision network's real state_dict keys and
 * shapes and the logits PyTorch computed (src/scripts/torchvision-safetensors-fixtures.py, Debian's torch) with
 * weights that are a function of their key; the test makes the same weights, writes them as a safetensors file in
 * torchvision's key layout (or timm's, for VGG), imports it and must get PyTorch's logits within the ONNX test's
 * limit. ResNet-18, ResNet-50 (bottleneck, stride in the 3×3 as v1.5), GoogLeNet and AlexNet run at 224×224; VGG at
 * 64×64 (the fixture's classifier.0 is as wide as that input needs), with and without batch norm.
 */
class SafetensorsKnownAnswerTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void natives() {
        NativeSetup.configure();
    }

    @ParameterizedTest(name = "{0}, {1} layout")
    @CsvSource({"resnet18, torchvision", "resnet50, without num_batches_tracked", "vgg11, torchvision",
            "vgg11, timm", "vgg11_bn, torchvision", "vgg11_bn, timm", "alexnet, torchvision",
            "googlenet, torchvision"})
    void importedNetworkComputesWhatPyTorchComputes(String name, String layout) throws Exception {
        SafetensorsFixture f = SafetensorsFixture.load(name);
        List<SafetensorsFixture.Entry> entries = switch (layout) {
            case "timm" -> f.timmLayout();
            case "torchvision" -> f.entries();
            default -> f.entries().stream().filter(e -> !e.key().endsWith("num_batches_tracked")).toList();
        };
        Path file = dir.resolve(name + ".safetensors");
        f.write(file, entries);
        try (Model imported = SafetensorsImporter.importFile(SafetensorsFile.read(file), Catalog.get(f.id()),
                f.input(), Preprocessing.TORCHVISION, p -> { }, () -> false)) {
            float[] actual = OnnxKnownAnswerTest.logits(imported, f.x());
            double diff = OnnxKnownAnswerTest.maxRelativeDifference(actual, f.logits());
            System.out.printf("%s (%s layout) as %s at %s: max relative difference to PyTorch %.2e%n", name, layout,
                    f.id(), f.input(), diff);
            assertThat(diff).as(name).isLessThanOrEqualTo(OnnxKnownAnswerTest.TOLERANCE);
            assertThat(imported.info().classes()).isEqualTo(f.logits().length);
            assertThat(imported.info().provenance()).containsEntry("source", name + ".safetensors")
                    .containsEntry("producer", "safetensors (format pt)");
        }
    }
}
