package org.cnnexplorer.weights;

import org.cnnexplorer.data.Preprocessing;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.io.Cancellation;
import org.cnnexplorer.onnx.OnnxException;
import org.cnnexplorer.onnx.OnnxFile;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
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
 * Downloads a model zoo file into the weights folder and imports it. The bytes go to a hidden temporary file there
 * while their SHA-256 is computed; only a file of exactly the listed size and SHA-256 is moved (atomically) to its
 * name, anything else is deleted, as is the temporary file of a cancelled download. The verified {@code .onnx} is
 * deleted once its weights are saved (the weights file records its name and SHA-256; VGG's are 550 MB); if the
 * import is cancelled or fails it stays, and the next download of it is only re-checked, not fetched again.
 */
public final class WeightsDownloader {
    /** System property with another base URL than {@link #DEFAULT_BASE} (a mirror keeping the zoo's paths). */
    public static final String BASE_PROPERTY = "cnnexplorer.zooUrl";
    /** GitHub's address for the content of the zoo's LFS files (see known-weights.tsv). */
    public static final String DEFAULT_BASE = "https://media.githubusercontent.com/media/onnx/models/main/";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    /** How long the server may take to answer, and later how long it may send nothing, before we give up. */
    private static final Duration SILENCE = Duration.ofSeconds(30);
    private static final long POLL_MS = 100;
    private static final Object END = new Object();

    /**
     * What the work is doing: downloading ({@code done} of {@code total} bytes), checking a file already there,
     * importing (reading the file, then {@code done} of {@code total} thousandths copied) or saving.
     */
    public enum Phase { DOWNLOADING, VERIFYING, IMPORTING, SAVING }

    public record Progress(Phase phase, long done, long total) {
        /** 0..1, or -1 when it cannot be told (saving). */
        public double fraction() {
            return total <= 0 ? -1 : (double) done / total;
        }
    }

    private final URI base;
    private final ImportedWeights store;
    private final HttpClient client;

    public WeightsDownloader(URI base, ImportedWeights store) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.store = store;
        this.client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public URI url(KnownWeights.ZooFile file) {
        return base.resolve(file.path());
    }

    /**
     * Downloads {@code file}, imports it onto its catalog id and saves the weights.
     *
     * @return the preprocessing recorded with the weights
     * @throws DownloadException one line, when the file cannot be had or is not the listed one
     * @throws OnnxException one line, when it does not fit its network
     * @throws CancellationException when cancelled before the save (nothing saved)
     */
    public Preprocessing install(KnownWeights.ZooFile file, Consumer<Progress> progress, Cancellation cancel)
            throws IOException {
        Path onnx = download(file, progress, cancel);
        Preprocessing p = importOnto(onnx, file.id(), store, progress, cancel);
        try {
            Files.delete(onnx);
        } catch (IOException e) {
            // Windows refuses while the file is still memory-mapped: it goes when the application ends
            onnx.toFile().deleteOnExit();
        }
        return p;
    }

    /**
     * Imports {@code onnx} onto catalog network {@code id} with the preprocessing its usual source used, and saves the
     * weights in {@code store}; a cancel before the save leaves nothing saved, after it is refused (see
     * {@link Cancellation}).
     *
     * @throws OnnxException one line, when the file is unreadable or does not fit {@code id}
     */
    public static Preprocessing importOnto(Path onnx, String id, ImportedWeights store, Consumer<Progress> progress,
                                           Cancellation cancel) throws IOException {
        progress.accept(new Progress(Phase.IMPORTING, 0, 0));
        OnnxFile read = OnnxFile.read(onnx);
        Preprocessing p = OnnxImporter.usualPreprocessing(read, id);
        try (Model m = OnnxImporter.importFile(read, id, p,
                f -> progress.accept(new Progress(Phase.IMPORTING, Math.round(f * 1000), 1000)), cancel::isCancelled)) {
            cancel.commit();
            progress.accept(new Progress(Phase.SAVING, 0, 0));
            store.save(m);
        }
        return p;
    }

    /**
     * Downloads {@code file} into the weights folder (or finds it there already, verified).
     *
     * @return the verified file
     */
    public Path download(KnownWeights.ZooFile file, Consumer<Progress> progress, Cancellation cancel)
            throws IOException {
        Path dir = store.dir().toAbsolutePath();
        Files.createDirectories(dir);
        Path target = dir.resolve(file.fileName());
        if (Files.isRegularFile(target) && Files.size(target) == file.size()) {
            progress.accept(new Progress(Phase.VERIFYING, 0, 0));
            if (OnnxFile.sha256(target).equals(file.sha256())) {
                return target;
            }
        }
        long free = Files.getFileStore(dir).getUsableSpace();
        if (free < file.size()) {
            throw new DownloadException(String.format(Locale.ROOT, "not enough space in %s for %s: %s free, %s needed",
                    dir, file.fileName(), megabytes(free), megabytes(file.size())));
        }
        URI url = url(file);
        Path tmp = dir.resolve("." + file.fileName() + "." + UUID.randomUUID() + ".part");
        try {
            String sha = fetch(url, file, tmp, progress, cancel);
            if (!sha.equals(file.sha256())) {
                throw new DownloadException(file.fileName() + " from " + url.getHost() + " has SHA-256 " + sha
                        + ", not the expected " + file.sha256() + ": damaged or changed at the source, not kept");
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Streams {@code url} into {@code tmp}; returns the SHA-256 of exactly {@code file.size()} bytes. */
    private String fetch(URI url, KnownWeights.ZooFile file, Path tmp, Consumer<Progress> progress, Cancellation cancel)
            throws IOException {
        String host = url.getHost();
        Forwarder body = new Forwarder();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(SILENCE).GET().build();
        CompletableFuture<HttpResponse<Void>> sent = client.sendAsync(request,
                info -> info.statusCode() == 200 ? body : HttpResponse.BodySubscribers.replacing(null));
        HttpResponse<Void> response = answer(sent, host, cancel);
        if (response.statusCode() != 200) {
            throw new DownloadException(host + " answered HTTP " + response.statusCode() + " for " + url.getPath());
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
        progress.accept(new Progress(Phase.DOWNLOADING, 0, expected));
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
                        throw new DownloadException(String.format(Locale.ROOT,
                                "%s sent nothing for %d s after %s of %s: try again later", host,
                                SILENCE.toSeconds(), megabytes(done), megabytes(expected)));
                    }
                    continue;
                }
                if (item == END) {
                    break;
                }
                if (item instanceof Throwable t) {
                    throw new DownloadException(String.format(Locale.ROOT,
                            "%s broke off the download after %s of %s (%s)",
                            host, megabytes(done), megabytes(expected), reason(t)), t);
                }
                @SuppressWarnings("unchecked")
                List<ByteBuffer> buffers = (List<ByteBuffer>) item;
                for (ByteBuffer b : buffers) {
                    done += b.remaining();
                    if (done > expected) {
                        throw new DownloadException(host + " sent more than the " + expected + " bytes of "
                                + file.fileName() + ": not that file, not kept");
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
                progress.accept(new Progress(Phase.DOWNLOADING, done, expected));
                quietSince = System.nanoTime();
                body.request();
            }
        } finally {
            body.cancel();
        }
        if (done != expected) {
            String start = new String(head.array(), 0, head.position(), StandardCharsets.ISO_8859_1);
            if (start.startsWith("version https://git-lfs")) {
                throw new DownloadException(host + " sent the Git LFS pointer of " + file.fileName()
                        + ", not the file: its LFS downloads are off; use a mirror (-D" + BASE_PROPERTY + "=URL)");
            }
            throw new DownloadException(String.format(Locale.ROOT,
                    "%s sent %,d bytes of %s, not %,d: incomplete, not kept", host, done, file.fileName(), expected));
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
                throw new DownloadException("Cannot reach " + host + ": " + reason(e.getCause()), e.getCause());
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
