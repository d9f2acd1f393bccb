package org.nd4j.nativeblas;

/**
 * Compatibility shim, not ND4J code. DL4J 1.0.0-M2.1 decides whether its oneDNN layer helpers may run by
 * reflectively calling {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()}
 * ({@code BaseMKLDNNHelper.mklDnnEnabled}), but ND4J M2.1 ships that class as
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} with {@code isUseONEDNN()}. The lookup fails
 * silently and convolution, pooling, BN and LRN fall back to slow generic code. This class answers the old name
 * by asking the real one. Switched on by {@code org.cnnexplorer.engine.natives.NativeSetup}.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        /** Whether the loaded libnd4j was built with oneDNN and has it enabled. */
        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }
    }
}
