package org.cnnexplorer.app;

import org.cnnexplorer.io.DataFolders;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts the window in a JVM whose collector does not stop the UI.
 *
 * <p>Training allocates fast: every ND4J array, view and shape buffer made outside a workspace registers a weak
 * reference, and those references (with their ids and deallocators) survive the next young collection. Under the
 * default G1 settings a young pause then copies 20–45 MB and takes 50–110 ms on a two-core laptop: the JavaFX thread
 * stalls for that long, several times a minute (measured with {@code src/scripts/ui-frames.sh}). ZGC collects
 * concurrently and its pauses stay under a millisecond; a soft heap limit of 512 MB makes it collect often enough that
 * the native memory behind dead arrays is returned soon (peak PSS 1.2 GB for an epoch, as with G1, instead of 2.2 GB
 * without the limit). A jar cannot name its own JVM options, so the launcher
 * starts a second JVM with them, unless the JVM already runs ZGC, the user chose a collector, a debugger or agent is
 * attached, or {@code -Dcnnexplorer.relaunch=false} says not to. That JVM also gets a malloc setting that only an
 * environment variable can make (see {@link #environment}).
 */
final class WindowJvm {
    static final String RELAUNCHED = "cnnexplorer.relaunched";
    private static final String STARTED = "cnnexplorer.started";
    /** More options for the window's JVM, separated by spaces (e.g. {@code -Xmx2g}). */
    static final String EXTRA = "cnnexplorer.windowJvmOptions";
    static final String COLLECTOR = "-XX:+UseZGC";
    static final String TUNABLES = "GLIBC_TUNABLES";
    private static final String HUGE_PAGES_TUNABLE = "glibc.malloc.hugetlb";
    static final String HUGE_PAGES = HUGE_PAGES_TUNABLE + "=1";
    static final String SOFT_LIMIT = "-XX:SoftMaxHeapSize=512m";
    private static final long SOFT_LIMIT_NEEDS = 1L << 30;

    private WindowJvm() {
    }

    /**
     * Runs {@code mainClass} in a tuned JVM and returns its exit status, or returns empty when this JVM should go on
     * itself (already tuned, opted out, or the second JVM could not be started).
     */
    static OptionalInt relaunch(Class<?> mainClass, String[] args) {
        if (Boolean.getBoolean(RELAUNCHED)) {
            // tell the launcher this JVM came up (see below)
            String started = System.getProperty(STARTED);
            if (started != null) {
                try {
                    Files.deleteIfExists(Path.of(started));
                } catch (IOException ignored) {
                    // the launcher then falls back only if this JVM fails
                }
            }
            return OptionalInt.empty();
        }
        if (!Boolean.parseBoolean(System.getProperty("cnnexplorer.relaunch", "true"))) {
            return OptionalInt.empty();
        }
        String java = javaExecutable(ProcessHandle.current().info().command(), System.getProperty("java.home"));
        Optional<List<String>> command = command(java, ManagementFactory.getRuntimeMXBean().getInputArguments(),
                System.getProperty("java.class.path"), mainClass.getName(), List.of(args), runsZgc(),
                Runtime.getRuntime().maxMemory());
        if (command.isEmpty()) {
            return OptionalInt.empty();
        }
        Optional<StartArchive> archive = StartArchive.of(java, System.getProperty("java.class.path"),
                DataFolders.cache(), command.get());
        Process child;
        Path started;
        try {
            // The second JVM deletes this file first thing. If it exits with an error and the file is still there,
            // the JVM itself could not start (ZGC unsupported on this system, a bad option): run in this one.
            started = Files.createTempFile("cnn-explorer-window", ".starting");
            started.toFile().deleteOnExit();
            List<String> c = new ArrayList<>(command.get());
            c.add(c.indexOf("-cp"), "-D" + STARTED + "=" + started);
            c.add(c.indexOf("-cp"), "-D" + StartupClock.LAUNCHED + "=" + StartupClock.launchedAt());
            if (archive.isPresent()) {
                c.addAll(c.indexOf("-cp"), archive.get().options());
            }
            ProcessBuilder builder = new ProcessBuilder(c).inheritIO();
            builder.environment().putAll(environment(System.getenv()));
            child = builder.start();
        } catch (IOException e) {
            System.err.println("cnn-explorer: could not start the window's JVM (" + e.getMessage()
                    + "); running in this one");
            return OptionalInt.empty();
        }
        // The window closes with its launcher: a launcher ended by a signal takes the window down, which saves first,
        // and waits for it, so that whoever stopped the launcher knows the window is gone too.
        Thread stop = new Thread(() -> {
            child.destroy();
            try {
                child.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stop window JVM");
        Runtime.getRuntime().addShutdownHook(stop);
        while (true) {
            try {
                int status = child.waitFor();
                Runtime.getRuntime().removeShutdownHook(stop);
                if (status != 0 && Files.deleteIfExists(started)) {
                    System.err.println("cnn-explorer: the window's JVM did not start (status " + status
                            + "); running in this one");
                    archive.ifPresent(StartArchive::discard);
                    return OptionalInt.empty();
                }
                Files.deleteIfExists(started);
                archive.ifPresent(StartArchive::afterRun);
                return OptionalInt.of(status);
            } catch (IOException e) {
                return OptionalInt.of(1);
            } catch (InterruptedException e) {
                // the launcher has nothing else to do: keep waiting
            } catch (IllegalStateException shuttingDown) {
                return OptionalInt.of(1);
            }
        }
    }

    /**
     * The second JVM's command line, or empty when there should be none. Keeps every option this JVM got (memory,
     * system properties, logging) and adds ZGC, with the soft heap limit unless the user sized the heap or the
     * default heap is too small for it ({@code maxHeap}: this JVM's, which the same machine gives the second one).
     */
    static Optional<List<String>> command(String java, List<String> jvmArgs, String classPath, String mainClass,
                                          List<String> args, boolean zgcAlready, long maxHeap) {
        if (zgcAlready || java == null || classPath == null || classPath.isEmpty()) {
            return Optional.empty();
        }
        for (String a : jvmArgs) {
            // a debugger or profiler is attached to this JVM, and a port or agent cannot be shared; the user's own
            // choice of collector wins
            if (a.startsWith("-agentlib") || a.startsWith("-agentpath") || a.startsWith("-javaagent")
                    || a.startsWith("-Xrunjdwp") || a.startsWith("-Xdebug")
                    || (a.startsWith("-XX:+Use") && a.endsWith("GC"))) {
                return Optional.empty();
            }
        }
        String extraText = System.getProperty(EXTRA, "").trim();
        List<String> extra = extraText.isEmpty() ? List.of() : List.of(extraText.split("\\s+"));
        boolean sized = Stream.concat(jvmArgs.stream(), extra.stream()).anyMatch(a ->
                a.startsWith("-Xmx") || a.startsWith("-XX:MaxHeapSize") || a.startsWith("-XX:SoftMaxHeapSize"));
        List<String> c = new ArrayList<>();
        c.add(java);
        c.addAll(jvmArgs);
        c.add(COLLECTOR);
        if (!sized && maxHeap >= SOFT_LIMIT_NEEDS) {
            c.add(SOFT_LIMIT);
        }
        c.addAll(extra);
        c.add("-D" + RELAUNCHED + "=true");
        c.add("-cp");
        c.add(classPath);
        c.add(mainClass);
        c.addAll(args);
        return Optional.of(c);
    }

    /**
     * What the second JVM's environment adds to {@code current}: glibc's malloc told to back its large blocks with
     * transparent huge pages, unless the user set that tunable. oneDNN allocates its scratch buffers afresh on every
     * call and glibc maps and unmaps blocks over 32 MB each time, so the kernel faulted every page of them in again:
     * 2.8–4.1 million page faults where 0.2–0.5 million remain with huge pages, and ResNet-50's inference at batch 16
     * took 1.2–2.2× as long, plain-20's training step at 32×32 2.3–2.8× (Winograd's backward pass; AMD EPYC, 2 cores).
     * glibc before 2.35 ignores the tunable.
     */
    static Map<String, String> environment(Map<String, String> current) {
        String tunables = current.getOrDefault(TUNABLES, "");
        if (tunables.contains(HUGE_PAGES_TUNABLE)) {
            return Map.of();
        }
        return Map.of(TUNABLES, tunables.isEmpty() ? HUGE_PAGES : tunables + ":" + HUGE_PAGES);
    }

    static boolean runsZgc() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc.getName().startsWith("ZGC")) {
                return true;
            }
        }
        return false;
    }

    /** The java command that runs this JVM, or null: {@code running} is this process's command. */
    static String javaExecutable(Optional<String> running, String javaHome) {
        // An installed app's process is its native launcher, not java: that one would take the options for arguments.
        if (running.isPresent() && Files.isExecutable(Path.of(running.get()))
                && Path.of(running.get()).getFileName().toString().matches("javaw?(\\.exe)?")) {
            return running.get();
        }
        Path bin = Path.of(javaHome, "bin");
        for (String name : new String[] {"java", "java.exe"}) {
            if (Files.isExecutable(bin.resolve(name))) {
                return bin.resolve(name).toString();
            }
        }
        return null;
    }
}
