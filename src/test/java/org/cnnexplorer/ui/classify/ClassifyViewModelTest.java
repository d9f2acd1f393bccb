package org.cnnexplorer.ui.classify;

import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.data.ImageNetClasses;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.onnx.OnnxWriter;
import org.cnnexplorer.ui.Background;
import org.cnnexplorer.ui.Models;
import org.cnnexplorer.weights.ImportedWeights;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** Real inference with the synchronous background: no toolkit. */
class ClassifyViewModelTest {
    private static final Path SAMPLE = Path.of("sample-images", "ankle-boot_0000.png");
    private static Models models;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        Messages.setLocale(Locale.ENGLISH);
        models = new Models();
    }

    @AfterAll
    static void release() {
        models.close();
    }

    @Test
    void aDroppedPictureGetsTopFiveAndEveryLayersMaps() {
        ClassifyViewModel vm = new ClassifyViewModel(Background.synchronous(), models);
        vm.modelIdProperty().set("mini-googlenet");
        vm.open(List.of(SAMPLE.toFile()));
        ClassifyViewModel.Classification r = vm.getResult();
        assertThat(r).isNotNull();
        assertThat(r.top()).hasSize(5);
        assertThat(r.top().get(0).probability()).isGreaterThanOrEqualTo(r.top().get(4).probability());
        assertThat(r.input().seen().getWidth()).isEqualTo(28);
        assertThat(r.input().steps()).isNotEmpty();
        assertThat(r.maps().activations().keySet()).containsAll(
                Catalog.get("mini-googlenet").build().layers().stream().map(l -> l.id()).toList());
        assertThat(r.maps().mosaics().get("inception3a.branch3.1").channels()).isEqualTo(16);
        assertThat(r.maps().filters()).isPresent();
        assertThat(r.maps().filters().get().channels()).isEqualTo(32);
        assertThat(r.picture().truth()).contains("Ankle boot");
        assertThat(vm.messageProperty().get()).isEmpty();
    }

    @Test
    void aBadFileOnlyGivesAMessage() throws Exception {
        ClassifyViewModel vm = new ClassifyViewModel(Background.synchronous(), models);
        vm.open(List.of(SAMPLE.toFile()));
        ClassifyViewModel.Classification before = vm.getResult();
        Path bad = Files.writeString(dir.resolve("notes.png"), "this is not a picture");
        vm.open(List.of(bad.toFile()));
        assertThat(vm.messageProperty().get()).contains("notes.png").doesNotContain("\n");
        assertThat(vm.getResult()).isSameAs(before);
        assertThat(vm.pictures()).hasSize(1);
    }

    @Test
    void anOnnxFileIsImportedOntoItsNetworkWhichThenGivesImageNetLabels() throws Exception {
        Path file = dir.resolve("resnet18.onnx");
        try (Model m = Model.untrained("resnet18", Shape.chw(3, 64, 64), 1000, 3)) {
            OnnxWriter.write(m, true, file);
        }
        Path bad = Files.write(dir.resolve("vgg11.onnx"), new byte[] {1, 2, 3});
        ImportedWeights store = new ImportedWeights(dir.resolve("weights"));
        try (Models own = new Models(store)) {
            ClassifyViewModel vm = new ClassifyViewModel(Background.synchronous(), own);
            vm.open(List.of(SAMPLE.toFile()));
            vm.modelIdProperty().set("resnet18");
            assertThat(vm.getResult().trained()).isFalse();
            assertThat(vm.getResult().top()).as("no top 5 from random weights").isEmpty();

            vm.imports().importWeights(bad.toFile());
            assertThat(vm.messageProperty().get()).startsWith("vgg11.onnx: ").doesNotContain("\n");
            assertThat(store.has("vgg11")).isFalse();

            vm.modelIdProperty().set("mini-vgg");
            vm.imports().importWeights(file.toFile());
            assertThat(vm.modelIdProperty().get()).isEqualTo("resnet18");
            assertThat(vm.messageProperty().get()).contains("resnet18.onnx").contains("torchvision");
            ClassifyViewModel.Classification r = vm.getResult();
            assertThat(r.trained()).isTrue();
            assertThat(r.source()).contains("resnet18.onnx");
            assertThat(r.input().seen().getWidth()).isEqualTo(64);
            assertThat(r.top()).hasSize(5).allSatisfy(b -> assertThat(ImageNetClasses.names()).contains(b.label()));
            assertThat(r.maps().activations()).containsKeys("layer1.0.add", "layer4.1.relu2");

            // imported weights are trained weights: "where it looks" works for them too
            vm.showLookProperty().set(true);
            ClassifyViewModel.Look look = vm.lookProperty().get();
            assertThat(look.of()).isSameAs(r);
            assertThat(look.layerId()).isEqualTo("layer4.1.relu2");
            assertThat(look.label()).isEqualTo(r.top().get(0).label());
            assertThat(look.overlay().getWidth()).as("64 pixels enlarged 3 times").isEqualTo(192);
        }
    }

    /**
     * "Where it looks": off, nothing is computed; on, the top class of trained weights gets its map over the picture,
     * again for each new picture and network; random weights get none (the view disables the switch for them).
     */
    @Test
    void whereItLooksFollowsTheTopClassOfTrainedWeightsOnly() {
        ClassifyViewModel vm = new ClassifyViewModel(Background.synchronous(), models);
        vm.modelIdProperty().set("mini-vgg");
        vm.open(List.of(SAMPLE.toFile()));
        assertThat(vm.lookProperty().get()).isNull();

        vm.showLookProperty().set(true);
        ClassifyViewModel.Look look = vm.lookProperty().get();
        ClassifyViewModel.Classification r = vm.getResult();
        assertThat(look.of()).isSameAs(r);
        assertThat(look.label()).isEqualTo(r.top().get(0).label()).isEqualTo("Ankle boot");
        assertThat(look.layerId()).isEqualTo("block3.relu2");
        assertThat(look.overlay().getWidth()).as("28 pixels enlarged 8 times").isEqualTo(224);
        assertThat(look.overlay().getRGB(0, 0)).as("the picture is tinted by the map")
                .isNotEqualTo(r.input().seen().getRGB(0, 0));

        vm.modelIdProperty().set("mini-googlenet");
        assertThat(vm.lookProperty().get().of()).isSameAs(vm.getResult());
        assertThat(vm.lookProperty().get().layerId()).isEqualTo("inception4a.concat");

        vm.modelIdProperty().set("mini-plain-relu");
        assertThat(vm.getResult().trained()).isFalse();
        assertThat(vm.lookProperty().get()).isNull();

        vm.modelIdProperty().set("mini-resnet");
        assertThat(vm.lookProperty().get().layerId()).isEqualTo("layer3.1.relu2");
        vm.showLookProperty().set(false);
        assertThat(vm.lookProperty().get()).isNull();
    }

    @Test
    void allFourGivesEachMiniNetsVerdict() {
        ClassifyViewModel vm = new ClassifyViewModel(Background.synchronous(), models);
        vm.allFourProperty().set(true);
        vm.open(List.of(new File("sample-images/bag_0018.png")));
        assertThat(vm.verdictsProperty().get()).extracting(TopFive.Verdict::modelId)
                .containsExactlyElementsOf(Models.MINI);
        assertThat(vm.verdictsProperty().get()).allSatisfy(v -> assertThat(v.top()).hasSize(5));
    }

    @Test
    void aDropOfPicturesAndWeightsImportsTheWeightsAndShowsTheLastPicture() throws Exception {
        Path file = dir.resolve("mini-alexnet.onnx");
        try (Model m = Model.untrained("mini-alexnet")) {
            OnnxWriter.write(m, false, file);
        }
        ImportedWeights store = new ImportedWeights(dir.resolve("weights"));
        try (Models own = new Models(store)) {
            ClassifyViewModel vm = new ClassifyViewModel(Background.synchronous(), own);
            vm.receive(List.of(SAMPLE.toFile(), file.toFile(), new File("sample-images/bag_0018.png")));
            assertThat(store.has("mini-alexnet")).isTrue();
            assertThat(vm.pictures()).extracting(ClassifyViewModel.Picture::name)
                    .containsExactly("ankle-boot_0000.png", "bag_0018.png");
            assertThat(vm.getResult().picture().name()).isEqualTo("bag_0018.png");
            assertThat(vm.getResult().modelId()).isEqualTo("mini-alexnet");
        }
    }

    @Test
    void aFileWithANanWeightIsRefusedInOneMessageAndTheWeightsAlreadyThereStay() throws Exception {
        Path good = dir.resolve("mini-alexnet.onnx");
        Path broken = dir.resolve("broken-mini-alexnet.onnx");
        try (Model m = Model.untrained("mini-alexnet")) {
            OnnxWriter.write(m, false, good);
            m.graph().getLayer("conv1").getParam("W").putScalar(5, Double.NaN);
            OnnxWriter.write(m, false, broken);
        }
        ImportedWeights store = new ImportedWeights(dir.resolve("weights"));
        try (Models own = new Models(store)) {
            ClassifyViewModel vm = new ClassifyViewModel(Background.synchronous(), own);
            vm.imports().importWeights(good.toFile());
            byte[] before = Files.readAllBytes(store.file("mini-alexnet"));
            vm.imports().importWeights(broken.toFile());
            assertThat(vm.messageProperty().get()).startsWith("broken-mini-alexnet.onnx: ").contains("NaN")
                    .doesNotContain("\n");
            assertThat(vm.busyProperty().get()).isFalse();
            assertThat(Files.readAllBytes(store.file("mini-alexnet"))).isEqualTo(before);
            try (var files = Files.list(store.dir())) {
                assertThat(files).extracting(f -> f.getFileName().toString()).containsExactly("mini-alexnet.zip");
            }
        }
    }

    @Test
    void aCancelledImportSavesNothingAndSaysSo() throws Exception {
        Path file = dir.resolve("mini-vgg.onnx");
        try (Model m = Model.untrained("mini-vgg")) {
            OnnxWriter.write(m, false, file);
        }
        ImportedWeights store = new ImportedWeights(dir.resolve("weights"));
        try (Models own = new Models(store)) {
            ClassifyViewModel[] vm = new ClassifyViewModel[1];
            List<Double> progress = new ArrayList<>();
            // the synchronous background calls back inline: Cancel is "clicked" as the copying gets under way
            vm[0] = new ClassifyViewModel(Background.synchronous(), own);
            vm[0].imports().importProgressProperty().addListener((o, a, b) -> {
                progress.add(b.doubleValue());
                if (b.doubleValue() > 0) {
                    assertThat(vm[0].imports().importingProperty().get()).isTrue();
                    assertThat(vm[0].imports().importCancellableProperty().get()).isTrue();
                    vm[0].imports().cancelImport();
                }
            });
            vm[0].imports().importWeights(file.toFile());
            assertThat(progress).as("reported, then cancelled at the first step").hasSize(1);
            assertThat(vm[0].imports().importingProperty().get()).isFalse();
            assertThat(vm[0].busyProperty().get()).isFalse();
            assertThat(vm[0].messageProperty().get()).isEqualTo("Import of mini-vgg.onnx cancelled: nothing saved");
            assertThat(store.has("mini-vgg")).isFalse();
            assertThat(store.dir()).doesNotExist();

            // the same file, not cancelled: saved, and the copying went all the way
            ClassifyViewModel plain = new ClassifyViewModel(Background.synchronous(), own);
            List<Double> all = new ArrayList<>();
            plain.imports().importProgressProperty().addListener((o, a, b) -> all.add(b.doubleValue()));
            plain.imports().importWeights(file.toFile());
            assertThat(all).contains(1.0);
            assertThat(store.has("mini-vgg")).isTrue();
            assertThat(plain.modelIdProperty().get()).isEqualTo("mini-vgg");
            assertThat(plain.imports().importingProperty().get()).isFalse();
        }
    }
}
