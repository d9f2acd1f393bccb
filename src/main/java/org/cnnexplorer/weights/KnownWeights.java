package org.cnnexplorer.weights;

import org.cnnexplorer.arch.zoo.Catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where ImageNet weights for the catalog's networks can be had: the ONNX model zoo's files (path, size and SHA-256,
 * from the zoo repository's Git LFS pointers), torchvision's weights as Hugging Face publishes them (a repository's
 * {@code model.safetensors}, whose size and SHA-256 are recorded at the first download: {@link FirstDownloads}) and
 * torchvision's networks, which the user exports to ONNX. The facts and their source are in
 * {@code known-weights.tsv} beside this class.
 */
public final class KnownWeights {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** Where a catalog id's weights come from. */
    public sealed interface Source {
        String id();
    }

    /** A row with a file that {@link WeightsDownloader} fetches. */
    public sealed interface Downloadable extends Source {
        /** Where the file is under each of its sources' addresses. */
        String path();

        /** Its name in the weights folder while it is checked and imported (its extension says how to import it). */
        String fileName();
    }

    /** A file of the ONNX model zoo: {@code path} inside its repository, its exact size and SHA-256. */
    public record ZooFile(String id, String path, long size, String sha256) implements Downloadable {
        /** The file's name, which {@link OnnxImporter#networkNamedBy} also understands. */
        @Override
        public String fileName() {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    /**
     * torchvision's weights in a Hugging Face repository ({@code timm/resnet50.tv_in1k}): its {@value #FILE}, a
     * state_dict {@link SafetensorsImporter} reads.
     */
    public record HubFile(String id, String repository) implements Downloadable {
        public static final String FILE = "model.safetensors";

        /** Hugging Face's path of the file's newest version: {@code REPOSITORY/resolve/main/model.safetensors}. */
        @Override
        public String path() {
            return repository + "/resolve/main/" + FILE;
        }

        /** The repository's name as a safetensors file, which {@link OnnxImporter#networkNamedBy} understands. */
        @Override
        public String fileName() {
            return repository.substring(repository.indexOf('/') + 1) + ".safetensors";
        }
    }

    /** A torchvision network ({@code torchvision.models.<function>}) the user exports to {@code <id>.onnx}. */
    public record TorchvisionExport(String id, String function) implements Source {
        public String fileName() {
            return id + ".onnx";
        }

        /**
         * One line to run where PyTorch and torchvision (0.13 or later, for {@code weights=}) are installed: it
         * fetches torchvision's trained weights and writes {@code <id>.onnx}, which Import file… then puts onto
         * {@code id} (the file's name names the network). Opset 13, as src/scripts/torchvision-onnx.py, whose
         * exports the tests import.
         */
        public String command() {
            return "python3 -c \"import torch, torchvision; m = torchvision.models." + function
                    + "(weights='DEFAULT').eval(); torch.onnx.export(m, torch.randn(1, 3, 224, 224), '" + fileName()
                    + "', opset_version=13)\"";
        }
    }

    private final List<Source> sources;

    private KnownWeights(List<Source> sources) {
        this.sources = List.copyOf(sources);
    }

    /** The list that ships with the application. */
    public static KnownWeights standard() {
        try (InputStream in = KnownWeights.class.getResourceAsStream("known-weights.tsv")) {
            if (in == null) {
                throw new IllegalStateException("known-weights.tsv is missing from the application");
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads rows {@code id, onnx-model-zoo, path, size, sha256}, {@code id, hugging-face, repository} and
     * {@code id, torchvision, function} (tab-separated; {@code #} starts a comment line).
     *
     * @throws IllegalArgumentException naming the line, for a row that is malformed or names no catalog network
     */
    public static KnownWeights parse(Reader text) throws IOException {
        List<Source> out = new ArrayList<>();
        BufferedReader r = new BufferedReader(text);
        int n = 0;
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            n++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (Catalog.find(f[0]).isEmpty()) {
                throw new IllegalArgumentException("line " + n + ": '" + f[0] + "' is no catalog network");
            }
            switch (f.length > 1 ? f[1] : "") {
                case "onnx-model-zoo" -> {
                    if (f.length != 5 || !f[3].matches("[1-9][0-9]*") || !SHA256.matcher(f[4]).matches()
                            || !f[2].endsWith(".onnx")) {
                        throw new IllegalArgumentException("line " + n + ": expected id, onnx-model-zoo, path (.onnx),"
                                + " size in bytes, SHA-256 (64 hex digits)");
                    }
                    out.add(new ZooFile(f[0], f[2], Long.parseLong(f[3]), f[4].toLowerCase(Locale.ROOT)));
                }
                case "hugging-face" -> {
                    if (f.length != 3 || !f[2].matches("[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                        throw new IllegalArgumentException("line " + n + ": expected id, hugging-face, repository "
                                + "(owner/name)");
                    }
                    if (!TorchvisionKeys.IDS.contains(f[0])) {
                        throw new IllegalArgumentException("line " + n + ": a safetensors state_dict cannot go onto '"
                                + f[0] + "'");
                    }
                    out.add(new HubFile(f[0], f[2]));
                }
                case "torchvision" -> {
                    if (f.length != 3 || !f[2].matches("[a-z0-9_]+")) {
                        throw new IllegalArgumentException("line " + n + ": expected id, torchvision, function");
                    }
                    out.add(new TorchvisionExport(f[0], f[2]));
                }
                default -> throw new IllegalArgumentException("line " + n
                        + ": the second column is onnx-model-zoo, hugging-face or torchvision");
            }
        }
        return new KnownWeights(out);
    }

    /** Every row, in the file's order. */
    public List<Source> sources() {
        return sources;
    }
}
