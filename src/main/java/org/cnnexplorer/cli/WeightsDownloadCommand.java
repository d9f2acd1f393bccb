package org.cnnexplorer.cli;

import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.engine.natives.NativeSetup;
import org.cnnexplorer.io.Cancellation;
import org.cnnexplorer.onnx.OnnxException;
import org.cnnexplorer.weights.DownloadException;
import org.cnnexplorer.weights.FirstDownloads;
import org.cnnexplorer.weights.ImportedWeights;
import org.cnnexplorer.weights.KnownWeights;
import org.cnnexplorer.weights.WeightsDownloader;
import org.cnnexplorer.weights.WeightsFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

/**
 * {@code weights download ID}: the file of a catalog network's ImageNet weights, from the first source that has it
 * (the mirror {@code -Dcnnexplorer.zooUrl} names, then for the ONNX model zoo's files Hugging Face's copy and GitHub,
 * for torchvision's weights Hugging Face's repository), checked and imported as the window's "Get ImageNet weights…"
 * does; {@code --list} shows what can be downloaded.
 */
@Command(name = "download", description = "Download a network's ImageNet weights (the ONNX model zoo's file, or "
        + "torchvision's model.safetensors from Hugging Face; the mirror -Dcnnexplorer.zooUrl names first), check the "
        + "file (the zoo's listed size and SHA-256; for Hugging Face those of its first download) and import it.")
