package org.cnnexplorer.weights;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.cnnexplorer.data.Preprocessing;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.ModelInfo;
import org.cnnexplorer.io.Cancellation;
import org.cnnexplorer.onnx.OnnxWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Downloads from real HTTP servers on this machine (each server a source of the chain), into a real weights folder,
 * imported for real.
 */
class WeightsDownloaderTest {
    /** A small network the whole path handles like an ImageNet one: written as ONNX, downloaded, imported. */
    private static byte[] onnx;

    @TempDir
    Path dir;
    private HttpServer server;
    private ImportedWeights store;
    private WeightsDownloader downloader;
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<HttpServer> others = new ArrayList<>();
    /** Which server was asked, in order. */
    private final List<String> asked = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void writeFile(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("mini-resnet.onnx");
        try (Model m = Model.untrained("mini-resnet")) {
            OnnxWriter.write(m, false, f);
        }
        onnx = Files.readAllBytes(f);
    }

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        store = new ImportedWeights(dir.resolve("weights"));
        downloader = from(List.of(base(server, "/zoo")));
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        others.forEach(s -> s.stop(0));
    }

    /** Another server, answering every path with {@code h} after noting {@code name} in {@link #asked}. */
    private HttpServer another(String name, HttpHandler h) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setExecutor(Executors.newCachedThreadPool());
        s.createContext("/", ex -> {
            asked.add(name);
            h.handle(ex);
        });
        s.start();
        others.add(s);
        return s;
    }

    private static URI base(HttpServer s, String path) {
        return URI.create("http://127.0.0.1:" + s.getAddress().getPort() + path);
    }

    private static String shown(HttpServer s) {
        return "127.0.0.1:" + s.getAddress().getPort();
    }

    private WeightsDownloader chain(HttpServer... sources) {
        return from(Arrays.stream(sources).map(s -> base(s, "/zoo/")).toList());
    }

    /** A downloader that looks for the zoo's files and Hugging Face's alike at {@code sources}. */
    private WeightsDownloader from(List<URI> sources) {
        return new WeightsDownloader(sources, sources, store);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void route(String path, HttpHandler h) {
        server.createContext("/zoo/" + path, h);
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static KnownWeights.ZooFile file(long size, String sha) {
        return new KnownWeights.ZooFile("mini-resnet", "models/mini-resnet-1.onnx", size, sha);
    }

    /** Everything in the weights folder, hidden files included. */
    private List<String> left() throws IOException {
        if (!Files.isDirectory(store.dir())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(store.dir())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aVerifiedDownloadIsImportedAndOnlyTheWeightsStay() throws Exception {
        route("models/mini-resnet-1.onnx", ex -> send(ex, 200, onnx));
        List<WeightsDownloader.Progress> seen = new ArrayList<>();
        Preprocessing p = downloader.install(file(onnx.length, sha256(onnx)), seen::add, new Cancellation())
                .preprocessing();

        assertThat(p).isEqualTo(Preprocessing.TORCHVISION);
        assertThat(store.has("mini-resnet")).isTrue();
        List<ModelInfo> listed = store.list();
        assertThat(listed).extracting(ModelInfo::catalogId).containsExactly("mini-resnet");
        assertThat(listed.get(0).provenance()).containsEntry("source", "mini-resnet-1.onnx")
                .containsEntry("sha256", sha256(onnx));
        assertThat(left()).as("the .onnx is deleted once imported").containsExactly("mini-resnet.zip");
        assertThat(seen).contains(new WeightsDownloader.Progress(WeightsDownloader.Phase.DOWNLOADING,
                onnx.length, onnx.length, shown(server)));
        assertThat(seen.get(seen.size() - 1).phase()).isEqualTo(WeightsDownloader.Phase.SAVING);
        try (Model m = store.load("mini-resnet").orElseThrow()) {
            assertThat(m.trained()).isTrue();
        }
    }

    @Test
    void aWrongSha256IsRefusedAndNothingIsLeft() throws Exception {
        route("models/mini-resnet-1.onnx", ex -> send(ex, 200, onnx));
        String wrong = "0".repeat(64);
        assertThatThrownBy(() -> downloader.install(file(onnx.length, wrong), p -> { }, new Cancellation()))
                .isInstanceOf(DownloadException.class)
                .hasMessageContaining("mini-resnet-1.onnx").hasMessageContaining(sha256(onnx))
                .hasMessageContaining("not the expected " + wrong).hasMessageNotContaining("\n");
        assertThat(left()).isEmpty();
        assertThat(store.has("mini-resnet")).isFalse();
    }

    @Test
    void aTruncatedResponseIsRefusedAndNothingIsLeft() throws Exception {
        route("models/mini-resnet-1.onnx", ex -> {
            // promises the whole file, sends half, hangs up
            ex.sendResponseHeaders(200, onnx.length);
            OutputStream out = ex.getResponseBody();
            out.write(onnx, 0, onnx.length / 2);
            out.flush();
            ex.getHttpContext().getServer();
            ex.close();
        });
        assertThatThrownBy(() -> downloader.install(file(onnx.length, sha256(onnx)), p -> { }, new Cancellation()))
                .isInstanceOf(DownloadException.class)
                .hasMessageStartingWith("127.0.0.1 broke off the download after ")
                .hasMessageNotContaining("\n");
        assertThat(left()).isEmpty();
    }

    @Test
    void aShortFileIsRefusedWithItsSize() throws Exception {
        byte[] half = Arrays.copyOf(onnx, onnx.length / 2);
        route("models/mini-resnet-1.onnx", ex -> send(ex, 200, half));
        assertThatThrownBy(() -> downloader.install(file(onnx.length, sha256(onnx)), p -> { }, new Cancellation()))
                .isInstanceOf(DownloadException.class)
                .hasMessageContaining(String.format(Locale.ROOT, "%,d bytes", half.length))
                .hasMessageContaining("incomplete");
        assertThat(left()).isEmpty();
    }

    @Test
    void aGitLfsPointerIsNamedAsSuch() throws Exception {
        byte[] pointer = ("version https://git-lfs.github.com/spec/v1\noid sha256:" + sha256(onnx) + "\nsize "
                + onnx.length + "\n").getBytes(StandardCharsets.US_ASCII);
        route("models/mini-resnet-1.onnx", ex -> send(ex, 200, pointer));
        assertThatThrownBy(() -> downloader.install(file(onnx.length, sha256(onnx)), p -> { }, new Cancellation()))
                .isInstanceOf(DownloadException.class).hasMessageContaining("Git LFS pointer")
                .hasMessageContaining("-Dcnnexplorer.zooUrl");
        assertThat(left()).isEmpty();
    }

    @Test
    void http404IsOneLine() throws Exception {
        assertThatThrownBy(() -> downloader.install(file(onnx.length, sha256(onnx)), p -> { }, new Cancellation()))
                .isInstanceOf(DownloadException.class)
                .hasMessage("127.0.0.1 answered HTTP 404 for /zoo/models/mini-resnet-1.onnx");
        assertThat(left()).isEmpty();
    }

    @Test
    void anUnreachableHostIsOneLine() throws Exception {
        WeightsDownloader nowhere = from(List.of(URI.create("http://127.0.0.1:" + closedPort() + "/")));
        assertThatThrownBy(() -> nowhere.install(file(onnx.length, sha256(onnx)), p -> { }, new Cancellation()))
                .isInstanceOf(DownloadException.class).hasMessage("Cannot reach 127.0.0.1: connection refused");
        WeightsDownloader unknown = from(List.of(URI.create("http://no-such-host.invalid/")));
        assertThatThrownBy(() -> unknown.install(file(onnx.length, sha256(onnx)), p -> { }, new Cancellation()))
                .isInstanceOf(DownloadException.class).hasMessageStartingWith("Cannot reach no-such-host.invalid: ")
                .hasMessageNotContaining("\n");
        assertThat(left()).isEmpty();
    }

    @Test
    @Timeout(30)
    void cancellingAStalledDownloadLeavesNoTemporaryFile() throws Exception {
        route("models/mini-resnet-1.onnx", ex -> {
            ex.sendResponseHeaders(200, onnx.length);
            OutputStream out = ex.getResponseBody();
            out.write(onnx, 0, onnx.length / 3);
            out.flush();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        Cancellation cancel = new Cancellation();
        List<String> partWhileRunning = new ArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread canceller = new Thread(() -> {
            try {
                started.await();
                // by now the server has stopped sending: the cancel has to reach a download that waits for data
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            cancel.cancel();
        });
        canceller.start();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> downloader.install(file(onnx.length, sha256(onnx)), p -> {
            if (p.phase() == WeightsDownloader.Phase.DOWNLOADING && p.done() > 0 && started.getCount() > 0) {
                try {
                    partWhileRunning.addAll(left());
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                started.countDown();
            }
        }, cancel)).isInstanceOf(CancellationException.class);
        assertThat(System.nanoTime() - t0).as("stops promptly, not at the stall timeout").isLessThan(10_000_000_000L);
        canceller.join();
        assertThat(partWhileRunning).singleElement().asString().startsWith(".mini-resnet-1.onnx.").endsWith(".part");
        assertThat(left()).isEmpty();
        assertThat(store.has("mini-resnet")).isFalse();
    }

    @Test
    void aCancelledImportSavesNothingButKeepsTheVerifiedFileForNextTime() throws Exception {
        int[] requests = {0};
        route("models/mini-resnet-1.onnx", ex -> {
            requests[0]++;
            send(ex, 200, onnx);
        });
        Cancellation cancel = new Cancellation();
        assertThatThrownBy(() -> downloader.install(file(onnx.length, sha256(onnx)), p -> {
            if (p.phase() == WeightsDownloader.Phase.IMPORTING && p.done() > 0) {
                assertThat(cancel.cancel()).isTrue();
            }
        }, cancel)).isInstanceOf(CancellationException.class);
        assertThat(store.has("mini-resnet")).isFalse();
        assertThat(left()).containsExactly("mini-resnet-1.onnx");

        // the next try checks the file that is there and does not fetch it again
        Cancellation late = new Cancellation();
        downloader.install(file(onnx.length, sha256(onnx)), p -> {
            if (p.phase() == WeightsDownloader.Phase.SAVING) {
                assertThat(late.cancel()).as("too late once saving").isFalse();
            }
        }, late);
        assertThat(requests[0]).isEqualTo(1);
        assertThat(store.has("mini-resnet")).isTrue();
        assertThat(left()).containsExactly("mini-resnet.zip");
    }

    @Test
    void theChainPassesOverA404AndFollowsHuggingFacesRedirectToAnotherServer() throws Exception {
        HttpServer cdn = another("cdn", ex -> send(ex, 200, onnx));
        HttpServer mirror = another("mirror", ex -> send(ex, 404, new byte[0]));
        HttpServer huggingFace = another("hugging face", ex -> {
            ex.getResponseHeaders().add("Location", base(cdn, "/blobs/1234").toString());
            send(ex, 302, new byte[0]);
        });
        HttpServer github = another("github", ex -> send(ex, 200, onnx));
        List<WeightsDownloader.Progress> seen = new ArrayList<>();

        WeightsDownloader.Installed done = chain(mirror, huggingFace, github)
                .install(file(onnx.length, sha256(onnx)), seen::add, new Cancellation());

        assertThat(asked).containsExactly("mirror", "hugging face", "cdn");
        URI from = base(huggingFace, "/zoo/models/mini-resnet-1.onnx");
        assertThat(done.download().from()).as("the source asked, not its CDN").isEqualTo(from);
        assertThat(done.download().passedOver()).containsExactly(shown(mirror) + ": HTTP 404");
        assertThat(seen).filteredOn(p -> p.phase() == WeightsDownloader.Phase.CONNECTING)
                .extracting(WeightsDownloader.Progress::source).containsExactly(shown(mirror), shown(huggingFace));
        assertThat(store.list().get(0).provenance()).containsEntry(WeightsDownloader.FROM_KEY, from.toString());
        assertThat(left()).containsExactly("mini-resnet.zip");
    }

    @Test
    void aGitLfsPointerAndAWrongFileArePassedOverAndNothingOfThemIsKept() throws Exception {
        byte[] pointer = ("version https://git-lfs.github.com/spec/v1\noid sha256:" + sha256(onnx) + "\nsize "
                + onnx.length + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] wrong = onnx.clone();
        wrong[wrong.length - 1] ^= 1;
        HttpServer github = another("github", ex -> send(ex, 200, pointer));
        HttpServer damaged = another("damaged", ex -> send(ex, 200, wrong));
        HttpServer good = another("good", ex -> send(ex, 200, onnx));
        List<String> beforeTheLast = new ArrayList<>();

        WeightsDownloader.Installed done = chain(github, damaged, good).install(file(onnx.length, sha256(onnx)),
                p -> {
                    if (p.phase() == WeightsDownloader.Phase.CONNECTING && p.source().equals(shown(good))) {
                        try {
                            beforeTheLast.addAll(left());
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                    }
                }, new Cancellation());

        assertThat(asked).containsExactly("github", "damaged", "good");
        assertThat(done.download().from()).isEqualTo(base(good, "/zoo/models/mini-resnet-1.onnx"));
        assertThat(done.download().passedOver()).containsExactly(
                shown(github) + ": a Git LFS pointer, not the file",
                shown(damaged) + ": SHA-256 " + sha256(wrong).substring(0, 12) + "…, not the listed "
                        + sha256(onnx).substring(0, 12) + "…");
        assertThat(beforeTheLast).as("the refused files are gone before the next source is asked").isEmpty();
        assertThat(left()).containsExactly("mini-resnet.zip");
    }

    @Test
    void whenNoSourceHasTheFileOneLineSaysWhatEachAnswered() throws Exception {
        KnownWeights.ZooFile f = file(onnx.length, sha256(onnx));
        HttpServer a = another("a", ex -> send(ex, 404, new byte[0]));
        HttpServer b = another("b", ex -> send(ex, 410, new byte[0]));
        assertThatThrownBy(() -> chain(a, b).install(f, p -> { }, new Cancellation()))
                .isInstanceOf(DownloadException.class)
                .hasMessage("No source has mini-resnet-1.onnx: " + shown(a) + ": HTTP 404; " + shown(b) + ": HTTP 410");

        URI closed1 = URI.create("http://127.0.0.1:" + closedPort() + "/zoo/");
        URI closed2 = URI.create("http://127.0.0.1:" + closedPort() + "/zoo/");
        assertThatThrownBy(() -> from(List.of(closed1, closed2)).install(f, p -> { },
                new Cancellation())).isInstanceOf(DownloadException.class)
                .hasMessage("Cannot download mini-resnet-1.onnx, no source could be reached: "
                        + WeightsDownloader.shown(closed1) + ": connection refused; "
                        + WeightsDownloader.shown(closed2) + ": connection refused");

        byte[] half = Arrays.copyOf(onnx, onnx.length / 2);
        HttpServer shortFile = another("short", ex -> send(ex, 200, half));
        HttpServer broken = another("broken", ex -> send(ex, 500, new byte[0]));
        assertThatThrownBy(() -> chain(a, shortFile, broken).install(f, p -> { }, new Cancellation()))
                .isInstanceOf(DownloadException.class)
                .hasMessage(String.format(Locale.ROOT, "mini-resnet-1.onnx could not be downloaded from any source: "
                        + "%s: HTTP 404; %s: %,d bytes, not the listed %,d; %s: HTTP 500", shown(a), shown(shortFile),
                        half.length, onnx.length, shown(broken)));
        assertThat(left()).isEmpty();
        assertThat(store.has("mini-resnet")).isFalse();
    }

    @Test
    @Timeout(30)
    void aCancelWhileTheSecondSourceSendsStopsTheChainAndLeavesNoTemporaryFile() throws Exception {
        HttpServer mirror = another("mirror", ex -> send(ex, 404, new byte[0]));
        HttpServer stalls = another("stalls", ex -> {
            ex.sendResponseHeaders(200, onnx.length);
            OutputStream out = ex.getResponseBody();
            out.write(onnx, 0, onnx.length / 3);
            out.flush();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        HttpServer third = another("third", ex -> send(ex, 200, onnx));
        Cancellation cancel = new Cancellation();
        List<String> whileRunning = new ArrayList<>();
        assertThatThrownBy(() -> chain(mirror, stalls, third).install(file(onnx.length, sha256(onnx)), p -> {
            if (p.phase() == WeightsDownloader.Phase.DOWNLOADING && p.done() > 0 && whileRunning.isEmpty()) {
                try {
                    whileRunning.addAll(left());
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                cancel.cancel();
            }
        }, cancel)).isInstanceOf(CancellationException.class);
        assertThat(whileRunning).singleElement().asString().startsWith(".mini-resnet-1.onnx.").endsWith(".part");
        assertThat(asked).as("a cancel is no reason to try the next source").containsExactly("mirror", "stalls");
        assertThat(left()).isEmpty();
        assertThat(store.has("mini-resnet")).isFalse();
    }

    /** torchvision's resnet18 as Hugging Face publishes it (the fixture's weights), a changed copy, one with a NaN. */
    private static Path safetensors;
    private static Path changed;
    private static Path withNan;
    private static final KnownWeights.HubFile HUB = new KnownWeights.HubFile("resnet18", "timm/resnet18.tv_in1k");
    private static final String HUB_PATH = "/zoo/timm/resnet18.tv_in1k/resolve/main/model.safetensors";

    @BeforeAll
    static void writeSafetensors(@TempDir Path tmp) throws IOException {
        SafetensorsFixture f = SafetensorsFixture.load("resnet18");
        Set<String> bn = f.batchNorms();
        safetensors = tmp.resolve("model.safetensors");
        f.write(safetensors, f.entries());
        changed = tmp.resolve("changed.safetensors");
        SafetensorsFixture.write(changed, f.entries(), e -> nudged(SafetensorsFixture.values(e.key(), e.shape(), bn),
                e.key().equals("fc.bias"), 0.01f));
        withNan = tmp.resolve("nan.safetensors");
        SafetensorsFixture.write(withNan, f.entries(), e -> {
            float[] v = SafetensorsFixture.values(e.key(), e.shape(), bn);
            if (e.key().equals("layer3.0.conv1.weight")) {
                v[7] = Float.NaN;
            }
            return v;
        });
    }

    private static float[] nudged(float[] v, boolean here, float by) {
        if (here) {
            v[0] += by;
        }
        return v;
    }

    private static void sendFile(HttpExchange ex, Path file) throws IOException {
        ex.sendResponseHeaders(200, Files.size(file));
        try (OutputStream out = ex.getResponseBody()) {
            Files.copy(file, out);
        }
    }

    private static String sha256(Path file) throws Exception {
        return sha256(Files.readAllBytes(file));
    }

    @Test
    void aHuggingFaceRowFollowsTheRedirectImportsAndRecordsItsFirstDownload() throws Exception {
        List<String> paths = Collections.synchronizedList(new ArrayList<>());
        HttpServer cdn = another("cdn", ex -> sendFile(ex, safetensors));
        HttpServer huggingFace = another("hugging face", ex -> {
            paths.add(ex.getRequestURI().getPath());
            ex.getResponseHeaders().add("Location", base(cdn, "/repos/ab/cd/1234").toString());
            send(ex, 302, new byte[0]);
        });
        List<WeightsDownloader.Progress> seen = new ArrayList<>();

        WeightsDownloader.Installed done = chain(huggingFace).install(HUB, seen::add, new Cancellation());

        assertThat(asked).containsExactly("hugging face", "cdn");
        assertThat(paths).containsExactly(HUB_PATH);
        URI from = base(huggingFace, HUB_PATH);
        assertThat(done.download().from()).isEqualTo(from);
        assertThat(done.download().first()).isTrue();
        assertThat(done.download().size()).isEqualTo(Files.size(safetensors));
        assertThat(done.download().sha256()).isEqualTo(sha256(safetensors));
        assertThat(seen).filteredOn(p -> p.phase() == WeightsDownloader.Phase.DOWNLOADING).last()
                .as("the server's Content-Length is the total while nothing is known of the file")
                .isEqualTo(new WeightsDownloader.Progress(WeightsDownloader.Phase.DOWNLOADING,
                        Files.size(safetensors), Files.size(safetensors), shown(huggingFace)));
        assertThat(store.list().get(0).provenance()).containsEntry(WeightsDownloader.FROM_KEY, from.toString())
                .containsEntry("source", "resnet18.tv_in1k.safetensors").containsEntry("sha256", sha256(safetensors));
        assertThat(left()).containsExactly(FirstDownloads.FILE, "resnet18.zip");
        FirstDownloads.Entry first = new FirstDownloads(store.dir()).of(HUB).orElseThrow();
        assertThat(first.size()).isEqualTo(Files.size(safetensors));
        assertThat(first.sha256()).isEqualTo(sha256(safetensors));
        assertThat(first.from()).isEqualTo(from.toString());
    }

    @Test
    void aHuggingFaceRowThatIsNotThereIsOneLineAndRecordsNothing() throws Exception {
        HttpServer huggingFace = another("hugging face", ex -> send(ex, 404, new byte[0]));
        assertThatThrownBy(() -> chain(huggingFace).install(HUB, p -> { }, new Cancellation()))
                .isInstanceOf(DownloadException.class)
                .hasMessage("127.0.0.1 answered HTTP 404 for " + HUB_PATH);
        assertThat(left()).isEmpty();
    }

    @Test
    void aLaterDownloadMustMatchTheFirstOrIsRefusedInOneLineAndNothingIsReplaced() throws Exception {
        Path[] serving = {safetensors};
        HttpServer huggingFace = another("hugging face", ex -> sendFile(ex, serving[0]));
        WeightsDownloader d = chain(huggingFace);
        d.install(HUB, p -> { }, new Cancellation());
        Path record = store.dir().resolve(FirstDownloads.FILE);
        String recorded = Files.readString(record);
        byte[] weights = Files.readAllBytes(store.file("resnet18"));

        serving[0] = changed;
        assertThatThrownBy(() -> d.install(HUB, p -> { }, new Cancellation()))
                .isInstanceOf(DownloadException.class)
                .hasMessage("resnet18.tv_in1k.safetensors from 127.0.0.1 has SHA-256 " + sha256(changed)
                        + ", not the expected " + sha256(safetensors) + " recorded at its first download: changed at"
                        + " the source or damaged, not kept (to accept it, delete the line of timm/resnet18.tv_in1k"
                        + " in " + record.toAbsolutePath() + ")");
        assertThat(left()).containsExactly(FirstDownloads.FILE, "resnet18.zip");
        assertThat(Files.readString(record)).isEqualTo(recorded);
        assertThat(Files.readAllBytes(store.file("resnet18"))).as("the weights are not replaced").isEqualTo(weights);

        serving[0] = safetensors;
        WeightsDownloader.Installed again = d.install(HUB, p -> { }, new Cancellation());
        assertThat(again.download().first()).isFalse();
        assertThat(Files.readString(record)).isEqualTo(recorded);
        assertThat(left()).containsExactly(FirstDownloads.FILE, "resnet18.zip");
    }

    @Test
    void aFirstDownloadWithANanIsRefusedAndNeitherKeptNorRecorded() throws Exception {
        HttpServer huggingFace = another("hugging face", ex -> sendFile(ex, withNan));
        assertThatThrownBy(() -> chain(huggingFace).install(HUB, p -> { }, new Cancellation()))
                .isInstanceOf(WeightsFileException.class)
                .hasMessageContaining("tensor 'layer3.0.conv1.weight' holds NaN at index 7")
                .hasMessageNotContaining("\n");
        assertThat(left()).isEmpty();
        assertThat(store.has("resnet18")).isFalse();
        assertThat(new FirstDownloads(store.dir()).of(HUB)).isEmpty();
    }
}
