package org.cnnexplorer.lessons;

import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.i18n.TestLocale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The lessons' block drawings say what the catalog's blocks are: their boxes, shortcuts and merges. */
class BlockSchematicTest {
    @RegisterExtension
    static final TestLocale LOCALE = TestLocale.english();

    @Test
    void aBasicBlockIsTwoConvolutionsBesideTheIdentity() {
        BlockSchematic s = BlockSchematic.of(Catalog.get("mini-resnet").build(), "layer1.1");
        assertThat(s.paths()).containsExactly("F(x): 3×3 conv, 16 (BN · ReLU) | 3×3 conv, 16 (BN)", "identity x: ");
        assertThat(s.merge()).isEqualTo("ReLU");
    }

    @Test
    void aStridingBottleneckHasItsProjectionOnTheShortcut() {
        BlockSchematic s = BlockSchematic.of(Catalog.get("resnet50").build(), "layer3.0");
        assertThat(s.paths()).containsExactly(
                "F(x): 1×1 conv, 256 (BN · ReLU) | 3×3 conv, 256, /2 (BN · ReLU) | 1×1 conv, 1024 (BN)",
                "projection shortcut: 1×1 conv, 1024, /2 (BN)");
    }

    @Test
    void theCifarNetworksPadTheirShortcutWithZeros() {
        BlockSchematic s = BlockSchematic.of(Catalog.get("resnet20").build(), "layer2.0");
        assertThat(s.paths().get(1)).isEqualTo("projection shortcut: zero-padding, /2");
    }

    @Test
    void anInceptionModuleIsItsFourBranchesIntoOneConcatenation() {
        Network reduced = Catalog.get(GoogLeNetLessons.REDUCED).build();
        BlockSchematic s = BlockSchematic.of(reduced, "inception3a");
        assertThat(s.paths()).containsExactly("1×1: 1×1 conv, 64 (ReLU)",
                "1×1→3×3: 1×1 conv, 96 (ReLU) | 3×3 conv, 128 (ReLU)",
                "1×1→5×5: 1×1 conv, 16 (ReLU) | 5×5 conv, 32 (ReLU)",
                "pool→1×1: 3×3 max pool | 1×1 conv, 32 (ReLU)");
        assertThat(s.merge()).isEqualTo("concatenation: 256×28×28");
        assertThat(BlockSchematic.of(Catalog.get(GoogLeNetLessons.NAIVE).build(), "inception3a").merge())
                .isEqualTo("concatenation: 416×28×28");
    }

    @Test
    void theBottleneckLessonsBlocksComeFromTheCatalogsBuilders() {
        assertThat(ResNetLessons.convWeights(ResNetLessons.block(256, false))).isEqualTo(2L * 3 * 3 * 256 * 256);
        assertThat(ResNetLessons.convWeights(ResNetLessons.block(256, true)))
                .isEqualTo(256L * 64 + 3 * 3 * 64 * 64 + 64 * 256);
        assertThat(BlockSchematic.of(ResNetLessons.block(512, true), "layer.0").paths().get(0))
                .isEqualTo("F(x): 1×1 conv, 128 (BN · ReLU) | 3×3 conv, 128 (BN · ReLU) | 1×1 conv, 512 (BN)");
    }
}
