package org.cnnexplorer.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where the application keeps what the user made: training runs, imported weights, lesson results, each a folder of
 * {@link #home()}. A system property moves one of them (tests, demos, a classroom share).
 */
public final class DataFolders {
    /** Moves the whole data folder. */
    public static final String HOME_PROPERTY = "cnnexplorer.home";
    /** The copies of shipped weights made while loading them ({@code cnn-explorer-PID-…zip} in the temp folder). */
    public static final Pattern SHIPPED_COPY = Pattern.compile("cnn-explorer-(\\d+)-.+\\.zip");

    private DataFolders() {
    }

    /**
     * The data folder: {@code -Dcnnexplorer.home} if given; else an existing {@code ~/.cnn-explorer} (where earlier
     * versions kept everything: kept, never moved behind the user's back); else, on Linux, {@code cnn-explorer} in
     * the XDG data folder ({@code $XDG_DATA_HOME}, by default {@code ~/.local/share}); elsewhere
     * {@code ~/.cnn-explorer}. The home folder is {@code $HOME} when set (Java's {@code user.home} ignores it).
     */
    public static Path home() {
        String p = System.getProperty(HOME_PROPERTY);
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        String env = System.getenv("HOME");
        Path user = Path.of(env != null && !env.isBlank() ? env : System.getProperty("user.home"));
        Path legacy = user.resolve(".cnn-explorer");
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
        if (Files.isDirectory(legacy) || !linux) {
            return legacy;
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        // the XDG specification says a relative path there is invalid and to be ignored
        Path data = xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg) : user.resolve(".local").resolve("share");
        return data.resolve("cnn-explorer");
    }

    /** Training runs and degradation series; {@code -Dcnnexplorer.runs=DIR} moves them. */
    public static Path runs() {
        return folder("cnnexplorer.runs", "runs");
    }

    /** Imported and downloaded weights; {@code -Dcnnexplorer.weights=DIR} moves them. */
    public static Path weights() {
        return folder("cnnexplorer.weights", "weights");
    }

    /** Results of the lessons' live experiments; {@code -Dcnnexplorer.lessons=DIR} moves them. */
    public static Path lessons() {
        return folder("cnnexplorer.lessons", "lessons");
    }

    /** What can be made again (the window's start-up archive); {@code -Dcnnexplorer.cache=DIR} moves it. */
    public static Path cache() {
        return folder("cnnexplorer.cache", "cache");
    }

    /**
     * Removes what killed processes left behind in the data folders and the temp folder (half-written files, copies
     * of shipped weights); returns how many files.
     */
    public static int removeLeftovers() {
        return AtomicFiles.removeLeftovers(runs()) + AtomicFiles.removeLeftovers(weights())
                + AtomicFiles.removeLeftovers(lessons())
                + AtomicFiles.removeLeftovers(Path.of(System.getProperty("java.io.tmpdir")), SHIPPED_COPY);
    }

    private static Path folder(String property, String name) {
        String p = System.getProperty(property);
        return p != null ? Path.of(p) : home().resolve(name);
    }
}