final class WeightsDownloadCommand implements Callable<Integer> {
    /** Exit status of a download stopped by Ctrl-C, as a shell reports a command SIGINT ended. */
    static final int INTERRUPTED = 130;
    /** How long Ctrl-C waits for the download to stop and delete its temporary file. */
    private static final long CLEAN_UP_S = 30;
    private static final String ZOO = "onnx-model-zoo";
    private static final String HUB = "hugging-face";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "Catalog id with a file to download "
            + "(see --list), e.g. resnet50-v1, googlenet, resnet50, vgg16-bn.") String id;
    @Option(names = "--from", paramLabel = ZOO + "|" + HUB, description = "Which file, for a network with both "
            + "(default: the first --list shows).") String from;
    @Option(names = "--list", description = "List the networks whose weights can be downloaded, and the sources.")
    boolean list;

    private final KnownWeights known;
    private final List<URI> zooSources;
    private final List<URI> hubSources;

    WeightsDownloadCommand() {
        this(KnownWeights.standard(), WeightsDownloader.PUBLIC_SOURCES, WeightsDownloader.HUB_SOURCES);
    }

    /**
     * Downloads rows of {@code known}, trying {@code zooSources} (the zoo's files) or {@code hubSources} (Hugging
     * Face's repositories) after the mirror; tests give local servers.
     */
    WeightsDownloadCommand(KnownWeights known, List<URI> zooSources, List<URI> hubSources) {
        this.known = known;
        this.zooSources = zooSources;
        this.hubSources = hubSources;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        WeightsDownloader downloader;
        ImportedWeights store = ImportedWeights.standard();
        try {
            downloader = new WeightsDownloader(WeightsDownloader.sources(zooSources),
                    WeightsDownloader.sources(hubSources), store);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (from != null && !from.equals(ZOO) && !from.equals(HUB)) {
            throw new UserError("--from takes " + ZOO + " or " + HUB + ", got '" + from + "'");
        }
        if (list) {
            list(out, downloader, store);
            return 0;
        }
        if (id == null) {
            throw new UserError("weights download: which network? Give an ID; 'weights download --list' shows them");
        }
        CatalogArgs.entry(id);
        KnownWeights.Downloadable file = downloadable(id).orElseThrow(() -> new UserError(noFile(id)));
        NativeSetup.configure();
        return download(file, downloader, store, out);
    }

    private Integer download(KnownWeights.Downloadable file, WeightsDownloader downloader, ImportedWeights store,
                             PrintWriter out) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        ProgressLine line = new ProgressLine(err);
        Cancellation cancel = new Cancellation();
        // Ctrl-C cancels, and the download deletes its temporary file before the JVM ends
        SignalStop signals = new SignalStop("weights-download-interrupt", cancel::cancel, CLEAN_UP_S);
        try {
            WeightsDownloader.Installed done = downloader.install(file, p -> line.show(progress(file, p)), cancel);
            line.end();
            WeightsDownloader.Download d = done.download();
            d.passedOver().forEach(s -> err.println("passed over " + s));
            String facts = file instanceof KnownWeights.ZooFile ? "as listed"
                    : d.first() ? d.sha256() + ", recorded in " + downloader.firstDownloads().file()
                    + ": later downloads must match" : "as recorded at its first download";
            if (d.from() == null) {
                out.println(file.fileName() + " was downloaded before: checked, size and SHA-256 " + facts);
            } else {
                out.printf(Locale.ROOT, "downloaded %s from %s (%,d bytes, SHA-256 %s): %s%n", file.fileName(),
                        WeightsDownloader.shown(d.from()), d.size(), facts, d.from());
            }
            out.printf(Locale.ROOT, "imported as %s (preprocessing %s), saved to %s%n", file.id(),
                    done.preprocessing().id(), store.file(file.id()));
            return 0;
        } catch (DownloadException | OnnxException | WeightsFileException e) {
            throw new UserError(e.getMessage());
        } catch (CancellationException e) {
            line.end();
            err.println("download of " + file.fileName() + " cancelled: nothing kept");
            return INTERRUPTED;
        } finally {
            line.end();
            signals.close();
        }
    }

    private static String progress(KnownWeights.Downloadable file, WeightsDownloader.Progress p) {
        return switch (p.phase()) {
            case CONNECTING -> "connecting to " + p.source() + "…";
            case DOWNLOADING -> p.total() <= 0
                    ? String.format(Locale.ROOT, "downloading %s from %s: %.1f MB", file.fileName(), p.source(),
                    p.done() / 1e6)
                    : String.format(Locale.ROOT, "downloading %s from %s: %.1f of %.1f MB (%d%%)", file.fileName(),
                    p.source(), p.done() / 1e6, p.total() / 1e6, (int) (100 * p.fraction()));
            case VERIFYING -> "checking " + file.fileName() + ", downloaded before…";
            case IMPORTING -> String.format(Locale.ROOT, "importing onto %s: %d%%", file.id(),
                    (int) (100 * Math.max(0, p.fraction())));
            case SAVING -> "saving the weights of " + file.id() + "…";
        };
    }

    private static String kind(KnownWeights.Downloadable file) {
        return file instanceof KnownWeights.ZooFile ? ZOO : HUB;
    }

    /** The row of {@code catalogId} to download: the first, or the first of the kind --from names. */
    private Optional<KnownWeights.Downloadable> downloadable(String catalogId) {
        return downloadables().filter(s -> s.id().equals(catalogId) && (from == null || kind(s).equals(from)))
                .findFirst();
    }

    private Stream<KnownWeights.Downloadable> downloadables() {
        return known.sources().stream().filter(s -> s instanceof KnownWeights.Downloadable)
                .map(s -> (KnownWeights.Downloadable) s);
    }

    /** Why {@code catalogId} has nothing to download, and what to do instead: one line. */
    private String noFile(String catalogId) {
        List<String> kinds = downloadables().filter(s -> s.id().equals(catalogId)).map(WeightsDownloadCommand::kind)
                .toList();
        if (!kinds.isEmpty()) {
            return catalogId + " has no file from " + from + "; it has one from " + String.join(" and ", kinds);
        }
        Optional<KnownWeights.TorchvisionExport> tv = known.sources().stream()
                .filter(s -> s.id().equals(catalogId) && s instanceof KnownWeights.TorchvisionExport)
                .map(s -> (KnownWeights.TorchvisionExport) s).findFirst();
        if (tv.isPresent()) {
            return catalogId + " has no file to download (torchvision publishes PyTorch weights): export one with "
                    + tv.get().command() + " then run weights import " + tv.get().fileName() + " --as " + catalogId;
        }
        return catalogId + " has no ImageNet weights to download; these have: "
                + String.join(", ", downloadables().map(KnownWeights.Source::id).distinct().toList());
    }

    private void list(PrintWriter out, WeightsDownloader downloader, ImportedWeights store) throws IOException {
        String row = "%-14s %-15s %-30s %10s  %-8s %s%n";
        out.printf(Locale.ROOT, row, "ID", "FROM", "FILE", "SIZE", "IMPORTED", "TITLE");
        for (KnownWeights.Downloadable s : downloadables().toList()) {
            String name = s instanceof KnownWeights.HubFile h ? h.repository() : s.fileName();
            long size = s instanceof KnownWeights.ZooFile z ? z.size()
                    : downloader.firstDownloads().of((KnownWeights.HubFile) s).map(FirstDownloads.Entry::size)
                    .orElse(-1L);
            out.printf(Locale.ROOT, row, s.id(), kind(s), name, size < 0 ? "?" : String.format(Locale.ROOT,
                    "%.1f MB", size / 1e6), store.has(s.id()) ? "yes" : "no", Catalog.get(s.id()).title());
        }
        List<URI> zoo = WeightsDownloader.sources(zooSources);
        boolean mirror = zoo.size() > zooSources.size();
        out.println("tried in order: " + String.join(", ", zoo.stream().map(URI::toString).toList())
                + " (" + HUB + ": " + String.join(", ", WeightsDownloader.sources(hubSources).stream()
                .map(URI::toString).toList()) + ")" + (mirror ? "" : "; a mirror first with -D"
                + WeightsDownloader.BASE_PROPERTY + "=URL"));
        out.println(HUB + ": size ? until the first download, whose size and SHA-256 later ones must match; "
                + "torchvision's other networks: export an ONNX file, then weights import FILE --as ID (weights "
                + "download ID prints the command)");
    }
}
