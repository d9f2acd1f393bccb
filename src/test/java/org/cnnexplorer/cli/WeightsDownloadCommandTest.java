package org.cnnexplorer.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.natives.NativeSetup;
import org.cnnexplorer.onnx.OnnxWriter;
import org.cnnexplorer.weights.KnownWeights;
import org.cnnexplorer.weights.WeightsDownloader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code weights download} against HTTP servers on this machine: the mirror of {@code -Dcnnexplorer.zooUrl}, then
 * the servers a test puts where Hugging Face and GitHub are; one-line failures after an ended progress line; Ctrl-C.
 */
class WeightsDownloadCommandTest {
    private static final String PATH = "models/mini-resnet-1.onnx";
    private static byte[] onnx;
    private static KnownWeights known;

    @TempDir
    Path dir;
    private Path store;
    private String weightsBefore;
    private String zooBefore;
    private final List<HttpServer> servers = new ArrayList<>();
    private final List<String> asked = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeAll
    static void file(@TempDir Path tmp) throws Exception {
        NativeSetup.configure();
        Path f = tmp.resolve("mini-resnet.onnx");
        try (Model m = Model.untrained("mini-resnet")) {
            OnnxWriter.write(m, false, f);
        }
        onnx = Files.readAllBytes(f);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(onnx));
        known = KnownWeights.parse(new StringReader("mini-resnet\tonnx-model-zoo\t" + PATH + "\t" + onnx.length
                + "\t" + sha + "\n"));
    }

    @BeforeEach
    void privateStore() {
        store = dir.resolve("weights");
        weightsBefore = System.setProperty("cnnexplorer.weights", store.toString());
        zooBefore = System.clearProperty(WeightsDownloader.BASE_PROPERTY);
    }

    @AfterEach
    void restore() {
        release.countDown();
        servers.forEach(s -> s.stop(0));
        restore("cnnexplorer.weights", weightsBefore);
        restore(WeightsDownloader.BASE_PROPERTY, zooBefore);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    /** A server answering every path with {@code h} after noting {@code name} in {@link #asked}. */
    private HttpServer serve(String name, HttpHandler h) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setExecutor(Executors.newCachedThreadPool());
        s.createContext("/", ex -> {
            asked.add(name);
            h.handle(ex);
        });
        s.start();
        servers.add(s);
        return s;
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static URI base(HttpServer s) {
        return URI.create("http://127.0.0.1:" + s.getAddress().getPort() + "/zoo/");
    }

    private static String shown(HttpServer s) {
        return "127.0.0.1:" + s.getAddress().getPort();
    }

    /** The CLI with the test's known file, {@code publicSources} where Hugging Face and GitHub are. */
    private static CliTest.Result run(List<URI> publicSources, String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                return cls == WeightsDownloadCommand.class
                        ? cls.cast(new WeightsDownloadCommand(known, publicSources, publicSources))
                        : CommandLine.defaultFactory().create(cls);
            }
        };
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Cli.run(factory, new PrintWriter(out), new PrintWriter(err), args);
        return new CliTest.Result(status, out.toString(), err.toString());
    }

    /** stderr's lines as a terminal ends them: a progress line rewritten with \r is one line until its \n. */
    private static List<String> lines(String err) {
        return List.of(err.split("\n"));
    }

    private List<String> stored() throws IOException {
        if (!Files.isDirectory(store)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(store)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void theMirrorComesFirstThenTheNextSourceAndTheOutputSaysWhereTheFileCameFrom() throws Exception {
        HttpServer mirror = serve("mirror", ex -> send(ex, 404, new byte[0]));
        HttpServer huggingFace = serve("hugging face", ex -> send(ex, 200, onnx));
        HttpServer github = serve("github", ex -> send(ex, 200, onnx));
        System.setProperty(WeightsDownloader.BASE_PROPERTY, base(mirror).toString());

        CliTest.Result r = run(List.of(base(huggingFace), base(github)), "weights", "download", "mini-resnet");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(asked).containsExactly("mirror", "hugging face");
        assertThat(r.out()).startsWith("downloaded mini-resnet-1.onnx from " + shown(huggingFace) + " (")
                .contains(base(huggingFace) + PATH)
                .contains("imported as mini-resnet (preprocessing torchvision), saved to " + store);
        assertThat(r.err()).contains("\rconnecting to " + shown(mirror) + "…")
                .contains("\rdownloading mini-resnet-1.onnx from " + shown(huggingFace) + ": ").contains("(100%)")
                .contains("\rimporting onto mini-resnet: ").contains("\rsaving the weights of mini-resnet…")
                .endsWith("\n");
        assertThat(lines(r.err())).as("the progress line is ended before the note")
                .containsExactly(lines(r.err()).get(0), "passed over " + shown(mirror) + ": HTTP 404");
        assertThat(stored()).containsExactly("mini-resnet.zip");
        assertThat(CliTest.run("weights", "list").out()).contains("mini-resnet-1.onnx")
                .contains("downloaded from " + base(huggingFace) + PATH);
    }

    @Test
    void failuresAreOneLineAfterTheEndedProgressLineWithExitStatus2AndNothingIsKept() throws Exception {
        HttpServer a = serve("a", ex -> send(ex, 404, new byte[0]));
        HttpServer b = serve("b", ex -> send(ex, 404, new byte[0]));
        CliTest.Result notThere = run(List.of(base(a), base(b)), "weights", "download", "mini-resnet");
        assertThat(notThere.status()).isEqualTo(UserError.STATUS);
        assertThat(notThere.out()).isEmpty();
        assertThat(lines(notThere.err())).hasSize(2).last().isEqualTo("No source has mini-resnet-1.onnx: "
                + shown(a) + ": HTTP 404; " + shown(b) + ": HTTP 404");

        URI closed1 = URI.create("http://127.0.0.1:" + closedPort() + "/");
        URI closed2 = URI.create("http://127.0.0.1:" + closedPort() + "/");
        CliTest.Result offline = run(List.of(closed1, closed2), "weights", "download", "mini-resnet");
        assertThat(offline.status()).isEqualTo(UserError.STATUS);
        assertThat(lines(offline.err())).hasSize(2).last().isEqualTo(
                "Cannot download mini-resnet-1.onnx, no source could be reached: " + WeightsDownloader.shown(closed1)
                        + ": connection refused; " + WeightsDownloader.shown(closed2) + ": connection refused");

        byte[] wrong = onnx.clone();
        wrong[0] ^= 1;
        HttpServer damaged = serve("damaged", ex -> send(ex, 200, wrong));
        System.setProperty(WeightsDownloader.BASE_PROPERTY, base(damaged).toString());
        CliTest.Result sha = run(List.of(base(a)), "weights", "download", "mini-resnet");
        assertThat(sha.status()).isEqualTo(UserError.STATUS);
        assertThat(lines(sha.err())).hasSize(2).last().asString()
                .startsWith("mini-resnet-1.onnx could not be downloaded from any source: " + shown(damaged)
                        + ": SHA-256 ").contains("…, not the listed ").endsWith("…; " + shown(a) + ": HTTP 404");
        assertThat(stored()).isEmpty();
    }

    @Test
    void networksWithoutAFileSayWhatToDoInsteadAndListShowsTheDownloads() {
        CliTest.Result tv = CliTest.run("weights", "download", "googlenet-tv");
        assertThat(tv.status()).isEqualTo(UserError.STATUS);
        assertThat(tv.err().strip().lines()).singleElement().asString()
                .startsWith("googlenet-tv has no file to download (torchvision publishes PyTorch weights)")
                .endsWith("then run weights import googlenet-tv.onnx --as googlenet-tv");
        CliTest.Result mini = CliTest.run("weights", "download", "mini-resnet");
        assertThat(mini.err().strip()).isEqualTo("mini-resnet has no ImageNet weights to download; these have: "
                + "alexnet, googlenet, vgg16, vgg16-bn, vgg19, vgg19-bn, resnet18, resnet34, resnet50-v1, "
                + "resnet101-v1, resnet152-v1, resnet50, resnet101, resnet152, vgg11, vgg13, vgg11-bn, vgg13-bn");
        CliTest.Result neither = CliTest.run("weights", "download", "resnet50", "--from", "onnx-model-zoo");
        assertThat(neither.err().strip()).isEqualTo("resnet50 has no file from onnx-model-zoo; it has one from "
                + "hugging-face");
        assertThat(CliTest.run("weights", "download", "resnet50", "--from", "pypi").err().strip())
                .isEqualTo("--from takes onnx-model-zoo or hugging-face, got 'pypi'");
        assertThat(CliTest.run("weights", "download").err().strip())
                .isEqualTo("weights download: which network? Give an ID; 'weights download --list' shows them");
        assertThat(CliTest.run("weights", "download", "nosuch").err()).startsWith("unknown network 'nosuch'");

        CliTest.Result list = CliTest.run("weights", "download", "--list");
        assertThat(list.status()).isZero();
        assertThat(list.out()).containsPattern("resnet50-v1 +onnx-model-zoo +resnet50-v1-12.onnx +102.6 MB +no ")
                .containsPattern("vgg16-bn +hugging-face +timm/vgg16_bn.tv_in1k +\\? +no ")
                .contains("tried in order: " + WeightsDownloader.HUGGING_FACE + ", " + WeightsDownloader.GITHUB
                        + " (hugging-face: https://huggingface.co/); a mirror first with -Dcnnexplorer.zooUrl=URL");
        System.setProperty(WeightsDownloader.BASE_PROPERTY, "mirror.example");
        CliTest.Result bad = CliTest.run("weights", "download", "--list");
        assertThat(bad.status()).isEqualTo(UserError.STATUS);
        assertThat(bad.err().strip()).isEqualTo("-Dcnnexplorer.zooUrl=mirror.example is no http or https address "
                + "of a mirror");
    }

    @Test
    @Timeout(120)
    void ctrlCStopsTheDownloadAndLeavesNoTemporaryFile() throws Exception {
        HttpServer stalls = serve("stalls", ex -> {
            // the start of googlenet-12.onnx's listed size, then nothing until the test ends
            ex.sendResponseHeaders(200, 28_021_836L);
            OutputStream out = ex.getResponseBody();
            out.write(new byte[1 << 20]);
            out.flush();
            try {
                release.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.awt.headless=true",
                "-Dcnnexplorer.weights=" + store, "-D" + WeightsDownloader.BASE_PROPERTY + "=" + base(stalls)));
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null) {
            command.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Cli.class.getName(),
                "weights", "download", "googlenet"));
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        // a safety net, not a measurement: the download has begun once its temporary file is there
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (stored().stream().noneMatch(n -> n.endsWith(".part"))) {
            assertThat(p.isAlive()).as("still downloading").isTrue();
            assertThat(System.nanoTime()).as("the download began").isLessThan(deadline);
            Thread.sleep(100);
        }
        // SIGTERM, which the JVM answers as it does Ctrl-C's SIGINT (its shutdown hooks run, then it ends): a process
        // started in the background ignores SIGINT; the handle's destroy, unlike the Process's, leaves stderr open
        assertThat(p.toHandle().destroy()).isTrue();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(stored()).isEmpty();
        assertThat(lines(err.get())).last().isEqualTo("download of googlenet-12.onnx cancelled: nothing kept");
    }
}
