package org.cnnexplorer.engine.natives;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Start-up configuration of DL4J/ND4J that must happen before ND4J loads its native library; out of the box DL4J
 * M2.1 runs these networks 7–10× slower than PyTorch on the same CPU (src/docs/PERFORMANCE-NOTES.md). Call
 * {@link #configure()} first thing in the launcher, the CLI and tests; later calls do nothing. Nothing here needs an
 * environment variable from the user, and anything the user did set wins.
 * <ol>
 *   <li>Native variant: ND4J's oneDNN builds ({@code nd4j-native} classifiers {@code linux-x86_64-onednn-avx512},
 *   {@code -onednn-avx2}) are chosen from the CPU's flags through JavaCPP's
 *   {@code org.bytedeco.javacpp.platform.extension}; the generic build stays the fallback.</li>
 *   <li>Layer helpers: DL4J only routes convolution, pooling, BN and LRN to oneDNN when
 *   {@code org.eclipse.deeplearning4j.helpers.disable=false} and its reflective oneDNN check finds
 *   {@code org.nd4j.nativeblas.Nd4jCpu$Environment} (our shim; see that class).</li>
 *   <li>OpenBLAS 0.3.19, used for fully-connected layers and plain matrix products, does not recognise recent Xeon
 *   and Core CPUs and falls back to a generic kernel 4× slower. It reads {@code OPENBLAS_CORETYPE} once when
 *   loaded, so it is put into this process's C environment (setenv through JNA) before ND4J loads OpenBLAS.</li>
 *   <li>Better still, where Intel MKL's natives are on the classpath (x86-64), JavaCPP loads MKL in OpenBLAS's
 *   place ({@code org.bytedeco.openblas.load=mkl_rt}): ND4J's matrix products then run in MKL, whose
 *   matrix-vector path streams a batch-1 fc layer's weights about three times faster.
 *   {@code -Dcnnexplorer.blas=openblas} keeps OpenBLAS.</li>
 *   <li>JavaCPP prints its own "Info:" lines to stderr unless told to log through SLF4J
 *   ({@code org.bytedeco.javacpp.logger=slf4j}), where the application's level (warn by default) applies.</li>
 * </ol>
 */
public final class NativeSetup {
    static final String HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";
    static final String EXTENSION = "org.bytedeco.javacpp.platform.extension";
    static final String CORETYPE = "OPENBLAS_CORETYPE";
    static final String BLAS_LOAD = "org.bytedeco.openblas.load";
    static final String BLAS_CHOICE = "cnnexplorer.blas";
    static final String JAVACPP_LOGGER = "org.bytedeco.javacpp.logger";
    private static final String MKL_RT = "/org/bytedeco/mkl/linux-x86_64/libmkl_rt.so.2";
    private static final String BINDINGS = "/org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64%s/libjnind4jcpu.so";

    /**
     * What {@link #configure()} decided, for logs, the bench header and tests.
     *
     * @param helpers whether DL4J's oneDNN layer helpers can run: allowed and a oneDNN build selected
     */
    public record Report(String cpu, Set<String> flags, String extension, String coreType, boolean helpers,
                         String blas) {
        public String summary() {
            return "native " + (extension.isEmpty() ? "generic" : extension.substring(1))
                    + ", BLAS " + blas
                    + (blas.equals("OpenBLAS") ? " core " + (coreType == null ? "auto" : coreType) : "")
                    + ", DL4J oneDNN helpers " + (helpers ? "on" : "off");
        }
    }

    private static Report report;

    private NativeSetup() {
    }

    public static synchronized Report configure() {
        if (report != null) {
            return report;
        }
        Set<String> flags = cpuFlags();
        setIfAbsent(HELPERS_DISABLE, "false");
        setIfAbsent(JAVACPP_LOGGER, "slf4j");
        String extension = System.getProperty(EXTENSION);
        if (extension == null) {
            extension = chooseExtension(flags);
            if (!extension.isEmpty()) {
                System.setProperty(EXTENSION, extension);
            }
        }
        String core = System.getenv(CORETYPE);
        if (core == null) {
            core = coreType(flags);
            if (core != null && !setenv(CORETYPE, core)) {
                core = null;
            }
        }
        String blas = System.getProperty(BLAS_LOAD);
        if (blas == null && !"openblas".equalsIgnoreCase(System.getProperty(BLAS_CHOICE)) && mklAvailable()) {
            blas = "mkl_rt";
            System.setProperty(BLAS_LOAD, blas);
        }
        // The helpers only do anything with a oneDNN build loaded: with the generic build they stay off.
        report = new Report(cpuName(), flags, extension, core,
                !"true".equals(System.getProperty(HELPERS_DISABLE)) && extension.contains("onednn"),
                blas != null && blas.startsWith("mkl") ? "MKL" : "OpenBLAS");
        return report;
    }

    /** The best oneDNN build this CPU can run that is on the classpath, or "" for the generic build. */
    static String chooseExtension(Set<String> flags) {
        Map<String, Boolean> candidates = new LinkedHashMap<>();
        candidates.put("-onednn-avx512",
                flags.containsAll(Set.of("avx512f", "avx512bw", "avx512vl", "avx512dq", "avx2", "fma")));
        candidates.put("-onednn-avx2", flags.containsAll(Set.of("avx2", "fma")));
        candidates.put("-onednn", flags.contains("sse4_2") || flags.isEmpty());
        if (!isLinuxX86()) {
            return "";
        }
        for (Map.Entry<String, Boolean> c : candidates.entrySet()) {
            if (c.getValue() && NativeSetup.class.getResource(String.format(BINDINGS, c.getKey())) != null) {
                return c.getKey();
            }
        }
        return "";
    }

    /** MKL's natives for this platform are on the classpath (the pom adds them on x86-64 Linux). */
    static boolean mklAvailable() {
        return isLinuxX86() && NativeSetup.class.getResource(MKL_RT) != null;
    }

    /** OpenBLAS kernel family to force, or null to let it detect (only where 0.3.19 may not know the CPU). */
    static String coreType(Set<String> flags) {
        if (!isLinuxX86()) {
            return null;
        }
        if (flags.containsAll(Set.of("avx512f", "avx512bw", "avx512vl", "avx512dq"))) {
            return "SkylakeX";
        }
        if (flags.containsAll(Set.of("avx2", "fma"))) {
            return "Haswell";
        }
        return null;
    }

    private static boolean isLinuxX86() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    static Set<String> cpuFlags() {
        Set<String> flags = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    for (String f : line.substring(line.indexOf(':') + 1).trim().split("\\s+")) {
                        flags.add(f);
                    }
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no flags, generic natives
        }
        return flags;
    }

    private static String cpuName() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return System.getProperty("os.arch", "?");
    }

    private static boolean setenv(String name, String value) {
        try {
            return Libc.load().setenv(name, value, 0) == 0;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
