package org.cnnexplorer.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes files so that nothing the user made is ever half-written: the content goes to a temporary file beside the
 * target, which is then moved over it. A failure leaves the old file (or none) and no temporary file behind.
 * Every writer in the product (weights, checkpoints, exports, datasets) goes through here.
 *
 * <p>The target's folder must exist: a mistyped {@code --out /nonexistent/x.png} is refused instead of creating
 * folders the user never asked for; folders the application owns are made with {@link #folder}. Commands check the
 * files they will write with {@link #checkOutput} before their work starts, so a long run never ends on an
 * unwritable output.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** A file that cannot be written where the user asked; the message says why, in one line. */
    public static final class UnwritableException extends IOException {
        private static final long serialVersionUID = 1L;

        UnwritableException(Path target, String why) {
            super("cannot write " + target + ": " + why);
        }
    }

    /**
     * Refuses, before any work, an output whose folder is missing or read-only, that names a folder, or that is one of
     * {@code inputs} (writing a result over the picture or file it came from).
     */
    public static void checkOutput(Path target, Path... inputs) throws UnwritableException {
        Path abs = target.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) {
            throw new UnwritableException(target, "it is a folder");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UnwritableException(target, "the folder " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw new UnwritableException(target, "the folder " + dir + " is not writable");
        }
        for (Path in : inputs) {
            if (in != null && sameFile(abs, in)) {
                throw new UnwritableException(target, "it is an input of this command; choose another name");
            }
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) ? Files.isSameFile(a, b)
                    : a.equals(b.toAbsolutePath().normalize());
        } catch (IOException e) {
            return false;
        }
    }

    /** A folder the application owns (its data folder, a run's output folder): made if missing, refused if a file. */
    public static Path folder(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UnwritableException(dir, "it is a file, not a folder");
        }
        return Files.createDirectories(dir);
    }

    public static void write(Path target, Writer writer) throws IOException {
        checkOutput(target);
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        // Not Files.createTempFile: its owner-only permissions would stick to the finished file.
        Path tmp = dir.resolve(tempName(abs.getFileName().toString()));
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                writer.write(out);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A temporary file's name: hidden, with this process's id, so that {@link #removeLeftovers} can tell the leftovers
     * of a killed process from the files a running one is still writing.
     */
    public static String tempName(String finalName) {
        return "." + finalName + "." + ProcessHandle.current().pid() + "-" + UUID.randomUUID() + ".tmp";
    }

    private static final Pattern TEMP = Pattern.compile("\\..+\\.(\\d+)-[0-9a-f-]{36}\\.tmp");

    /**
     * Deletes the temporary files ({@link #tempName}) in {@code dir} whose process is gone (killed during a save);
     * returns how many. A missing or unreadable folder has none.
     */
    public static int removeLeftovers(Path dir) {
        return removeLeftovers(dir, TEMP);
    }

    /** As {@link #removeLeftovers(Path)}, for file names matching {@code pattern}, whose group 1 is the process id. */
    public static int removeLeftovers(Path dir, Pattern pattern) {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Matcher m = pattern.matcher(f.getFileName().toString());
                if (m.matches() && !alive(Long.parseLong(m.group(1))) && Files.isRegularFile(f)
                        && Files.deleteIfExists(f)) {
                    removed++;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // nothing to clean that we may read
        }
        return removed;
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    public static void write(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
