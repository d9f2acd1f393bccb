package org.cnnexplorer.dl4j;

/**
 * Start-up configuration of DL4J/ND4J, applied before ND4J loads its native library. Call {@link #configure()}
 * first thing in the launcher, the CLI and tests; later calls do nothing.
 */
public final class NativeSetup {
    /** DL4J M2.1 turns its layer helpers (oneDNN convolution, pooling, BN, LRN) off unless this is "false". */
    static final String HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";

    private static boolean done;

    private NativeSetup() {
    }

    public static synchronized void configure() {
        if (done) {
            return;
        }
        done = true;
        setIfAbsent(HELPERS_DISABLE, "false");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
