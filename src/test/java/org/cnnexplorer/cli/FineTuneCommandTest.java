package org.cnnexplorer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.data.ImageNetClasses;
import org.cnnexplorer.data.Preprocessing;
import org.cnnexplorer.data.SampleFolders;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.ModelInfo;
import org.cnnexplorer.weights.ImportedWeights;
import org.cnnexplorer.weights.WeightsIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code train ID --dataset FOLDER --fine-tune --name NAME} end to end: a folder of real pictures (trousers and ankle
 * boots from sample-images/, the first of each held out), the result in a private weights folder, listed and used by
 * name.
 */
class FineTuneCommandTest {
    @TempDir
    Path dir;
    private Path store;
    private Path folder;
    private String before;

    @BeforeEach
    void privateStoreAndFolder() throws Exception {
        store = dir.resolve("weights");
        before = System.setProperty("cnnexplorer.weights", store.toString());
        folder = dir.resolve("mine");
        SampleFolders.copyAllButFirst("trouser_", folder.resolve("trouser"));
        SampleFolders.copyAllButFirst("ankle-boot_", folder.resolve("ankle-boot"));
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty("cnnexplorer.weights");
        } else {
            System.setProperty("cnnexplorer.weights", before);
        }
    }

    @Test
    void aShippedMiniLearnsTheFolderAndIsListedAndClassifiesByName() throws Exception {
        Files.writeString(folder.resolve("trouser").resolve("notes.txt"), "not a picture");
        // the option first, as people type it: mini-resnet is the network, not --fine-tune's value
        CliTest.Result r = CliTest.run("train", "--fine-tune", "mini-resnet", "--dataset", folder.toString(),
                "--name", "my-clothes", "--json");
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode run = new ObjectMapper().readTree(r.out());
        assertThat(run.get("classes")).extracting(JsonNode::asText).containsExactly("ankle-boot", "trouser");
        assertThat(run.get("scope").asText()).isEqualTo("head");
        assertThat(run.get("trainImages").asInt() + run.get("testImages").asInt()).isEqualTo(10);
        assertThat(r.err()).contains("1 files skipped").contains("notes.txt")
                .contains("only fc learns, flatten and all before it frozen");
        Path saved = store.resolve("my-clothes.zip");
        assertThat(Path.of(run.get("weights").asText())).isEqualTo(saved);
        ModelInfo info = WeightsIO.info(saved);
        assertThat(info.catalogId()).isEqualTo("mini-resnet");
        assertThat(info.provenance()).containsEntry(ImportedWeights.NAME, "my-clothes");

        CliTest.Result list = CliTest.run("weights", "list");
        assertThat(list.status()).as(list.err()).isZero();
        assertThat(list.out()).contains("my-clothes").contains("mini-resnet (head)").contains("ankle-boot, trouser")
                .doesNotContain("no imported weights");

        CliTest.Result trouser = CliTest.run("classify", "my-clothes", "sample-images/trouser_0002.png", "--top",
                "1");
        assertThat(trouser.status()).as(trouser.err()).isZero();
        assertThat(trouser.out().lines().skip(1).findFirst().orElseThrow()).contains("trouser");
        CliTest.Result boot = CliTest.run("classify", "my-clothes", "sample-images/ankle-boot_0000.png", "--top",
                "1", "--cam", dir.resolve("cam.png").toString());
        assertThat(boot.status()).as(boot.err()).isZero();
        assertThat(boot.out()).contains("ankle-boot").contains("where my-clothes looks for 'ankle-boot'");
        assertThat(dir.resolve("cam.png")).exists();
    }

    @Test
    void fineTuneTakesOnlyHeadOrAllAsItsValueWhereverItStands() {
        String[][] lines = {
            {"--fine-tune", "mini-resnet", "--dataset", "D"},
            {"mini-resnet", "--fine-tune", "--dataset", "D"},
            {"mini-resnet", "--dataset", "D", "--fine-tune"},
            {"--fine-tune", "all", "mini-resnet", "--dataset", "D"},
            {"mini-resnet", "--fine-tune", "ALL", "--dataset", "D"},
            {"mini-resnet", "--fine-tune=head", "--dataset", "D"},
            {"mini-resnet", "--dataset", "D"},
        };
        String[] scopes = {"head", "head", "head", "all", "ALL", "head", null};
        for (int i = 0; i < lines.length; i++) {
            TrainCommands.Train t = new TrainCommands.Train();
            new CommandLine(t).parseArgs(lines[i]);
            assertThat(t.id).as(String.join(" ", lines[i])).isEqualTo("mini-resnet");
            assertThat(t.dataset).isEqualTo("D");
            assertThat(t.fineTune).as(String.join(" ", lines[i])).isEqualTo(scopes[i]);
        }
        CliTest.Result twoIds = CliTest.run("train", "mini-resnet", "--fine-tune", "some", "--dataset",
                folder.toString(), "--name", "x");
        assertThat(twoIds.status()).isEqualTo(2);
        assertThat(twoIds.err()).contains("'some'");
    }

    @Test
    void allLayersTrainAndTheSavedNetworkDiffersFromTheShippedOneBeyondItsClassifier() throws Exception {
        CliTest.Result r = CliTest.run("train", "mini-alexnet", "--dataset", folder.toString(), "--fine-tune", "all",
                "--name", "all-layers", "--epochs", "2");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).contains("every layer learns");
        assertThat(r.out()).contains("epoch 2/2").contains("saved all-layers (mini-alexnet fine-tuned");
        try (Model m = WeightsIO.load(store.resolve("all-layers.zip"))) {
            assertThat(m.info().provenance()).containsEntry("fineTuned", "all");
            assertThat(m.info().labels()).containsExactly("ankle-boot", "trouser");
        }
    }

    @Test
    void aNameMayNotShadowACatalogIdAndBadSettingsAreRefusedInOneLine() throws Exception {
        for (String name : new String[] {"resnet18", "Mini-ResNet"}) {
            CliTest.Result r = CliTest.run("train", "mini-resnet", "--dataset", folder.toString(), "--fine-tune",
                    "--name", name);
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(r.err()).contains("is a catalog network's id");
        }
        assertThat(store.resolve("resnet18.zip")).doesNotExist();
        String[][] refused = {
            {"--fine-tune", "--name", "../x"},
            {"--fine-tune"},
            {"--name", "x"},
            {"--fine-tune=some", "--name", "x"},
            {"--fine-tune", "--name", "x", "--augment"},
        };
        String[] said = {"use letters, digits", "needs --name NAME", "add --fine-tune", "takes head or all",
            "--augment does not apply"};
        for (int i = 0; i < refused.length; i++) {
            String[] args = new String[4 + refused[i].length];
            System.arraycopy(new String[] {"train", "mini-resnet", "--dataset", folder.toString()}, 0, args, 0, 4);
            System.arraycopy(refused[i], 0, args, 4, refused[i].length);
            CliTest.Result r = CliTest.run(args);
            assertThat(r.status()).as(String.join(" ", refused[i])).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", refused[i])).contains(said[i]).doesNotContain("Exception");
        }
        CliTest.Result noFolder = CliTest.run("train", "mini-resnet", "--fine-tune", "--name", "x");
        assertThat(noFolder.err()).contains("give --dataset FOLDER");
        CliTest.Result untrained = CliTest.run("train", "resnet18", "--dataset", folder.toString(), "--fine-tune",
                "--name", "x");
        assertThat(untrained.status()).isEqualTo(2);
        assertThat(untrained.err()).contains("no trained weights for resnet18 to fine-tune");
        CliTest.Result unknown = CliTest.run("classify", "no-such-name", "sample-images/trouser_0002.png");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("the name of a network you fine-tuned");
    }

    @Test
    void aFolderWithOneClassOrAnEmptyClassIsRefusedInOneLine() throws Exception {
        Path one = dir.resolve("one");
        SampleFolders.copyAllButFirst("trouser_", one.resolve("trouser"));
        CliTest.Result r = CliTest.run("train", "mini-vgg", "--dataset", one.toString(), "--fine-tune", "--name", "x");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("only one class folder (trouser)");
        Files.createDirectories(folder.resolve("coat"));
        CliTest.Result empty = CliTest.run("train", "mini-vgg", "--dataset", folder.toString(), "--fine-tune",
                "--name", "x");
        assertThat(empty.status()).isEqualTo(2);
        assertThat(empty.err()).contains("the class folder coat holds no usable pictures");
        assertThat(store.resolve("x.zip")).doesNotExist();
    }

    /**
     * The ImageNet path's mechanics without ImageNet: resnet18 with random weights, stored where imported weights live
     * as an import would store them, learns the folder's two classes at its RGB input (the grey pictures made RGB).
     */
    @Test
    void importedImageNetWeightsAreFineTunedAtTheirOwnInputAndPreprocessing() throws Exception {
        try (Model random = Model.untrained("resnet18", Shape.chw(3, 64, 64), 1000, 3)) {
            new ImportedWeights(store).save(random.withInfo(random.info().withTraining(ImageNetClasses.names(),
                    Map.of(Preprocessing.KEY, Preprocessing.TORCHVISION.id(), "source", "random.onnx"))));
        }
        CliTest.Result r = CliTest.run("train", "resnet18", "--dataset", folder.toString(), "--fine-tune", "--name",
                "rn", "--epochs", "3");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("epoch 3/3").contains("saved rn (resnet18 fine-tuned");
        ModelInfo info = WeightsIO.info(store.resolve("rn.zip"));
        assertThat(info.input()).isEqualTo(Shape.chw(3, 64, 64));
        assertThat(info.classes()).isEqualTo(2);
        assertThat(info.provenance()).containsEntry(Preprocessing.KEY, Preprocessing.TORCHVISION.id());
        CliTest.Result list = CliTest.run("weights", "list");
        assertThat(list.out()).contains("random.onnx").contains("rn ").contains("resnet18 (head)");
        CliTest.Result c = CliTest.run("classify", "rn", "sample-images/trouser_0002.png");
        assertThat(c.status()).as(c.err()).isZero();
        assertThat(c.out()).contains("trouser").contains("ankle-boot");
    }
}
