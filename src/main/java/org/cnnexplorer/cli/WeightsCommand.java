package org.cnnexplorer.cli;

import org.cnnexplorer.data.Preprocessing;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.ModelInfo;
import org.cnnexplorer.engine.natives.NativeSetup;
import org.cnnexplorer.onnx.OnnxException;
import org.cnnexplorer.train.FineTuning;
import org.cnnexplorer.weights.ImportedWeights;
import org.cnnexplorer.weights.WeightsDownloader;
import org.cnnexplorer.weights.WeightsFileException;
import org.cnnexplorer.weights.WeightsImport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.DoubleConsumer;

/**
 * {@code weights import FILE --as ID}, {@code weights download ID} and {@code weights list}: ImageNet weights from
 * ONNX files, and (listed only) the networks fine-tuned on the user's own classes.
 */
@Command(name = "weights", description = "Download or import ImageNet weights from ONNX files and list the imported "
        + "ones.", subcommands = {WeightsCommand.Import.class, WeightsDownloadCommand.class,
        WeightsCommand.ListImported.class})
final class WeightsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "import", description = "Put the weights of an ONNX file (ONNX model zoo, torchvision export) or "
            + "of a torchvision state_dict saved as safetensors onto a catalog network and keep them in the user's "
            + "data folder.")
    static final class Import implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The .onnx or .safetensors file.")
        Path file;
        @Option(names = "--as", required = true, paramLabel = "ID",
                description = "Catalog id, e.g. resnet50, vgg16-bn, alexnet, googlenet-tv.") String id;
        @Option(names = "--preprocessing", paramLabel = "KIND",
                description = "caffe, torchvision or half-range (default: what the network's usual source takes).")
        String preprocessing;

        @Override
        public Integer call() throws IOException {
            CatalogArgs.entry(id);
            Preprocessing chosen = preprocessing == null ? null : Preprocessing.of(preprocessing).orElseThrow(() ->
                    new UserError("unknown preprocessing '" + preprocessing + "'; use one of " + String.join(", ",
                            Arrays.stream(Preprocessing.values()).map(Preprocessing::id).toList())));
            NativeSetup.configure();
            PrintWriter out = spec.commandLine().getOut();
            ImportedWeights store = ImportedWeights.standard();
            long start = System.nanoTime();
            ProgressLine line = new ProgressLine(spec.commandLine().getErr());
            try {
                int[] shown = {0};
                // VGG's 138 M weights take a while: a line of progress on stderr, in tenths
                DoubleConsumer progress = f -> {
                    int tenths = (int) (f * 10);
                    if (tenths > shown[0]) {
                        shown[0] = tenths;
                        line.show("copying weights " + tenths * 10 + "%");
                    }
                };
                try (WeightsImport.Imported i = WeightsImport.importFile(file, id, chosen, progress, () -> false)) {
                    line.end();
                    Model m = i.model();
                    Preprocessing p = i.preprocessing();
                    long imported = System.nanoTime();
                    Path saved = store.save(m);
                    out.printf(Locale.ROOT, "imported %s as %s (%s, %,d parameters, preprocessing %s) in %.1f s%n",
                            file.getFileName(), id, m.info().input(), m.numParams(), p.id(),
                            (imported - start) / 1e9);
                    out.printf(Locale.ROOT, "saved to %s in %.1f s%n", saved, (System.nanoTime() - imported) / 1e9);
                }
            } catch (OnnxException | WeightsFileException e) {
                throw new UserError(e.getMessage());
            } finally {
                line.end();
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List the imported weights (network, source file, preprocessing) and the "
            + "networks fine-tuned on your own classes (train ID --fine-tune --name NAME); FROM says where each file "
            + "came from: the address it was downloaded from, or the file imported.")
    static final class ListImported implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            ImportedWeights store = ImportedWeights.standard();
            ImportedWeights.Listing listing = store.listing();
            List<ModelInfo> all = listing.weights();
            listing.unreadable().forEach(line -> spec.commandLine().getErr().println("skipped " + line));
            if (all.isEmpty()) {
                out.println("no imported weights in " + store.dir()
                        + " (weights download ID, weights import FILE --as ID)");
                return 0;
            }
            List<ModelInfo> imported = all.stream().filter(i -> !fineTuned(i)).toList();
            List<ModelInfo> tuned = all.stream().filter(ListImported::fineTuned).toList();
            if (!imported.isEmpty()) {
                String row = "%-14s %-12s %-28s %-12s %-11s %-64s  %s%n";
                out.printf(Locale.ROOT, row, "ID", "INPUT", "SOURCE", "PREPROCESS", "IMPORTED", "SHA-256 (source)",
                        "FROM");
                for (ModelInfo i : imported) {
                    var p = i.provenance();
                    out.printf(Locale.ROOT, row, i.catalogId(), i.input(), p.getOrDefault("source", "?"),
                            p.getOrDefault(Preprocessing.KEY, "?"), p.getOrDefault("imported", "?"),
                            p.getOrDefault("sha256", "?"), from(p));
                }
            }
            if (!tuned.isEmpty()) {
                if (!imported.isEmpty()) {
                    out.println();
                }
                String row = "%-16s %-20s %-12s %-9s %s%n";
                out.printf(Locale.ROOT, row, "NAME", "FINE-TUNED FROM", "INPUT", "TEST ACC", "CLASSES");
                for (ModelInfo i : tuned) {
                    var p = i.provenance();
                    out.printf(Locale.ROOT, row, p.get(ImportedWeights.NAME), i.catalogId() + " ("
                            + p.getOrDefault(FineTuning.SCOPE, "?") + ")", i.input(), percent(p.get("testAccuracy")),
                            String.join(", ", i.labels()));
                }
            }
            out.println("in " + store.dir());
            return 0;
        }

        /** Where imported weights came from: the address they were downloaded from, else the file imported. */
        private static String from(Map<String, String> provenance) {
            String url = provenance.get(WeightsDownloader.FROM_KEY);
            if (url != null) {
                return "downloaded from " + url;
            }
            String file = provenance.get("source");
            return file == null ? "?" : "imported file " + file;
        }

        private static boolean fineTuned(ModelInfo info) {
            return info.provenance().containsKey(ImportedWeights.NAME);
        }

        private static String percent(String fraction) {
            try {
                return String.format(Locale.ROOT, "%.1f%%", 100 * Double.parseDouble(fraction));
            } catch (NullPointerException | NumberFormatException e) {
                return "?";
            }
        }
    }
}
