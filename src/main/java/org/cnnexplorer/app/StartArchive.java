package org.cnnexplorer.app;

import org.cnnexplorer.io.AtomicFiles;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * A class-data sharing archive of the classes the window loads, so that later starts map about 8,000 classes from
 * one file instead of reading, verifying and linking them from the jars: the first diagram was painted at 2.87 s
 * instead of 3.62 s after launch (medians of five alternated starts, {@code src/scripts/startup.sh}, AMD EPYC, 2
 * cores).
 *
 * <p>It takes one start to make. That window's JVM writes the classes it loads to a list
 * ({@code -XX:DumpLoadedClassList}). When it ends, the launcher keeps the list and starts a separate JVM (this
 * class's {@code main}) that dumps the archive ({@code -Xshare:dump}, about 10 CPU-seconds) and moves it into place
 * whole; the launcher does not wait for it. A list left by a launcher that was killed is taken up by the next start,
 * whose archive JVM waits a minute first so as not to slow that start down.
 *
 * <p>An archive is only good for one JVM and one set of jars (the JVM checks them and ignores an archive that does
 * not match), so its name carries a digest of both, and making one deletes the others. JDK 17 crashes dumping the
 * lambda classes that touch the signed ELK and EMF jars ({@code adjust_lambda_proxy_class_dictionary}), so the list
 * goes without those. A damaged archive aborts the JVM before it runs anything: {@link WindowJvm} then falls back to
 * its own JVM and calls {@link #discard}.
 */
final class StartArchive {
    /** {@code -Dcnnexplorer.startArchive=false} starts every window without one (and makes none). */
    static final String PROPERTY = "cnnexplorer.startArchive";
    static final int WAIT_WHEN_TAKEN_UP_S = 60;
    private static final Pattern LIST_LEFT =
            Pattern.compile("\\.(start-[0-9a-f]+\\.classes)\\.(\\d+)-[0-9a-f-]{36}\\.tmp");

    private final Path folder;
    private final String key;
    private final String java;
    private final String collector;
    private final String classPath;
    private Path list;

    private StartArchive(Path folder, String key, String java, String collector, String classPath) {
        this.folder = folder;
        this.key = key;
        this.java = java;
        this.collector = collector;
        this.classPath = classPath;
    }

    /**
     * The archive for the window JVM run by {@code java} on {@code classPath}, kept in {@code folder}; none when the
     * user chose how that JVM shares classes. {@code jvmArgs} are that JVM's options: its collector is the archive's
     * too (JDK 17 ignores an archive made under another one).
     */
    static Optional<StartArchive> of(String java, String classPath, Path folder, List<String> jvmArgs) {
        if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true")) || jvmArgs.stream().anyMatch(a ->
                a.startsWith("-Xshare") || a.contains("SharedArchiveFile") || a.contains("DumpLoadedClassList")
                        || a.contains("SharedClassListFile") || a.contains("ArchiveClassesAtExit"))) {
            return Optional.empty();
        }
        for (String entry : classPath.split(File.pathSeparator)) {
            if (Files.isDirectory(Path.of(entry))) {
                // the JVM archives classes from jars only (a class folder: the app run from a build tree)
                return Optional.empty();
            }
        }
        try {
            AtomicFiles.folder(folder);
        } catch (IOException e) {
            return Optional.empty();
        }
        String collector = jvmArgs.stream().filter(a -> a.startsWith("-XX:+Use") && a.endsWith("GC"))
                .reduce((first, last) -> last).orElse("-XX:+UseG1GC");
        StartArchive a = new StartArchive(folder,
                key(java, System.getProperty("java.vm.version") + " " + collector, classPath), java, collector,
                classPath);
        a.takeUpLeftLists();
        return Optional.of(a);
    }

    Path archive() {
        return folder.resolve("start-" + key + ".jsa");
    }

    Path classes() {
        return folder.resolve("start-" + key + ".classes");
    }

    /** The window JVM's options: the archive when there is one, else the list to write (none while one waits). */
    List<String> options() {
        if (Files.isRegularFile(archive())) {
            return List.of("-XX:SharedArchiveFile=" + archive(), "-Xshare:auto");
        }
        if (Files.isRegularFile(classes())) {
            return List.of();
        }
        list = folder.resolve(AtomicFiles.tempName(classes().getFileName().toString()));
        return List.of("-XX:DumpLoadedClassList=" + list);
    }

    /** After the window's JVM ended: keeps the list it wrote and starts the JVM that makes the archive. */
    void afterRun() {
        if (list != null) {
            keep(list);
            list = null;
            startDump(0);
        }
    }

    /** The archive stopped the JVM from starting: the next start makes a new one. */
    void discard() {
        try {
            Files.deleteIfExists(archive());
        } catch (IOException ignored) {
            // the JVM ignores an archive it cannot read, and one it can read but cannot use aborts again: tell nobody
        }
    }

    /** A launcher killed while its window ran left its list: keep it, and make the archive once this start is done. */
    private void takeUpLeftLists() {
        boolean taken = false;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path f : files) {
                Matcher m = LIST_LEFT.matcher(f.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(2))).map(p -> !p.isAlive()).orElse(true)) {
                    if (m.group(1).equals(classes().getFileName().toString()) && !Files.exists(archive())) {
                        keep(f);
                        taken = true;
                    }
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return;
        }
        AtomicFiles.removeLeftovers(folder);
        if (taken) {
            startDump(WAIT_WHEN_TAKEN_UP_S);
        }
    }

    /** The list's whole lines, but for ELK's lambda classes, become {@link #classes()}; the list itself goes. */
    private void keep(Path written) {
        try {
            if (Files.isRegularFile(written)) {
                String text = Files.readString(written, StandardCharsets.UTF_8);
                // a JVM killed mid-line leaves half a class name
                int end = text.lastIndexOf('\n');
                List<String> kept = new ArrayList<>();
                for (String line : text.substring(0, end + 1).split("\n")) {
                    if (!line.isBlank() && !(line.startsWith("@lambda-proxy") && line.contains("org/eclipse/"))) {
                        kept.add(line);
                    }
                }
                if (!kept.isEmpty()) {
                    AtomicFiles.write(classes(), String.join("\n", kept) + "\n");
                }
            }
        } catch (IOException e) {
            // no archive this time
        } finally {
            try {
                Files.deleteIfExists(written);
            } catch (IOException ignored) {
                // a later start's clean-up takes it
            }
        }
    }

    private void startDump(int waitSeconds) {
        if (!Files.isRegularFile(classes()) || Files.exists(archive())) {
            return;
        }
        try {
            new ProcessBuilder(java, "-cp", classPath, StartArchive.class.getName(), java, collector, classPath,
                    classes().toString(), archive().toString(), Integer.toString(waitSeconds))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            // the next start tries again: the list stays
        }
    }

    /** The archive JVM: {@code java collector classPath classes archive waitSeconds}. */
    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(TimeUnit.SECONDS.toMillis(Integer.parseInt(args[5])));
        System.exit(dump(args[0], args[1], args[2], Path.of(args[3]), Path.of(args[4])) ? 0 : 1);
    }

    /**
     * Dumps the archive for the classes listed in {@code classes} and moves it to {@code archive}; the list and the
     * folder's other archives go. Returns whether there is an archive now. A dump that fails takes the list with it,
     * so the next start writes a new one and tries again.
     */
    static boolean dump(String java, String collector, String classPath, Path classes, Path archive) {
        if (Files.exists(archive)) {
            return true;
        }
        Path tmp = archive.resolveSibling(AtomicFiles.tempName(archive.getFileName().toString()));
        try {
            Process p = new ProcessBuilder(java, collector, "-Xshare:dump",
                    "-XX:SharedClassListFile=" + classes, "-XX:SharedArchiveFile=" + tmp, "-cp", classPath)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return false;
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(tmp)) {
                Files.deleteIfExists(classes);
                return false;
            }
            try (DirectoryStream<Path> old = Files.newDirectoryStream(archive.getParent(), "start-*.{jsa,classes}")) {
                for (Path f : old) {
                    if (!f.equals(classes)) {
                        Files.deleteIfExists(f);
                    }
                }
            }
            Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(classes);
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a later start's clean-up takes it
            }
        }
    }

    /**
     * A checksum of the JVM and of each class path entry's name, size and time: another build gets another name. (The
     * JVM checks the archive itself; this only keeps builds from taking turns over one file. A CRC, because the
     * launcher waits for it: SHA-256 loads the security providers, some 30 ms.)
     */
    static String key(String java, String vmVersion, String classPath) {
        StringBuilder s = new StringBuilder(java).append('\n').append(vmVersion).append('\n');
        for (String entry : classPath.split(File.pathSeparator)) {
            Path p = Path.of(entry);
            s.append(p.toAbsolutePath());
            try {
                s.append(' ').append(Files.size(p)).append(' ').append(Files.getLastModifiedTime(p).toMillis());
            } catch (IOException e) {
                s.append(" missing");
            }
            s.append('\n');
        }
        CRC32 crc = new CRC32();
        crc.update(s.toString().getBytes(StandardCharsets.UTF_8));
        return String.format(Locale.ROOT, "%08x", crc.getValue());
    }
}
