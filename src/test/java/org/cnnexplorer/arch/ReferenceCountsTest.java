package org.cnnexplorer.arch;

import org.cnnexplorer.arch.zoo.Catalog;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every catalog network against the published counts of src/docs/REFERENCES.md: parameters exactly, MACs to the
 * precision the table prints (G to 3 decimals, M to 1 decimal).
 */
class ReferenceCountsTest {

    @ParameterizedTest(name = "{0}: {1} params, {2} MACs")
    @CsvSource({
            "alexnet,        60965224,  0.724 G",
            "alexnet-single, 62378344,  1.135 G",
            "alexnet-tv,     61100840,  0.714 G",
            "vgg11,          132863336, 7.609 G",
            "vgg11-lrn,      132863336, 7.609 G",
            "vgg13,          133047848, 11.308 G",
            "vgg16-c,        133638952, 11.771 G",
            "vgg16,          138357544, 15.470 G",
            "vgg19,          143667240, 19.632 G",
            "vgg11-bn,       132868840, 7.609 G",
            "vgg13-bn,       133053736, 11.308 G",
            "vgg16-bn,       138365992, 15.470 G",
            "vgg19-bn,       143678248, 19.632 G",
            "googlenet,      6998552,   1.583 G",
            "googlenet-tv,   6624904,   1.498 G",
            "resnet18,       11689512,  1.814 G",
            "resnet34,       21797672,  3.664 G",
            "resnet50,       25557032,  4.089 G",
            "resnet101,      44549160,  7.801 G",
            "resnet152,      60192808,  11.514 G",
            "resnet50-v1,    25557032,  3.858 G",
            "resnet101-v1,   44549160,  7.570 G",
            "resnet152-v1,   60192808,  11.282 G",
            "plain18,        11515688,  1.8 G",
            "plain34,        21623848,  3.644 G",
            "resnet20,       269722,    40.6 M",
            "resnet32,       464154,    68.9 M",
            "resnet44,       658586,    97.2 M",
            "resnet56,       853018,    125.5 M",
            "resnet110,      1727962,   252.9 M",
            "resnet1202,     19421274,  2.83 G",
            "plain20,        269722,    40.6 M",
            "plain32,        464154,    68.9 M",
            "plain44,        658586,    97.2 M",
            "plain56,        853018,    125.5 M",
            "plain110,       1727962,   252.9 M",
    })
    void matchesPublishedCounts(String id, long params, String macs) {
        Network n = Catalog.get(id).build();
        assertThat(n.params()).as("params of %s", id).isEqualTo(params);
        assertThat(printed(n.macs(), macs)).as("MACs of %s", id).isEqualTo(macs);
    }

    /** Formats {@code value} with the unit and number of decimals of {@code reference} ("0.724 G", "40.6 M"). */
    private static String printed(long value, String reference) {
        String[] parts = reference.split(" ");
        int decimals = parts[0].contains(".") ? parts[0].length() - parts[0].indexOf('.') - 1 : 0;
        double scaled = value / (parts[1].equals("G") ? 1e9 : 1e6);
        return String.format(Locale.ROOT, "%." + decimals + "f %s", scaled, parts[1]);
    }

    @ParameterizedTest
    @CsvSource({"googlenet, 6379728, 8.4 M", "googlenet-tv, 6379984, 8.4 M"})
    void googlenetAuxiliaryHeadsAreCountedApart(String id, long auxParams, String auxMacs) {
        Network n = Catalog.get(id).build();
        assertThat(n.auxParams()).isEqualTo(auxParams);
        assertThat(printed(n.auxMacs(), auxMacs)).isEqualTo(auxMacs);
        assertThat(n.layers().stream().filter(Layer::aux).map(Layer::id)).contains("aux1.fc2", "aux2.fc2");
    }
}
