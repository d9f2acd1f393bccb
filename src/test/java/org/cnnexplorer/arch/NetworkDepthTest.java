package org.cnnexplorer.arch;

import org.cnnexplorer.arch.zoo.Catalog;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class NetworkDepthTest {
    /** Depth as the papers count it: weighted layers on the longest path (shortcuts and parallel branches excluded). */
    @ParameterizedTest
    @CsvSource({"alexnet,8", "vgg16,16", "vgg19-bn,19", "googlenet,22", "resnet34,34", "plain34,34", "resnet50,50",
            "resnet152,152", "resnet110,110", "resnet1202,1202"})
    void depthIsTheOnePapersQuote(String id, int depth) {
        assertThat(Catalog.get(id).build().depth()).isEqualTo(depth);
    }
}
