package org.cnnexplorer.weights;

import org.cnnexplorer.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The size and SHA-256 of the first download of each Hugging Face row ({@link KnownWeights.HubFile}), whose facts
 * cannot be listed in advance: later downloads of the row must match them. One tab-separated line per repository in
 * {@value #FILE} of the weights folder, rewritten whole (temporary file and move) when a row is recorded. Deleting a
 * line accepts whatever the next download brings, once it imports.
 */
public final class FirstDownloads {
    /** The record's name in the weights folder. */
    public static final String FILE = "first-downloads.tsv";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final String HEADER = "# Size and SHA-256 of the first download of each Hugging Face repository's"
            + " weights (written by CNN Explorer); later downloads must match. Delete a line to accept a changed"
            + " file.\n"
            + "# repository\tsize\tsha256\tdownloaded from\twhen\n";

    /** One row's first download. */
    public record Entry(String repository, long size, String sha256, String from, String when) {
    }

    private final Path file;

    public FirstDownloads(Path weightsDir) {
        this.file = weightsDir.resolve(FILE);
    }

    public Path file() {
        return file;
    }

    /** The first download of {@code row}, if one was recorded (a damaged line records nothing). */
    public Optional<Entry> of(KnownWeights.HubFile row) throws IOException {
        return Optional.ofNullable(read().get(row.repository()));
    }

    /** Records {@code row}'s first download, keeping the other rows' lines. */
    void record(KnownWeights.HubFile row, long size, String sha256, String from) throws IOException {
        Map<String, Entry> all = read();
        all.put(row.repository(), new Entry(row.repository(), size, sha256, from, Instant.now().toString()));
        StringBuilder text = new StringBuilder(HEADER);
        for (Entry e : all.values()) {
            text.append(String.join("\t", e.repository(), Long.toString(e.size()), e.sha256(), e.from(), e.when()))
                    .append('\n');
        }
        AtomicFiles.folder(file.getParent());
        AtomicFiles.write(file, text.toString());
    }

    private Map<String, Entry> read() throws IOException {
        Map<String, Entry> out = new LinkedHashMap<>();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return out;
        }
        for (String line : text.split("\n")) {
            String[] f = line.split("\t", -1);
            if (line.startsWith("#") || f.length != 5 || !f[1].matches("[1-9][0-9]{0,17}")
                    || !SHA256.matcher(f[2]).matches()) {
                continue;
            }
            out.put(f[0], new Entry(f[0], Long.parseLong(f[1]), f[2], f[3], f[4]));
        }
        return out;
    }
}
