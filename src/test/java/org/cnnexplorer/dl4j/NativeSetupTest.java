package org.cnnexplorer.dl4j;

import org.cnnexplorer.arch.Shape;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NativeSetupTest {

    @Test
    void oneDnnPathIsReallyActiveWhenTheCpuSupportsIt() {
        NativeSetup.Report r = NativeSetup.configure();
        assumeTrue(r.flags().containsAll(Set.of("avx2", "fma")), "CPU without AVX2: generic natives expected");
        assertThat(r.extension()).isIn("-onednn-avx512", "-onednn-avx2");
        assertThat(r.helpers()).isTrue();
        try (Model m = Model.untrained("vgg11-lrn", Shape.chw(3, 32, 32), 10, 1);
             Model bn = Model.untrained("vgg11-bn", Shape.chw(3, 32, 32), 10, 1)) {
            float[] x = new float[3 * 32 * 32];
            m.probabilities(x, null);
            bn.probabilities(x, null);
            Map<String, String> helpers = GraphFactory.helpers(m.graph());
            assertThat(helpers).containsEntry("block1.conv1", "MKLDNNConvHelper")
                    .containsEntry("block1.pool", "MKLDNNSubsamplingHelper");
            assertThat(GraphFactory.helpers(bn.graph())).containsEntry("block1.bn1", "MKLDNNBatchNormHelper");
        }
        assertThat(org.bytedeco.javacpp.Loader.getLoadedLibraries().values())
                .anyMatch(path -> path.contains("linux-x86_64" + r.extension() + "/libnd4jcpu"));
        assertThat(org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN()).isTrue();
    }

    @Test
    void variantFollowsTheCpuFlags() {
        assertThat(NativeSetup.chooseExtension(Set.of("avx512f", "avx512bw", "avx512vl", "avx512dq", "avx2", "fma")))
                .isEqualTo("-onednn-avx512");
        assertThat(NativeSetup.chooseExtension(Set.of("avx2", "fma", "sse4_2"))).isEqualTo("-onednn-avx2");
        // Pre-AVX2 CPUs run the generic build: the plain "-onednn" jar is not shipped.
        assertThat(NativeSetup.chooseExtension(Set.of("sse4_2"))).isEmpty();
        assertThat(NativeSetup.coreType(Set.of("avx2", "fma"))).isEqualTo("Haswell");
        assertThat(NativeSetup.coreType(Set.of("sse4_2"))).isNull();
    }
}
