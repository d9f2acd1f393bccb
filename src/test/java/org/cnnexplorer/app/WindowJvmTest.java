package org.cnnexplorer.app;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class WindowJvmTest {
    private static final String JAVA = "/opt/jdk/bin/java";
    private static final long GB = 1L << 30;

    @Test
    void theWindowsJvmKeepsTheUsersOptionsAndAddsZgcWithASoftHeapLimit() {
        List<String> c = WindowJvm.command(JAVA, List.of("-Dprism.order=sw"), "app.jar", "a.Main", List.of("x"), false,
                GB * 4).orElseThrow();
        assertThat(c).containsSubsequence(JAVA, "-Dprism.order=sw", "-XX:+UseZGC", "-XX:SoftMaxHeapSize=512m",
                "-D" + WindowJvm.RELAUNCHED + "=true", "-cp", "app.jar", "a.Main", "x");
    }

    /** A soft limit above the maximum heap would stop the JVM from starting at all. */
    @Test
    void noSoftLimitWhenTheUserSizedTheHeapOrTheMachineIsSmall() {
        List<String> sized = WindowJvm.command(JAVA, List.of("-Xmx256m"), "app.jar", "a.Main", List.of(), false,
                GB / 4).orElseThrow();
        assertThat(sized).contains("-Xmx256m", "-XX:+UseZGC").noneMatch(a -> a.startsWith("-XX:SoftMaxHeapSize"));
        List<String> small = WindowJvm.command(JAVA, List.of(), "app.jar", "a.Main", List.of(), false, GB / 2)
                .orElseThrow();
        assertThat(small).contains("-XX:+UseZGC").noneMatch(a -> a.startsWith("-XX:SoftMaxHeapSize"));
    }

    @Test
    void noSecondJvmWhenAlreadyTunedOrWhenTheUserChoseOrAToolIsAttached() {
        assertThat(WindowJvm.command(JAVA, List.of(), "app.jar", "a.Main", List.of(), true, GB)).isEmpty();
        assertThat(WindowJvm.command(JAVA, List.of("-XX:+UseParallelGC"), "app.jar", "a.Main", List.of(), false, GB))
                .isEmpty();
        assertThat(WindowJvm.command(JAVA, List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005"),
                "app.jar", "a.Main", List.of(), false, GB)).isEmpty();
        assertThat(WindowJvm.command(JAVA, List.of("-javaagent:x.jar"), "app.jar", "a.Main", List.of(), false, GB))
                .isEmpty();
        assertThat(WindowJvm.command(null, List.of(), "app.jar", "a.Main", List.of(), false, GB)).isEmpty();
        assertThat(WindowJvm.command(JAVA, List.of("-XX:MaxGCPauseMillis=20"), "app.jar", "a.Main", List.of(), false,
                GB)).isPresent();
    }

    @Test
    void optionsForTheWindowJvmAreAddedAndAHeapSizedThereGetsNoSoftLimit() {
        System.setProperty(WindowJvm.EXTRA, " -Xmx256m  -Dx=1 ");
        try {
            List<String> c = WindowJvm.command(JAVA, List.of(), "app.jar", "a.Main", List.of(), false, GB * 4)
                    .orElseThrow();
            assertThat(c).containsSubsequence("-XX:+UseZGC", "-Xmx256m", "-Dx=1", "-cp")
                    .noneMatch(a -> a.startsWith("-XX:SoftMaxHeapSize"));
        } finally {
            System.clearProperty(WindowJvm.EXTRA);
        }
    }

    /** jpackage's native launcher takes options for program arguments: the second JVM is started by java itself. */
    @Test
    void findsJavaAndNeverTakesAnAppLauncherForIt(@TempDir Path dir) throws IOException {
        Path launcher = Files.createDirectories(dir.resolve("CNN-Explorer/bin")).resolve("CNN-Explorer");
        Files.writeString(launcher, "#!/bin/sh\n");
        launcher.toFile().setExecutable(true);
        Path runtime = dir.resolve("CNN-Explorer/lib/runtime");
        assertThat(WindowJvm.javaExecutable(Optional.of(launcher.toString()), runtime.toString())).isNull();
        Path java = Files.createDirectories(runtime.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n");
        java.toFile().setExecutable(true);
        assertThat(WindowJvm.javaExecutable(Optional.of(launcher.toString()), runtime.toString()))
                .isEqualTo(java.toString());
        assertThat(WindowJvm.javaExecutable(Optional.of(java.toString()), "/nowhere")).isEqualTo(java.toString());
    }

    /**
     * A real second JVM: it runs ZGC with the soft limit, gets the arguments, and its exit status is the launcher's.
     */
    @Test
    void relaunchesIntoAZgcJvmAndPassesItsExitStatusOn() throws Exception {
        // MaxRAM fixes the default heap (2 GB) whatever this machine has
        String out = probe("-XX:MaxRAM=8g");
        assertThat(out).contains("probe zgc=true soft=512m arg=hello").doesNotContain("zgc=false")
                .containsPattern("tunables=\\S*glibc\\.malloc\\.hugetlb=");
    }

    @Test
    void aHeapTheUserSizedGetsNoSoftLimit() throws Exception {
        assertThat(probe("-Xmx256m")).contains("probe zgc=true soft=0m arg=hello max=256m");
    }

    @Test
    void doesNotRelaunchWhenToldNotTo() throws Exception {
        assertThat(probe("-Dcnnexplorer.relaunch=false", "-XX:+UseSerialGC"))
                .contains("probe zgc=false soft=0m arg=hello");
    }

    /** A window JVM that cannot start (here: an option it does not know) leaves the window to the launcher's JVM. */
    @Test
    void aWindowJvmThatCannotStartFallsBackToThisOne() throws Exception {
        String out = probe("-Dcnnexplorer.windowJvmOptions=-XX:+NoSuchOptionAnywhere");
        assertThat(out).contains("did not start").contains("probe zgc=false soft=0m arg=hello");
    }

    @Test
    void theWindowsJvmGetsHugePagesForMallocWithoutLosingTheUsersTunables() {
        assertThat(WindowJvm.environment(Map.of())).containsEntry("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1");
        assertThat(WindowJvm.environment(Map.of("GLIBC_TUNABLES", "glibc.malloc.arena_max=2")))
                .containsEntry("GLIBC_TUNABLES", "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1");
        assertThat(WindowJvm.environment(Map.of("GLIBC_TUNABLES", "glibc.malloc.hugetlb=0")))
                .as("the user's own choice stays").isEmpty();
    }

    /** Runs {@link Probe} in a JVM with these options; it must exit with the probe's status, 7. */
    private static String probe(String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName(), "hello"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isEqualTo(7);
        return out;
    }

    /** Stands in for the launcher: relaunches itself, then reports what JVM it runs in. */
    public static final class Probe {
        public static void main(String[] args) {
            OptionalInt status = WindowJvm.relaunch(Probe.class, args);
            if (status.isPresent()) {
                System.exit(status.getAsInt());
            }
            long max = Runtime.getRuntime().maxMemory() >> 20;
            VMOption soft = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption("SoftMaxHeapSize");
            long softMb = soft.getOrigin() == VMOption.Origin.VM_CREATION ? Long.parseLong(soft.getValue()) >> 20 : 0;
            System.out.println("probe zgc=" + WindowJvm.runsZgc() + " soft=" + softMb + "m arg="
                    + String.join(",", args) + " max=" + (max >= 240 && max <= 260 ? "256m" : max + "m")
                    + " tunables=" + System.getenv("GLIBC_TUNABLES"));
            System.exit(7);
        }
    }

}
