package org.cnnexplorer.weights;

import org.cnnexplorer.data.Preprocessing;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.ModelInfo;
import org.cnnexplorer.io.AtomicFiles;
import org.cnnexplorer.io.Cancellation;
import org.cnnexplorer.onnx.OnnxException;
import org.cnnexplorer.onnx.OnnxFile;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * Downloads a known file into the weights folder and imports it: a model zoo file (a row of known-weights.tsv with
 * its size and SHA-256) or a Hugging Face repository's torchvision weights (whose size and SHA-256 are recorded at
 * the first download that imports, {@link FirstDownloads}, and must match from then on). The sources are tried in
 * order, a mirror the user configured first; for a zoo file Hugging Face's copy of the zoo, then GitHub's old
 * address, each with the zoo's path; for a repository Hugging Face itself, with its own path (which a mirror of
 * Hugging Face keeps). A source that cannot be reached, answers an HTTP error or sends anything but the expected file
 * is passed over for the next. The bytes go to a hidden temporary file in the weights folder while their SHA-256 is
 * computed ({@link HttpFetcher}); only a file of the expected size and SHA-256, or one nothing was expected of yet, is
 * moved (atomically) to its name, anything else is deleted, as is the temporary file of a cancelled download. The
 * file is deleted once its weights are saved (the weights file records its name, SHA-256 and address; VGG's are
 * 550 MB); if the import of a checked file is cancelled or fails it stays, and the next download of it is only
 * re-checked, not fetched again, while a first download that does not import is deleted and recorded nowhere.
 */
public final class WeightsDownloader {
    /**
     * System property with a mirror tried before the public sources (a classroom proxy): it keeps the zoo's paths for
     * the zoo's files and Hugging Face's ({@code REPOSITORY/resolve/main/FILE}) for its repositories.
     */
    public static final String BASE_PROPERTY = "cnnexplorer.zooUrl";
    /**
     * Hugging Face's copy of the zoo, repository onnxmodelzoo/legacy_models, where the zoo's notice says its files
     * moved; it answers with a redirect to its CDN.
     */
    public static final String HUGGING_FACE = "https://huggingface.co/onnxmodelzoo/legacy_models/resolve/main/";
    /** GitHub's address for the content of the zoo's LFS files, off since 2025-07-01 (see known-weights.tsv). */
    public static final String GITHUB = "https://media.githubusercontent.com/media/onnx/models/main/";
    /** The sources of the zoo's files tried after the mirror, in order. */
    public static final List<URI> PUBLIC_SOURCES = List.of(URI.create(HUGGING_FACE), URI.create(GITHUB));
    /** Where Hugging Face's repositories are, tried after the mirror; it too redirects to its CDN. */
    public static final List<URI> HUB_SOURCES = List.of(URI.create("https://huggingface.co/"));
    /** The provenance key of the address a downloaded file came from. */
    public static final String FROM_KEY = "downloaded-from";

    /**
     * What the work is doing: connecting to a source, downloading ({@code done} of {@code total} bytes, the total
     * unknown (-1) for a first download from a server that does not say), checking a file already there, importing
     * (reading the file, then {@code done} of {@code total} thousandths copied) or saving.
     */
    public enum Phase { CONNECTING, DOWNLOADING, VERIFYING, IMPORTING, SAVING }

    /**
     * How far the work is.
     *
     * @param source the source connected to or downloaded from ({@link #shown}), empty in the other phases
     */
    public record Progress(Phase phase, long done, long total, String source) {
        public Progress(Phase phase, long done, long total) {
            this(phase, done, total, "");
        }

        /** 0..1, or -1 when it cannot be told (connecting, saving). */
        public double fraction() {
            return total <= 0 ? -1 : (double) done / total;
        }
    }

    /**
     * A file in the weights folder, of the size and SHA-256 given.
     *
     * @param from       the address it was asked for (whatever that redirected to), or null when it was there already
     * @param passedOver why each source before it was passed over, one "source: what it answered" each
     * @param first      true when nothing was known of the file to check it against (a Hugging Face row's first
     *                   download): its size and SHA-256 are recorded once it imports
     */
    public record Download(Path file, URI from, List<String> passedOver, long size, String sha256, boolean first) {
        public Download {
            passedOver = List.copyOf(passedOver);
        }
    }

    /** Weights saved from a downloaded file: the preprocessing recorded with them and where the file came from. */
    public record Installed(Preprocessing preprocessing, Download download) {
    }

    private final List<URI> zooSources;
    private final List<URI> hubSources;
    private final ImportedWeights store;
    private final FirstDownloads firsts;
    private final HttpFetcher http = new HttpFetcher("use a mirror (-D" + BASE_PROPERTY + "=URL)");

    /** Tries {@code zooSources} in order for the zoo's files, {@code hubSources} for Hugging Face's repositories. */
    public WeightsDownloader(List<URI> zooSources, List<URI> hubSources, ImportedWeights store) {
        if (zooSources.isEmpty() || hubSources.isEmpty()) {
            throw new IllegalArgumentException("no source to download from");
        }
        this.zooSources = withSlash(zooSources);
        this.hubSources = withSlash(hubSources);
        this.store = store;
        this.firsts = new FirstDownloads(store.dir());
    }

