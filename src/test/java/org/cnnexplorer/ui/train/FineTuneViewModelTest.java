package org.cnnexplorer.ui.train;

import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.weights.ImportedWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The window's fine-tuning settings are checked before anything runs, in the user's words; no toolkit needed. */
class FineTuneViewModelTest {
    @TempDir
    Path dir;

    @Test
    void aRunNeedsAFolderANameThatIsNoCatalogIdAndOneToAHundredEpochs() {
        FineTuneViewModel vm = new FineTuneViewModel(new ImportedWeights(dir));
        assertThat(vm.problem()).isEqualTo(Messages.get("finetune.error.noFolder"));
        vm.folderProperty().set(dir);
        assertThat(vm.problem()).isEqualTo(Messages.get("finetune.error.noName"));
        vm.nameProperty().set("ResNet18");
        assertThat(vm.problem()).isEqualTo(Messages.get("finetune.error.catalogName", "ResNet18"));
        vm.nameProperty().set("../mine");
        assertThat(vm.problem()).isEqualTo(Messages.get("finetune.error.badName"));
        vm.nameProperty().set(" my-clothes ");
        assertThat(vm.problem()).isNull();
        assertThat(vm.epochsProperty().get()).isEqualTo(10);
        vm.epochsProperty().set(0);
        assertThat(vm.problem()).isEqualTo(Messages.get("finetune.error.epochs", 1, 100));
        vm.epochsProperty().set(101);
        assertThat(vm.problem()).isEqualTo(Messages.get("finetune.error.epochs", 1, 100));
        vm.epochsProperty().set(100);
        assertThat(vm.problem()).isNull();
    }
}
