package org.cnnexplorer.weights;

import org.cnnexplorer.arch.zoo.Catalog;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KnownWeightsTest {
    private final KnownWeights known = KnownWeights.standard();

    private List<KnownWeights.ZooFile> zoo() {
        return known.sources().stream().filter(s -> s instanceof KnownWeights.ZooFile)
                .map(s -> (KnownWeights.ZooFile) s).toList();
    }

    @Test
    void theZooFilesAreTheBvlcAndMxnetModelsOfTheCatalogsPaperNetworks() {
        assertThat(zoo()).extracting(KnownWeights.ZooFile::id).containsExactly("alexnet", "googlenet", "vgg16",
                "vgg16-bn", "vgg19", "vgg19-bn", "resnet18", "resnet34", "resnet50-v1", "resnet101-v1",
                "resnet152-v1");
        KnownWeights.ZooFile resnet50 = zoo().get(8);
        assertThat(resnet50.path()).isEqualTo("validated/vision/classification/resnet/model/resnet50-v1-12.onnx");
        assertThat(resnet50.size()).isEqualTo(102_576_593L);
        assertThat(resnet50.sha256()).isEqualTo("3f03fdef724b22947eed826f1eef1dc5c34151bb4c37d634f1db89dfa2dd1526");
    }

    @Test
    void everyFilesNameNamesItsOwnNetworkSoImportFileAgreesWithDownload() {
        for (KnownWeights.Source s : known.sources()) {
            String name = s instanceof KnownWeights.Downloadable d ? d.fileName()
                    : ((KnownWeights.TorchvisionExport) s).fileName();
            assertThat(OnnxImporter.networkNamedBy(name)).as(name).contains(s.id());
        }
    }

    @Test
    void noQuantisedFilesAndEachIsLookedForAtTheMirrorThenHuggingFaceThenGitHub() {
        ImportedWeights store = new ImportedWeights(Path.of("unused"));
        String before = System.setProperty(WeightsDownloader.BASE_PROPERTY, "https://mirror.example/onnx");
        try {
            WeightsDownloader d = WeightsDownloader.standard(store);
            for (KnownWeights.ZooFile z : zoo()) {
                assertThat(z.fileName()).doesNotContain("int8").doesNotContain("qdq");
                assertThat(d.urls(z)).extracting(URI::toString).containsExactly(
                        "https://mirror.example/onnx/" + z.path(),
                        "https://huggingface.co/onnxmodelzoo/legacy_models/resolve/main/" + z.path(),
                        "https://media.githubusercontent.com/media/onnx/models/main/" + z.path());
            }
            System.setProperty(WeightsDownloader.BASE_PROPERTY, "ftp://mirror.example/onnx");
            assertThatThrownBy(() -> WeightsDownloader.standard(store)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("-Dcnnexplorer.zooUrl=ftp://mirror.example/onnx is no http or https address of a "
                            + "mirror");
            System.clearProperty(WeightsDownloader.BASE_PROPERTY);
            assertThat(WeightsDownloader.standard(store).urls(zoo().get(0))).extracting(URI::getHost)
                    .containsExactly("huggingface.co", "media.githubusercontent.com");
        } finally {
            if (before == null) {
                System.clearProperty(WeightsDownloader.BASE_PROPERTY);
            } else {
                System.setProperty(WeightsDownloader.BASE_PROPERTY, before);
            }
        }
    }

    @Test
    void torchvisionRowsExportTheirNetworkToAFileNamedByTheCatalogId() {
        List<KnownWeights.TorchvisionExport> tv = known.sources().stream()
                .filter(s -> s instanceof KnownWeights.TorchvisionExport).map(s -> (KnownWeights.TorchvisionExport) s)
                .toList();
        assertThat(tv).extracting(KnownWeights.TorchvisionExport::id).contains("alexnet-tv", "googlenet-tv",
                "vgg16-bn", "resnet50", "resnet152");
        assertThat(tv).allSatisfy(x -> assertThat(Catalog.find(x.id())).isPresent());
        KnownWeights.TorchvisionExport vgg = tv.stream().filter(x -> x.id().equals("vgg16-bn")).findFirst()
                .orElseThrow();
        assertThat(vgg.command()).isEqualTo("python3 -c \"import torch, torchvision; m = torchvision.models."
                + "vgg16_bn(weights='DEFAULT').eval(); torch.onnx.export(m, torch.randn(1, 3, 224, 224), "
                + "'vgg16-bn.onnx', opset_version=13)\"");
    }

    @Test
    void huggingFaceRowsAreTimmsPortsOfTorchvisionLookedForAtTheMirrorThenHuggingFace() {
        List<KnownWeights.HubFile> hub = known.sources().stream().filter(s -> s instanceof KnownWeights.HubFile)
                .map(s -> (KnownWeights.HubFile) s).toList();
        assertThat(hub).extracting(KnownWeights.HubFile::repository).containsExactly("timm/resnet18.tv_in1k",
                "timm/resnet34.tv_in1k", "timm/resnet50.tv_in1k", "timm/resnet101.tv_in1k", "timm/resnet152.tv_in1k",
                "timm/vgg11.tv_in1k", "timm/vgg13.tv_in1k", "timm/vgg16.tv_in1k", "timm/vgg19.tv_in1k",
                "timm/vgg11_bn.tv_in1k", "timm/vgg13_bn.tv_in1k", "timm/vgg16_bn.tv_in1k", "timm/vgg19_bn.tv_in1k");
        KnownWeights.HubFile vgg = hub.get(11);
        assertThat(vgg.id()).isEqualTo("vgg16-bn");
        assertThat(vgg.fileName()).isEqualTo("vgg16_bn.tv_in1k.safetensors");
        String before = System.setProperty(WeightsDownloader.BASE_PROPERTY, "https://hf-mirror.example");
        try {
            assertThat(WeightsDownloader.standard(new ImportedWeights(Path.of("unused"))).urls(vgg))
                    .extracting(URI::toString).containsExactly(
                            "https://hf-mirror.example/timm/vgg16_bn.tv_in1k/resolve/main/model.safetensors",
                            "https://huggingface.co/timm/vgg16_bn.tv_in1k/resolve/main/model.safetensors");
        } finally {
            if (before == null) {
                System.clearProperty(WeightsDownloader.BASE_PROPERTY);
            } else {
                System.setProperty(WeightsDownloader.BASE_PROPERTY, before);
            }
        }
    }

    @Test
    void malformedRowsAreRefusedWithTheirLine() {
        assertThatThrownBy(() -> KnownWeights.parse(
                new StringReader("# c\nresnet50\tonnx-model-zoo\ta.onnx\t12\tabc\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("line 2: ")
                .hasMessageContaining("SHA-256");
        assertThatThrownBy(() -> KnownWeights.parse(new StringReader("resnet9000\ttorchvision\tresnet9000\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 1: 'resnet9000' is no catalog network");
        assertThatThrownBy(() -> KnownWeights.parse(new StringReader("resnet50\tkeras\tx\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("onnx-model-zoo, hugging-face or torchvision");
        assertThatThrownBy(() -> KnownWeights.parse(new StringReader("resnet50\thugging-face\tresnet50\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repository (owner/name)");
        assertThatThrownBy(() -> KnownWeights.parse(new StringReader("mini-vgg\thugging-face\ta/b\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 1: a safetensors state_dict cannot go onto 'mini-vgg'");
    }
}
