package org.cnnexplorer.engine.natives;

import org.assertj.core.data.Offset;
import org.bytedeco.javacpp.Loader;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.build.GraphFactory;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu;
import org.nd4j.linalg.factory.Nd4j;

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
            assertThat(helpers).containsEntry("block1.conv1", "oneDNN")
                    .containsEntry("block1.pool", "oneDNN");
            assertThat(GraphFactory.helpers(bn.graph())).containsEntry("block1.bn1", "MKLDNNBatchNormHelper");
        }
        assertThat(Loader.getLoadedLibraries().values())
                .anyMatch(path -> path.contains("linux-x86_64" + r.extension() + "/libnd4jcpu"));
        assertThat(Nd4jCpu.Environment.getInstance().isUseONEDNN()).isTrue();
    }

    /** ND4J's matrix products run in MKL on x86-64 Linux: a batch-1 fc layer's weights stream ~3× faster. */
    @Test
    void matrixProductsRunInMklWhereItShips() {
        NativeSetup.Report r = NativeSetup.configure();
        assumeTrue(NativeSetup.mklAvailable(), "no MKL natives for this platform");
        assertThat(r.blas()).isEqualTo("MKL");
        assertThat(Nd4j.factory().blas().getBlasVendor()).isEqualTo(Blas.Vendor.MKL);
        // and the products are right: a small product against a hand-written one
        INDArray a = Nd4j.rand(DataType.FLOAT, 1, 300);
        INDArray w = Nd4j.rand(DataType.FLOAT, 300, 7)
                .dup('f');
        float[] got = a.mmul(w).toFloatVector();
        for (int j = 0; j < 7; j++) {
            double want = 0;
            for (int k = 0; k < 300; k++) {
                want += a.getDouble(0, k) * w.getDouble(k, j);
            }
            assertThat((double) got[j]).isCloseTo(want, Offset.offset(1e-3));
        }
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
