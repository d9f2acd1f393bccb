package org.cnnexplorer.app;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import javafx.beans.value.ChangeListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

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

    /**
     * The first start writes the list of classes its window JVM loads and leaves a JVM behind that makes the archive;
     * the next start's window JVM maps the probe's class from that archive.
     */
    @Test
    void theNextStartMapsTheClassesTheFirstLoaded(@TempDir Path cache) throws Exception {
        List<String> logLoads = List.of("-D" + WindowJvm.EXTRA + "=-Xlog:class+load=info");
        String first = probeIn(cache, logLoads);
        Path archive = awaitArchive(cache);
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("the list and the temporary files are gone")
                    .containsExactlyInAnyOrder(archive.getFileName().toString(), "probe.jar");
        }
        String second = probeIn(cache, logLoads);
        String shared = "WindowJvmTest$Probe source: shared objects file";
        assertThat(first).contains("probe zgc=true").doesNotContain(shared);
        assertThat(second).contains("probe zgc=true").contains(shared);
    }

    /** An archive the user's JVM cannot read never keeps the window from opening, and it goes. */
    @Test
    void aDamagedArchiveIsDeletedAndTheWindowOpensAllTheSame(@TempDir Path cache) throws Exception {
        probeIn(cache, List.of());
        Path archive = awaitArchive(cache);
        byte[] whole = Files.readAllBytes(archive);
        Files.write(archive, Arrays.copyOf(whole, whole.length / 2));
        String out = probeIn(cache, List.of());
        assertThat(out).contains("did not start").contains("arg=hello");
        assertThat(archive).doesNotExist();
    }

    @Test
    void theUsersOwnClassSharingOptionsWin(@TempDir Path cache) {
        assertThat(StartArchive.of(JAVA, "app.jar", cache, List.of("-Xshare:off"))).isEmpty();
        assertThat(StartArchive.of(JAVA, "app.jar", cache, List.of("-XX:SharedArchiveFile=my.jsa"))).isEmpty();
        assertThat(StartArchive.of(JAVA, "app.jar", cache, List.of("-Xmx1g")).orElseThrow().options())
                .singleElement().asString().startsWith("-XX:DumpLoadedClassList=" + cache);
    }

    /** Another build of a jar (its size or time) or another JVM is another archive. */
    @Test
    void anArchiveBelongsToOneJvmAndOneBuild(@TempDir Path dir) throws IOException {
        Path jar = Files.writeString(dir.resolve("app.jar"), "one");
        String key = StartArchive.key(JAVA, "17.0.15", jar.toString());
        assertThat(StartArchive.key(JAVA, "17.0.15", jar.toString())).isEqualTo(key);
        assertThat(StartArchive.key(JAVA, "17.0.16", jar.toString())).isNotEqualTo(key);
        assertThat(StartArchive.key("/usr/bin/java", "17.0.15", jar.toString())).isNotEqualTo(key);
        Files.writeString(jar, "other");
        assertThat(StartArchive.key(JAVA, "17.0.15", jar.toString())).isNotEqualTo(key);
    }

    private static Path awaitArchive(Path cache) throws IOException, InterruptedException {
        for (int i = 0; i < 600; i++) {
            try (Stream<Path> files = Files.list(cache)) {
                Optional<Path> jsa = files.filter(f -> f.getFileName().toString().endsWith(".jsa")).findFirst();
                if (jsa.isPresent()) {
                    return jsa.get();
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no archive after 2 minutes in " + cache);
    }

    @Test
    void theWindowsJvmGetsHugePagesForMallocWithoutLosingTheUsersTunables() {
        assertThat(WindowJvm.environment(Map.of())).containsEntry("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1");
        assertThat(WindowJvm.environment(Map.of("GLIBC_TUNABLES", "glibc.malloc.arena_max=2")))
                .containsEntry("GLIBC_TUNABLES", "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1");
        assertThat(WindowJvm.environment(Map.of("GLIBC_TUNABLES", "glibc.malloc.hugetlb=0")))
                .as("the user's own choice stays").isEmpty();
    }

    /** Runs {@link Probe} in a JVM with these options, without a start-up archive; it must exit with 7. */
    private static String probe(String... jvmOptions) throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(List.of(jvmOptions));
        options.add("-D" + StartArchive.PROPERTY + "=false");
        return run(Path.of("").toAbsolutePath(), options, System.getProperty("java.class.path"));
    }

    /**
     * As {@link #probe}, with start-up archives in {@code cache}, which is also the JVMs' working folder, and the
     * classes in jars (the JVM archives classes from jars only).
     */
    private static String probeIn(Path cache, List<String> jvmOptions) throws IOException, InterruptedException {
        Path javafx = Path.of(ChangeListener.class.getProtectionDomain().getCodeSource()
                .getLocation().getPath());
        return run(cache, jvmOptions, probeJar(cache) + File.pathSeparator + javafx);
    }

    private static String run(Path cache, List<String> jvmOptions, String classPath)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dcnnexplorer.cache=" + cache);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, Probe.class.getName(), "hello"));
        // a JVM that aborts writes its report into the working folder
        Path log = Files.createTempFile("probe", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(cache.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isEqualTo(7);
            return out;
        } finally {
            Files.delete(log);
        }
    }

    /**
     * The probe and what it runs (this package and {@code io}) as one jar, the same for every start of one test (a new
     * jar would be another build).
     */
    private static Path probeJar(Path dir) throws IOException {
        Path jar = dir.resolve("probe.jar");
        if (Files.exists(jar)) {
            return jar;
        }
        Path main = Path.of(WindowJvm.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Path test = Path.of(Probe.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Path root : List.of(main, test)) {
                for (String pkg : List.of("org/cnnexplorer/app", "org/cnnexplorer/io")) {
                    if (!Files.isDirectory(root.resolve(pkg))) {
                        continue;
                    }
                    try (Stream<Path> files = Files.list(root.resolve(pkg))) {
                        for (Path f : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                            out.putNextEntry(new JarEntry(root.relativize(f).toString()));
                            out.write(Files.readAllBytes(f));
                            out.closeEntry();
                        }
                    }
                }
            }
        }
        return jar;
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
