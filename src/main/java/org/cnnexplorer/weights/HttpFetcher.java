package org.cnnexplorer.weights;

import org.cnnexplorer.io.Cancellation;

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
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP side of the weights downloads: one GET, redirects followed, streamed into a file while hashed, on the
 * calling thread alone, so that a cancel or a silent server is noticed within a tenth of a second and every failure
 * is one {@link DownloadException} line.
 */
final class HttpFetcher {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    /** How long the server may take to answer, and later how long it may send nothing, before we give up. */
    private static final Duration SILENCE = Duration.ofSeconds(30);
    private static final long POLL_MS = 100;
    private static final Object END = new Object();
    private static final String LFS_POINTER = "version https://git-lfs";

    /**
     * What the file must be: {@code size} bytes (-1: unknown) and, checked by the caller, {@code sha256} (null:
     * unknown); {@code how} says in messages where these facts come from ("listed", "recorded").
     */
    record Expected(long size, String sha256, String how) {
        static final Expected UNKNOWN = new Expected(-1, null, "");

        boolean known() {
            return sha256 != null;
        }
    }

    /** What was received: its size and SHA-256. */
    record Fetched(long size, String sha256) {
    }

    /** What the download is doing: connecting, then {@code done} of {@code total} bytes received (-1: unknown). */
    interface Listener {
        void connecting();

        void received(long done, long total);
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final String lfsAdvice;

    /** @param lfsAdvice what a user can do when a server sends a Git LFS pointer instead of the file */
    HttpFetcher(String lfsAdvice) {
        this.lfsAdvice = lfsAdvice;
    }

    /**
     * Streams {@code url} into {@code tmp} (created here), refusing more bytes than expected and, once the server is
     * done, any other number of them.
     *
     * @param fileName the file's name in messages
     * @throws DownloadException one line, naming the host
     * @throws CancellationException when cancelled
     */
    Fetched fetch(URI url, String fileName, Expected expected, Path tmp, Listener progress, Cancellation cancel)
            throws IOException {
        String host = url.getHost();
        progress.connecting();
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
        long limit = expected.size();
        // a file nothing is known of yet shows progress against what the server says it sends
        long total = limit >= 0 ? limit : response.headers().firstValueAsLong("content-length").orElse(-1);
        long done = 0;
        ByteBuffer head = ByteBuffer.allocate(64);
        progress.received(0, total);
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
                        String silent = String.format(Locale.ROOT, "sent nothing for %d s after %s%s",
                                SILENCE.toSeconds(), megabytes(done), total > 0 ? " of " + megabytes(total) : "");
                        throw new DownloadException(host + " " + silent + ": try again later",
                                DownloadException.Kind.OTHER, silent, null);
                    }
                    continue;
                }
                if (item == END) {
                    break;
                }
                if (item instanceof Throwable t) {
                    String broke = String.format(Locale.ROOT, "broke off the download after %s%s (%s)",
                            megabytes(done), total > 0 ? " of " + megabytes(total) : "", reason(t));
                    throw new DownloadException(host + " " + broke, DownloadException.Kind.OTHER, broke, t);
                }
                @SuppressWarnings("unchecked")
                List<ByteBuffer> buffers = (List<ByteBuffer>) item;
                for (ByteBuffer b : buffers) {
                    done += b.remaining();
                    if (limit >= 0 && done > limit) {
                        throw new DownloadException(host + " sent more than the " + limit + " bytes of " + fileName
                                + ": not that file, not kept", DownloadException.Kind.OTHER,
                                String.format(Locale.ROOT, "more than the %s %,d bytes", expected.how(), limit), null);
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
                progress.received(done, total);
                quietSince = System.nanoTime();
                body.request();
            }
        } finally {
            body.cancel();
        }
        String start = new String(head.array(), 0, head.position(), StandardCharsets.ISO_8859_1);
        if (done != limit && start.startsWith(LFS_POINTER)) {
            throw new DownloadException(host + " sent the Git LFS pointer of " + fileName
                    + ", not the file: its LFS downloads are off; " + lfsAdvice,
                    DownloadException.Kind.OTHER, "a Git LFS pointer, not the file", null);
        }
        if (limit >= 0 && done != limit) {
            throw new DownloadException(String.format(Locale.ROOT,
                    "%s sent %,d bytes of %s, not %,d: incomplete, not kept", host, done, fileName, limit),
                    DownloadException.Kind.OTHER, String.format(Locale.ROOT, "%,d bytes, not the %s %,d", done,
                    expected.how(), limit), null);
        }
        return new Fetched(done, HexFormat.of().formatHex(digest.digest()));
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

    static String megabytes(long bytes) {
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
