package org.cnnexplorer.weights;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.Shape;
import org.cnnexplorer.arch.ShapeException;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.engine.Graphs;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.ModelInfo;
import org.cnnexplorer.engine.build.GraphFactory;
import org.cnnexplorer.io.AtomicFiles;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Trained weights as a zip of two entries: {@value #META} (catalog id, input, classes, labels, provenance, parameter
 * count, SHA-256 of the parameters, LRN constants where imported weights need others than the catalog's) and
 * {@value #PARAMS} (DL4J's flattened parameter vector as little-endian float32, BN running statistics included).
 * Loading rebuilds the graph from the catalog id and fills in the vector after checking every size and the
 * checksum; nothing is Java-deserialized and no DL4J configuration is read from the file, so a file can only ever
 * set numbers in a network the catalog defines.
 */
public final class WeightsIO {
    /** Bounds on what a file's metadata may claim, so that a crafted file cannot make us allocate without limit. */
    static final int MAX_CLASSES = 100_000;
    static final int MAX_CHANNELS = 4;
    static final int MAX_SIDE = 4096;

    static final String META = "cnn-explorer-model.json";
    static final String PARAMS = "params.f32le";
    static final String FORMAT = "cnn-explorer-weights";
    static final int VERSION = 1;
    private static final int CHUNK = 1 << 20; // floats per copy: bounded memory for VGG's 140 M parameters

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The metadata entry, as written. */
    record Meta(String format, int version, String catalogId, List<Integer> input, int classes, List<String> labels,
                boolean trained, Map<String, String> provenance, long numParams, String dataType, String sha256,
                Map<String, List<Double>> lrn) {
    }

    private WeightsIO() {
    }

    /** Writes {@code model} to {@code file} atomically: a temporary file next to it, then a rename. */
    public static void save(Model model, Path file) throws IOException {
        model.checkOpen();
        AtomicFiles.write(file, raw -> {
            ComputationGraph g = model.graph();
            INDArray params = g.params();
            long n = params.length();
            MessageDigest sha = sha256();
            ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(raw));
            zip.putNextEntry(new ZipEntry(PARAMS));
            OutputStream out = new DigestOutputStream(zip, sha);
            ByteBuffer buf = ByteBuffer.allocate(CHUNK * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (long at = 0; at < n; at += CHUNK) {
                long end = Math.min(n, at + CHUNK);
                float[] chunk = slice(params, at, end).castTo(DataType.FLOAT).toFloatVector();
                buf.clear();
                buf.asFloatBuffer().put(chunk);
                out.write(buf.array(), 0, chunk.length * 4);
            }
            out.flush();
            zip.closeEntry();
            ModelInfo info = model.info();
            Meta meta = new Meta(FORMAT, VERSION, info.catalogId(), info.input().dims(), info.classes(),
                    info.labels(), info.trained(), info.provenance(), n, "float32",
                    HexFormat.of().formatHex(sha.digest()), lrnConstants(model.network()));
            zip.putNextEntry(new ZipEntry(META));
            zip.write(JSON.writeValueAsBytes(meta));
            zip.closeEntry();
            zip.finish();
            zip.flush();
        });
    }

    /**
     * What a weights file holds, read from its metadata alone (no network is built, no parameter read).
     *
     * @throws WeightsFileException for a file that is not a weights file (one-line message)
     */
    public static ModelInfo info(Path file) throws IOException {
        String name = file.getFileName().toString();
        try (ZipFile zip = openZip(file)) {
            Meta meta = readMeta(zip, name);
            try {
                return new ModelInfo(meta.catalogId(), shapeOf(meta, name), meta.classes(), meta.labels(),
                        meta.trained(), meta.provenance());
            } catch (IllegalArgumentException e) {
                throw new WeightsFileException(name + ": " + e.getMessage());
            }
        } catch (ZipException e) {
            throw new WeightsFileException(name + ": not a weights file or damaged (" + e.getMessage() + ")", e);
        } catch (NoSuchFileException e) {
            throw new WeightsFileException(name + ": no such file", e);
        }
    }

    /** Loads any valid weights file. */
    public static Model load(Path file) throws IOException {
        return load(file, null, null);
    }

    /**
     * Loads a weights file, refusing it unless it is for {@code expectedId} and {@code expectedInput} (either may be
     * null for "any").
     *
     * @throws WeightsFileException for a missing, truncated, corrupt or mismatched file (one-line message)
     */
    /**
     * The zip at {@code file}, opened after an NIO open: java.io reports an unreadable file as a
     * FileNotFoundException that says "(Permission denied)" in passing, NIO as an AccessDeniedException naming the
     * file, which callers show as bad input in one line.
     */
    private static ZipFile openZip(Path file) throws IOException {
        Files.newByteChannel(file).close();
        return new ZipFile(file.toFile());
    }

    public static Model load(Path file, String expectedId, Shape expectedInput) throws IOException {
        String name = file.getFileName().toString();
        if (!Files.isRegularFile(file)) {
            throw new WeightsFileException(name + ": no such file");
        }
        try (ZipFile zip = openZip(file)) {
            Meta meta = readMeta(zip, name);
            Shape input = shapeOf(meta, name);
            if (expectedId != null && !expectedId.equals(meta.catalogId())) {
                throw new WeightsFileException(name + ": weights are for " + meta.catalogId() + ", not " + expectedId);
            }
            if (expectedInput != null && !expectedInput.equals(input)) {
                throw new WeightsFileException(name + ": weights are for input " + input + ", not " + expectedInput);
            }
            Catalog.Entry entry = Catalog.find(meta.catalogId()).orElseThrow(() ->
                    new WeightsFileException(name + ": unknown network '" + meta.catalogId() + "'"));
            Network net;
            ModelInfo info;
            try {
                net = entry.build(input, meta.classes(), lrnSpecs(meta.lrn()));
                info = new ModelInfo(meta.catalogId(), input, meta.classes(), meta.labels(), meta.trained(),
                        meta.provenance());
            } catch (ShapeException | IllegalArgumentException e) {
                throw new WeightsFileException(name + ": " + e.getMessage());
            }
            ComputationGraph graph = GraphFactory.build(net);
            try {
                if (graph.numParams() != meta.numParams()) {
                    throw new WeightsFileException(name + ": " + meta.numParams() + " parameters, but "
                            + meta.catalogId() + " at " + input + " with " + meta.classes() + " classes has "
                            + graph.numParams());
                }
                readParams(zip, name, meta, graph.params());
                return new Model(net, info, graph);
            } catch (IOException | RuntimeException e) {
                Graphs.release(graph);
                throw e;
            }
        } catch (ZipException e) {
            throw new WeightsFileException(name + ": not a weights file or damaged (" + e.getMessage() + ")", e);
        } catch (NoSuchFileException e) {
            throw new WeightsFileException(name + ": no such file", e);
        }
    }

    /**
     * The LRN layers whose constants differ from the catalog's (weights imported from Caffe's models), as
     * id → [k, n, α, β]; null when there are none, so files without them read as before.
     */
    private static Map<String, List<Double>> lrnConstants(Network net) {
        Catalog.Entry entry = Catalog.find(net.id()).orElse(null);
        if (entry == null) {
            return null;
        }
        Network plain = entry.build(net.input(), net.classes());
        Map<String, List<Double>> out = new TreeMap<>();
        for (Layer l : net.layers()) {
            if (l.spec() instanceof LayerSpec.Lrn n && !n.equals(plain.layer(l.id()).spec())) {
                out.put(l.id(), List.of(n.k(), (double) n.size(), n.alpha(), n.beta()));
            }
        }
        return out.isEmpty() ? null : out;
    }

    private static Map<String, LayerSpec> lrnSpecs(Map<String, List<Double>> constants) {
        Map<String, LayerSpec> out = new HashMap<>();
        if (constants != null) {
            constants.forEach((id, c) -> {
                if (c == null || c.size() != 4 || c.contains(null)) {
                    throw new IllegalArgumentException("LRN constants of " + id + " are not [k, n, alpha, beta]");
                }
                out.put(id, new LayerSpec.Lrn(c.get(0), c.get(1).intValue(), c.get(2), c.get(3)));
            });
        }
        return out;
    }

    private static Meta readMeta(ZipFile zip, String name) throws IOException {
        ZipEntry e = zip.getEntry(META);
        if (e == null) {
            throw new WeightsFileException(name + ": not a CNN Explorer weights file (no " + META + ")");
        }
        Meta meta;
        try (InputStream in = zip.getInputStream(e)) {
            meta = JSON.readValue(in.readNBytes(1 << 20), Meta.class);
        } catch (JsonProcessingException ex) {
            throw new WeightsFileException(name + ": unreadable metadata (" + ex.getOriginalMessage() + ")", ex);
        } catch (ZipException | EOFException ex) {
            throw new WeightsFileException(name + ": damaged metadata (" + ex.getMessage() + ")", ex);
        }
        if (!FORMAT.equals(meta.format()) || meta.version() != VERSION) {
            throw new WeightsFileException(name + ": unsupported format " + meta.format() + " version "
                    + meta.version());
        }
        if (meta.catalogId() == null || meta.sha256() == null || !"float32".equals(meta.dataType())) {
            throw new WeightsFileException(name + ": incomplete metadata");
        }
        if (meta.classes() < 1 || meta.classes() > MAX_CLASSES
                || (meta.labels() != null && !meta.labels().isEmpty() && meta.labels().size() != meta.classes())) {
            throw new WeightsFileException(name + ": " + meta.classes() + " classes with "
                    + (meta.labels() == null ? 0 : meta.labels().size()) + " labels (at most " + MAX_CLASSES
                    + " classes, one label each)");
        }
        return meta;
    }

    private static Shape shapeOf(Meta meta, String name) throws WeightsFileException {
        List<Integer> d = meta.input();
        try {
            if (d == null || d.size() != 3) {
                throw new ShapeException("input must be C×H×W, got " + d);
            }
            if (d.get(0) > MAX_CHANNELS || d.get(1) > MAX_SIDE || d.get(2) > MAX_SIDE) {
                throw new ShapeException("input " + d + " is beyond any network here (at most " + MAX_CHANNELS
                        + "×" + MAX_SIDE + "×" + MAX_SIDE + ")");
            }
            return Shape.chw(d.get(0), d.get(1), d.get(2));
        } catch (ShapeException e) {
            throw new WeightsFileException(name + ": " + e.getMessage());
        }
    }

    private static void readParams(ZipFile zip, String name, Meta meta, INDArray params) throws IOException {
        ZipEntry e = zip.getEntry(PARAMS);
        if (e == null) {
            throw new WeightsFileException(name + ": no parameters in the file");
        }
        long n = meta.numParams();
        if (e.getSize() >= 0 && e.getSize() != n * 4) {
            throw new WeightsFileException(name + ": parameter data has " + e.getSize() + " bytes, expected " + n * 4);
        }
        MessageDigest sha = sha256();
        byte[] bytes = new byte[CHUNK * 4];
        try (DataInputStream in = new DataInputStream(new DigestInputStream(zip.getInputStream(e), sha))) {
            for (long at = 0; at < n; at += CHUNK) {
                int len = (int) Math.min(CHUNK, n - at);
                in.readFully(bytes, 0, len * 4);
                float[] chunk = new float[len];
                ByteBuffer.wrap(bytes, 0, len * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(chunk);
                slice(params, at, at + len).assign(Nd4j.createFromArray(chunk));
            }
            if (in.read() != -1) {
                throw new WeightsFileException(name + ": more parameter data than " + n + " values");
            }
        } catch (EOFException ex) {
            throw new WeightsFileException(name + ": truncated (fewer than " + n + " parameters)", ex);
        } catch (ZipException ex) {
            throw new WeightsFileException(name + ": damaged parameter data (" + ex.getMessage() + ")", ex);
        }
        if (!HexFormat.of().formatHex(sha.digest()).equalsIgnoreCase(meta.sha256())) {
            throw new WeightsFileException(name + ": parameter checksum does not match (file damaged)");
        }
    }

    /** Values [from, to) of DL4J's flattened parameter vector (a 1×n row) as a view. */
    private static INDArray slice(INDArray params, long from, long to) {
        return params.rank() == 2
                ? params.get(NDArrayIndex.point(0), NDArrayIndex.interval(from, to))
                : params.get(NDArrayIndex.interval(from, to));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