    private static List<URI> withSlash(List<URI> bases) {
        return bases.stream().map(b -> b.toString().endsWith("/") ? b : URI.create(b + "/")).toList();
    }

    /** The mirror, then Hugging Face (then GitHub for the zoo's files). */
    public static WeightsDownloader standard(ImportedWeights store) {
        return new WeightsDownloader(sources(PUBLIC_SOURCES), sources(HUB_SOURCES), store);
    }

    /**
     * The mirror {@code -Dcnnexplorer.zooUrl} names, if any, then {@code after}.
     *
     * @throws IllegalArgumentException one line, when the property holds no http or https address
     */
    public static List<URI> sources(List<URI> after) {
        String mirror = System.getProperty(BASE_PROPERTY, "").strip();
        List<URI> out = new ArrayList<>();
        if (!mirror.isEmpty()) {
            URI u;
            try {
                u = new URI(mirror);
            } catch (URISyntaxException e) {
                u = null;
            }
            if (u == null || u.getHost() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
                throw new IllegalArgumentException("-D" + BASE_PROPERTY + "=" + mirror
                        + " is no http or https address of a mirror");
            }
            out.add(u);
        }
        out.addAll(after);
        return out;
    }

    /** Where {@code file} is looked for, in order. */
    public List<URI> urls(KnownWeights.Downloadable file) {
        return (file instanceof KnownWeights.ZooFile ? zooSources : hubSources).stream()
                .map(b -> b.resolve(file.path())).toList();
    }

    /** The record of first downloads this downloader checks Hugging Face's files against. */
    public FirstDownloads firstDownloads() {
        return firsts;
    }

    /** A source as messages name it: its host, and its port when it has one (no user name or password). */
    public static String shown(URI url) {
        return url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
    }

    /**
     * Downloads {@code file}, imports it onto its catalog id and saves the weights, with the address the file came
     * from in their provenance ({@link #FROM_KEY}); the first download of a Hugging Face row that imports is then
     * recorded.
     *
     * @throws DownloadException one line, when no source has the expected file
     * @throws OnnxException one line, when it does not fit its network ({@link WeightsFileException} for a
     *                       safetensors file, its names, shapes or values)
     * @throws CancellationException when cancelled before the save (nothing saved)
     */
    public Installed install(KnownWeights.Downloadable file, Consumer<Progress> progress, Cancellation cancel)
            throws IOException {
        Download d = download(file, progress, cancel);
        String from = d.from() == null ? null : withoutCredentials(d.from());
        Map<String, String> facts = from == null ? Map.of() : Map.of(FROM_KEY, from);
        Preprocessing p;
        try {
            p = importOnto(d.file(), file.id(), store, facts, progress, cancel);
        } catch (IOException | RuntimeException e) {
            if (d.first()) {
                // nothing vouches for a first download but its import: one that fails it is not kept for later
                deleteSoon(d.file());
            }
            throw e;
        }
        if (d.first() && file instanceof KnownWeights.HubFile hub) {
            firsts.record(hub, d.size(), d.sha256(), from);
        }
        deleteSoon(d.file());
        return new Installed(p, d);
    }

