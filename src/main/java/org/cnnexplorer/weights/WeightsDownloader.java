package org.cnnexplorer.weights;

import org.cnnexplorer.data.Preprocessing;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.ModelInfo;
import org.cnnexplorer.io.Cancellation;
import org.cnnexplorer.onnx.OnnxException;
import org.cnnexplorer.onnx.OnnxFile;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Downloads a model zoo file into the weights folder and imports it. The sources are tried in order (a mirror the
 * user configured, then Hugging Face's copy of the zoo, then GitHub's old address), each with the zoo's path; a
 * source that cannot be reached, answers an HTTP error or sends anything but the listed file is passed over for the
 * next. The bytes go to a hidden temporary file in the weights folder while their SHA-256 is computed; only a file of
 * exactly the listed size and SHA-256 is moved (atomically) to its name, anything else is deleted, as is the
 * temporary file of a cancelled download. The verified {@code .onnx} is deleted once its weights are saved (the
 * weights file records its name, SHA-256 and address; VGG's are 550 MB); if the import is cancelled or fails it
 * stays, and the next download of it is only re-checked, not fetched again.
 */
public final class WeightsDownloader {
    /** System property with a mirror keeping the zoo's paths (a classroom proxy), tried before the public sources. */
    public static final String BASE_PROPERTY = "cnnexplorer.zooUrl";
    /**
     * Hugging Face's copy of the zoo, repository onnxmodelzoo/legacy_models, where the zoo's notice says its files
     * moved; it answers with a redirect to its CDN.
     */
    public static final String HUGGING_FACE = "https://huggingface.co/onnxmodelzoo/legacy_models/resolve/main/";
    /** GitHub's address for the content of the zoo's LFS files, off since 2025-07-01 (see known-weights.tsv). */
    public static final String GITHUB = "https://media.githubusercontent.com/media/onnx/models/main/";
    /** The sources tried after the mirror, in order. */
    public static final List<URI> PUBLIC_SOURCES = List.of(URI.create(HUGGING_FACE), URI.create(GITHUB));
    /** The provenance key of the address a downloaded file came from. */
    public static final String FROM_KEY = "downloaded-from";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    /** How long the server may take to answer, and later how long it may send nothing, before we give up. */
    private static final Duration SILENCE = Duration.ofSeconds(30);
    private static final long POLL_MS = 100;
    private static final Object END = new Object();
    private static final String LFS_POINTER = "version https://git-lfs";

    /**
     * What the work is doing: connecting to a source, downloading ({@code done} of {@code total} bytes), checking a
     * file already there, importing (reading the file, then {@code done} of {@code total} thousandths copied) or
     * saving.
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
     * A verified file in the weights folder.
     *
     * @param from       the address it was asked for (whatever that redirected to), or null when it was there already
     * @param passedOver why each source before it was passed over, one "source: what it answered" each
     */
    public record Download(Path file, URI from, List<String> passedOver) {
        public Download {
            passedOver = List.copyOf(passedOver);
        }
    }

    /** Weights saved from a downloaded file: the preprocessing recorded with them and where the file came from. */
    public record Installed(Preprocessing preprocessing, Download download) {
    }

    private final List<URI> sources;
    private final ImportedWeights store;
    private final HttpClient client;

    /** Tries {@code sources} in order, each the base of the zoo's paths. */
    public WeightsDownloader(List<URI> sources, ImportedWeights store) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no source to download from");
        }
        this.sources = sources.stream().map(b -> b.toString().endsWith("/") ? b : URI.create(b + "/")).toList();
        this.store = store;
        this.client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** The mirror, then Hugging Face, then GitHub. */
    public static WeightsDownloader standard(ImportedWeights store) {
        return new WeightsDownloader(sources(PUBLIC_SOURCES), store);
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
    public List<URI> urls(KnownWeights.ZooFile file) {
        return sources.stream().map(b -> b.resolve(file.path())).toList();
    }

    /** A source as messages name it: its host, and its port when it has one (no user name or password). */
    public static String shown(URI url) {
        return url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
    }

    /**
     * Downloads {@code file}, imports it onto its catalog id and saves the weights, with the address the file came
     * from in their provenance ({@link #FROM_KEY}).
     *
     * @throws DownloadException one line, when no source has the listed file
     * @throws OnnxException one line, when it does not fit its network
     * @throws CancellationException when cancelled before the save (nothing saved)
     */
    public Installed install(KnownWeights.ZooFile file, Consumer<Progress> progress, Cancellation cancel)
            throws IOException {
        Download d = download(file, progress, cancel);
        Map<String, String> facts = d.from() == null ? Map.of() : Map.of(FROM_KEY, withoutCredentials(d.from()));
        Preprocessing p = importOnto(d.file(), file.id(), store, facts, progress, cancel);
        try {
            Files.delete(d.file());
        } catch (IOException e) {
            // Windows refuses while the file is still memory-mapped: it goes when the application ends
            d.file().toFile().deleteOnExit();
        }
        return new Installed(p, d);
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
     * verified).
     *
     * @throws DownloadException one line naming what each source answered, when none had the listed file
     */
    public Download download(KnownWeights.ZooFile file, Consumer<Progress> progress, Cancellation cancel)
            throws IOException {
        Path dir = store.dir().toAbsolutePath();
        Files.createDirectories(dir);
        Path target = dir.resolve(file.fileName());
        if (Files.isRegularFile(target) && Files.size(target) == file.size()) {
            progress.accept(new Progress(Phase.VERIFYING, 0, 0));
            if (OnnxFile.sha256(target).equals(file.sha256())) {
                return new Download(target, null, List.of());
            }
        }
        long free = Files.getFileStore(dir).getUsableSpace();
        if (free < file.size()) {
            throw new DownloadException(String.format(Locale.ROOT, "not enough space in %s for %s: %s free, %s needed",
                    dir, file.fileName(), megabytes(free), megabytes(file.size())));
        }
        List<DownloadException> failed = new ArrayList<>();
        List<String> passedOver = new ArrayList<>();
        for (URI url : urls(file)) {
            try {
                downloadFrom(url, file, target, progress, cancel);
                return new Download(target, url, passedOver);
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

    /** Fetches {@code url} into a temporary file beside {@code target} and moves it there once verified. */
    private void downloadFrom(URI url, KnownWeights.ZooFile file, Path target, Consumer<Progress> progress,
                              Cancellation cancel) throws IOException {
        Path tmp = target.resolveSibling("." + file.fileName() + "." + UUID.randomUUID() + ".part");
        try {
            String sha = fetch(url, file, tmp, progress, cancel);
            if (!sha.equals(file.sha256())) {
                throw new DownloadException(file.fileName() + " from " + url.getHost() + " has SHA-256 " + sha
                        + ", not the expected " + file.sha256() + ": damaged or changed at the source, not kept",
                        DownloadException.Kind.OTHER, "SHA-256 " + sha.substring(0, 12) + "…, not the listed "
                        + file.sha256().substring(0, 12) + "…", null);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
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

    /** Streams {@code url} into {@code tmp}; returns the SHA-256 of exactly {@code file.size()} bytes. */
    private String fetch(URI url, KnownWeights.ZooFile file, Path tmp, Consumer<Progress> progress, Cancellation cancel)
            throws IOException {
        String host = url.getHost();
        String source = shown(url);
        progress.accept(new Progress(Phase.CONNECTING, 0, 0, source));
        Forwarder body = new Forwarder();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(SILENCE).GET().build();
        CompletableFuture<HttpResponse<Void>> sent = client.sendAsync(request,
                info -> info.statusCode() == 200 ? body : HttpResponse.BodySubscribers.replacing(null));
        HttpResponse<Void> response = answer(sent, host, cancel);
        int status = response.statusCode();
        if (status != 200) {
            throw new DownloadException(host + " answered HTTP " + status + " for " + url.getPath(),
                    status == 404 || status == 410 ? DownloadException.Kind.NOT_THERE : DownloadException.Kind.OTHER,
                    "HTTP " + status, null);
        }
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        long expected = file.size();
        long done = 0;
        ByteBuffer head = ByteBuffer.allocate(64);
        progress.accept(new Progress(Phase.DOWNLOADING, 0, expected, source));
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long quietSince = System.nanoTime();
            while (true) {
                if (cancel.isCancelled()) {
                    throw new CancellationException("download cancelled");
                }
                Object item;
                try {
                    item = body.items.poll(POLL_MS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("download interrupted");
                }
                if (item == null) {
                    if (System.nanoTime() - quietSince > SILENCE.toNanos()) {
                        String silent = String.format(Locale.ROOT, "sent nothing for %d s after %s of %s",
                                SILENCE.toSeconds(), megabytes(done), megabytes(expected));
                        throw new DownloadException(host + " " + silent + ": try again later",
                                DownloadException.Kind.OTHER, silent, null);
                    }
                    continue;
                }
                if (item == END) {
                    break;
                }
                if (item instanceof Throwable t) {
                    String broke = String.format(Locale.ROOT, "broke off the download after %s of %s (%s)",
                            megabytes(done), megabytes(expected), reason(t));
                    throw new DownloadException(host + " " + broke, DownloadException.Kind.OTHER, broke, t);
                }
                @SuppressWarnings("unchecked")
                List<ByteBuffer> buffers = (List<ByteBuffer>) item;
                for (ByteBuffer b : buffers) {
                    done += b.remaining();
                    if (done > expected) {
                        throw new DownloadException(host + " sent more than the " + expected + " bytes of "
                                + file.fileName() + ": not that file, not kept", DownloadException.Kind.OTHER,
                                String.format(Locale.ROOT, "more than the listed %,d bytes", expected), null);
                    }
                    ByteBuffer peek = b.duplicate();
                    while (head.hasRemaining() && peek.hasRemaining()) {
                        head.put(peek.get());
                    }
                    digest.update(b.duplicate());
                    while (b.hasRemaining()) {
                        out.write(b);
                    }
                }
                progress.accept(new Progress(Phase.DOWNLOADING, done, expected, source));
                quietSince = System.nanoTime();
                body.request();
            }
        } finally {
            body.cancel();
        }
        if (done != expected) {
            String start = new String(head.array(), 0, head.position(), StandardCharsets.ISO_8859_1);
            if (start.startsWith(LFS_POINTER)) {
                throw new DownloadException(host + " sent the Git LFS pointer of " + file.fileName()
                        + ", not the file: its LFS downloads are off; use a mirror (-D" + BASE_PROPERTY + "=URL)",
                        DownloadException.Kind.OTHER, "a Git LFS pointer, not the file", null);
            }
            throw new DownloadException(String.format(Locale.ROOT,
                    "%s sent %,d bytes of %s, not %,d: incomplete, not kept", host, done, file.fileName(), expected),
                    DownloadException.Kind.OTHER, String.format(Locale.ROOT, "%,d bytes, not the listed %,d", done,
                    expected), null);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Waits for the status line and headers, watching for a cancel. */
    private static HttpResponse<Void> answer(CompletableFuture<HttpResponse<Void>> sent, String host,
                                             Cancellation cancel) throws DownloadException {
        while (true) {
            if (cancel.isCancelled()) {
                sent.cancel(true);
                throw new CancellationException("download cancelled");
            }
            try {
                return sent.get(POLL_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // still waiting: look at the cancel again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                sent.cancel(true);
                throw new CancellationException("download interrupted");
            } catch (ExecutionException e) {
                String why = reason(e.getCause());
                throw new DownloadException("Cannot reach " + host + ": " + why, DownloadException.Kind.UNREACHABLE,
                        why, e.getCause());
            }
        }
    }

    /** The most telling words in an exception chain (the JDK's often have no message of their own). */
    static String reason(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
                return "unknown host (offline?)";
            }
            if (c instanceof HttpConnectTimeoutException) {
                return "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s";
            }
            if (c instanceof HttpTimeoutException) {
                return "no answer within " + SILENCE.toSeconds() + " s";
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                return c.getMessage().lines().findFirst().orElse("");
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) {
                // what the JDK's client throws, without a message, when nothing listens on the port
                return "connection refused";
            }
        }
        return t.getClass().getSimpleName();
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    /**
     * Hands the body's buffers to the downloading thread one batch at a time (it asks for the next when it wrote
     * one), so that thread alone writes, hashes, notices a cancel or a silent server, and cleans up.
     */
    private static final class Forwarder implements HttpResponse.BodySubscriber<Void> {
        final BlockingQueue<Object> items = new LinkedBlockingQueue<>();
        private volatile Flow.Subscription subscription;
        private volatile boolean cancelled;

        @Override
        public CompletionStage<Void> getBody() {
            // complete at once: the response arrives with its headers, the body follows through items
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (cancelled) {
                s.cancel();
            } else {
                s.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            items.add(item);
        }

        @Override
        public void onError(Throwable t) {
            items.add(t);
        }

        @Override
        public void onComplete() {
            items.add(END);
        }

        void request() {
            subscription.request(1);
        }

        void cancel() {
            cancelled = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }
}
