package org.cnnexplorer.cli;

import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.engine.natives.NativeSetup;
import org.cnnexplorer.io.Cancellation;
import org.cnnexplorer.onnx.OnnxException;
import org.cnnexplorer.weights.DownloadException;
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

/**
 * {@code weights download ID}: the ONNX model zoo's file of a catalog network, from the first source that has it
 * (the mirror {@code -Dcnnexplorer.zooUrl} names, Hugging Face, GitHub), checked and imported as the window's "Get
 * ImageNet weights…" does; {@code --list} shows what can be downloaded.
 */
@Command(name = "download", description = "Download a network's ImageNet weights (ONNX model zoo: the mirror "
        + "-Dcnnexplorer.zooUrl names, else Hugging Face, else GitHub), check the file's size and SHA-256 and import "
        + "it.")
final class WeightsDownloadCommand implements Callable<Integer> {
    /** Exit status of a download stopped by Ctrl-C, as a shell reports a command SIGINT ended. */
    static final int INTERRUPTED = 130;
    /** How long Ctrl-C waits for the download to stop and delete its temporary file. */
    private static final long CLEAN_UP_S = 30;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "Catalog id with a file to download "
            + "(see --list), e.g. resnet50-v1, googlenet, vgg16.") String id;
    @Option(names = "--list", description = "List the networks whose weights can be downloaded, and the sources.")
    boolean list;

    private final KnownWeights known;
    private final List<URI> publicSources;

    WeightsDownloadCommand() {
        this(KnownWeights.standard(), WeightsDownloader.PUBLIC_SOURCES);
    }

    /** Downloads rows of {@code known}, trying {@code publicSources} after the mirror (tests give local servers). */
    WeightsDownloadCommand(KnownWeights known, List<URI> publicSources) {
        this.known = known;
        this.publicSources = publicSources;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        List<URI> sources;
        try {
            sources = WeightsDownloader.sources(publicSources);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (list) {
            list(out, sources);
            return 0;
        }
        if (id == null) {
            throw new UserError("weights download: which network? Give an ID; 'weights download --list' shows them");
        }
        CatalogArgs.entry(id);
        KnownWeights.ZooFile file = zooFile(id).orElseThrow(() -> new UserError(noFile(id)));
        NativeSetup.configure();
        ImportedWeights store = ImportedWeights.standard();
        return download(file, new WeightsDownloader(sources, store), store, out);
    }

    private Integer download(KnownWeights.ZooFile file, WeightsDownloader downloader, ImportedWeights store,
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
            if (d.from() == null) {
                out.println(file.fileName() + " was downloaded before: checked, size and SHA-256 as listed");
            } else {
                out.printf(Locale.ROOT, "downloaded %s from %s (%,d bytes, SHA-256 as listed): %s%n",
                        file.fileName(), WeightsDownloader.shown(d.from()), file.size(), d.from());
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

    private static String progress(KnownWeights.ZooFile file, WeightsDownloader.Progress p) {
        return switch (p.phase()) {
            case CONNECTING -> "connecting to " + p.source() + "…";
            case DOWNLOADING -> String.format(Locale.ROOT, "downloading %s from %s: %.1f of %.1f MB (%d%%)",
                    file.fileName(), p.source(), p.done() / 1e6, p.total() / 1e6, (int) (100 * p.fraction()));
            case VERIFYING -> "checking " + file.fileName() + ", downloaded before…";
            case IMPORTING -> String.format(Locale.ROOT, "importing onto %s: %d%%", file.id(),
                    (int) (100 * Math.max(0, p.fraction())));
            case SAVING -> "saving the weights of " + file.id() + "…";
        };
    }

    private Optional<KnownWeights.ZooFile> zooFile(String catalogId) {
        return known.sources().stream().filter(s -> s.id().equals(catalogId) && s instanceof KnownWeights.ZooFile)
                .map(s -> (KnownWeights.ZooFile) s).findFirst();
    }

    /** Why {@code catalogId} has nothing to download, and what to do instead: one line. */
    private String noFile(String catalogId) {
        Optional<KnownWeights.TorchvisionExport> tv = known.sources().stream()
                .filter(s -> s.id().equals(catalogId) && s instanceof KnownWeights.TorchvisionExport)
                .map(s -> (KnownWeights.TorchvisionExport) s).findFirst();
        if (tv.isPresent()) {
            return catalogId + " has no ONNX file to download (torchvision publishes PyTorch weights): export one with "
                    + tv.get().command() + " then run weights import " + tv.get().fileName() + " --as " + catalogId;
        }
        return catalogId + " has no ImageNet weights to download; these have: " + String.join(", ", downloadable());
    }

    private List<String> downloadable() {
        return known.sources().stream().filter(s -> s instanceof KnownWeights.ZooFile).map(KnownWeights.Source::id)
                .toList();
    }

    private void list(PrintWriter out, List<URI> sources) {
        ImportedWeights store = ImportedWeights.standard();
        String row = "%-14s %-26s %10s  %-8s %s%n";
        out.printf(Locale.ROOT, row, "ID", "FILE", "SIZE", "IMPORTED", "TITLE");
        for (KnownWeights.Source s : known.sources()) {
            if (s instanceof KnownWeights.ZooFile z) {
                out.printf(Locale.ROOT, row, z.id(), z.fileName(), String.format(Locale.ROOT, "%.1f MB",
                        z.size() / 1e6), store.has(z.id()) ? "yes" : "no", Catalog.get(z.id()).title());
            }
        }
        out.println("tried in order: " + String.join(", ", sources.stream().map(URI::toString).toList())
                + (sources.size() == publicSources.size()
                ? " (a mirror first with -D" + WeightsDownloader.BASE_PROPERTY + "=URL)" : ""));
        out.println("torchvision's networks have no ONNX file to download: export one, then weights import FILE --as ID"
                + " (weights download ID prints the command)");
    }
}