    private static void deleteSoon(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Windows refuses while the file is still memory-mapped: it goes when the application ends
            file.toFile().deleteOnExit();
        }
    }

    /**
     * Imports {@code onnx} (or a {@code .safetensors} file: {@link WeightsImport}) onto catalog network {@code id}
     * with the preprocessing its usual source used, and saves the weights in {@code store}; a cancel before the save
     * leaves nothing saved, after it is refused (see {@link Cancellation}).
     *
     * @throws OnnxException one line, when the file is unreadable or does not fit {@code id} (a
     *                       {@link WeightsFileException} for a safetensors file)
     */
    public static Preprocessing importOnto(Path onnx, String id, ImportedWeights store, Consumer<Progress> progress,
                                           Cancellation cancel) throws IOException {
        return importOnto(onnx, id, store, Map.of(), progress, cancel);
    }

    private static Preprocessing importOnto(Path onnx, String id, ImportedWeights store, Map<String, String> facts,
                                            Consumer<Progress> progress, Cancellation cancel) throws IOException {
        progress.accept(new Progress(Phase.IMPORTING, 0, 0));
        Preprocessing p;
        try (WeightsImport.Imported imported = WeightsImport.importFile(onnx, id, null,
                f -> progress.accept(new Progress(Phase.IMPORTING, Math.round(f * 1000), 1000)), cancel::isCancelled)) {
            Model m = imported.model();
            p = imported.preprocessing();
            cancel.commit();
            progress.accept(new Progress(Phase.SAVING, 0, 0));
            ModelInfo i = m.info();
            Map<String, String> provenance = new LinkedHashMap<>(i.provenance());
            provenance.putAll(facts);
            // the same graph under a fuller description: closing m closes it
            store.save(m.withInfo(new ModelInfo(i.catalogId(), i.input(), i.classes(), i.labels(), i.trained(),
                    provenance)));
        }
        return p;
    }

    /**
     * Downloads {@code file} into the weights folder from the first source that has it (or finds it there already,
     * checked).
     *
     * @throws DownloadException one line naming what each source answered, when none had the expected file
     */
    public Download download(KnownWeights.Downloadable file, Consumer<Progress> progress, Cancellation cancel)
            throws IOException {
        Path dir = AtomicFiles.folder(store.dir().toAbsolutePath());
        Path target = dir.resolve(file.fileName());
        HttpFetcher.Expected expected = expected(file);
        if (expected.known()) {
            if (Files.isRegularFile(target) && Files.size(target) == expected.size()) {
                progress.accept(new Progress(Phase.VERIFYING, 0, 0));
                if (OnnxFile.sha256(target).equals(expected.sha256())) {
                    return new Download(target, null, List.of(), expected.size(), expected.sha256(), false);
                }
            }
            long free = Files.getFileStore(dir).getUsableSpace();
            if (free < expected.size()) {
                throw new DownloadException(String.format(Locale.ROOT, "not enough space in %s for %s: %s free, %s "
                        + "needed", dir, file.fileName(), HttpFetcher.megabytes(free),
                        HttpFetcher.megabytes(expected.size())));
            }
        }
        List<DownloadException> failed = new ArrayList<>();
        List<String> passedOver = new ArrayList<>();
        for (URI url : urls(file)) {
            try {
                HttpFetcher.Fetched got = downloadFrom(url, file, expected, target, progress, cancel);
                return new Download(target, url, passedOver, got.size(), got.sha256(), !expected.known());
            } catch (DownloadException e) {
                failed.add(e);
                passedOver.add(shown(url) + ": " + e.brief());
            }
        }
        if (failed.size() == 1) {
            throw failed.get(0);
        }
        String all = String.join("; ", passedOver);
        if (failed.stream().allMatch(e -> e.kind() == DownloadException.Kind.UNREACHABLE)) {
            throw new DownloadException("Cannot download " + file.fileName() + ", no source could be reached: " + all,
                    DownloadException.Kind.UNREACHABLE, all, null);
        }
        if (failed.stream().allMatch(e -> e.kind() == DownloadException.Kind.NOT_THERE)) {
            throw new DownloadException("No source has " + file.fileName() + ": " + all,
                    DownloadException.Kind.NOT_THERE, all, null);
        }
        throw new DownloadException(file.fileName() + " could not be downloaded from any source: " + all,
                DownloadException.Kind.OTHER, all, null);
    }

    /** What {@code file} must be: the zoo's listed facts, a Hugging Face row's first download, or nothing yet. */
    private HttpFetcher.Expected expected(KnownWeights.Downloadable file) throws IOException {
        if (file instanceof KnownWeights.ZooFile z) {
            return new HttpFetcher.Expected(z.size(), z.sha256(), "listed");
        }
        return firsts.of((KnownWeights.HubFile) file)
                .map(e -> new HttpFetcher.Expected(e.size(), e.sha256(), "recorded"))
                .orElse(HttpFetcher.Expected.UNKNOWN);
    }

    /** Fetches {@code url} into a temporary file beside {@code target} and moves it there once checked. */
    private HttpFetcher.Fetched downloadFrom(URI url, KnownWeights.Downloadable file, HttpFetcher.Expected expected,
                                             Path target, Consumer<Progress> progress, Cancellation cancel)
            throws IOException {
        Path tmp = target.resolveSibling("." + file.fileName() + "." + UUID.randomUUID() + ".part");
        try {
            String source = shown(url);
            HttpFetcher.Fetched got = http.fetch(url, file.fileName(), expected, tmp, new HttpFetcher.Listener() {
                @Override
                public void connecting() {
                    progress.accept(new Progress(Phase.CONNECTING, 0, 0, source));
                }

                @Override
                public void received(long done, long total) {
                    progress.accept(new Progress(Phase.DOWNLOADING, done, total, source));
                }
            }, cancel);
            if (expected.known() && !got.sha256().equals(expected.sha256())) {
                String which = expected.how().equals("listed") ? ": damaged or changed at the source, not kept"
                        : " recorded at its first download: changed at the source or damaged, not kept (to accept "
                        + "it, delete the line of " + ((KnownWeights.HubFile) file).repository() + " in "
                        + firsts.file() + ")";
                throw new DownloadException(file.fileName() + " from " + url.getHost() + " has SHA-256 "
                        + got.sha256() + ", not the expected " + expected.sha256() + which,
                        DownloadException.Kind.OTHER, "SHA-256 " + got.sha256().substring(0, 12) + "…, not the "
                        + expected.how() + " " + expected.sha256().substring(0, 12) + "…", null);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return got;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** {@code url} without a user name, password, query or fragment: what the weights' provenance may keep. */
    private static String withoutCredentials(URI url) {
        try {
            return new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), null, null).toString();
        } catch (URISyntaxException e) {
            return shown(url);
        }
    }
}
