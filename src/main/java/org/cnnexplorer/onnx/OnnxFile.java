package org.cnnexplorer.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import onnx.Onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * An {@code .onnx} file read with the classes protoc generates from ONNX's own schema (src/main/protobuf/onnx).
 * Weights stay in the file: protobuf's reader copies every bytes field onto the heap (it has no zero-copy path for
 * mapped files), so the graph and each weight's name, type and dimensions are parsed with it, but a weight's
 * {@code raw_data} is only located (offset, length) and skipped, then read from a memory map of the file while it
 * is copied into the network. Importing VGG-16 (553 MB of weights) never holds a second copy of them on the heap.
 */
public final class OnnxFile {
    /** protobuf's own limit for one message; larger models keep their weights in external files. */
    private static final long MAX_SIZE = Integer.MAX_VALUE;

    /** A stored weight: its description, and where its raw little-endian bytes lie in the file (or -1). */
    private record Weight(Onnx.TensorProto proto, long offset, long length) {
    }

    private final String name;
    private final Onnx.ModelProto model;
    private final MappedByteBuffer map;
    private final Map<String, Weight> initializers = new HashMap<>();
    private final String sha256;

    private OnnxFile(String name, Onnx.ModelProto model, List<Weight> weights, MappedByteBuffer map, String sha256) {
        this.name = name;
        this.model = model;
        this.map = map;
        this.sha256 = sha256;
        for (Weight w : weights) {
            initializers.put(w.proto().getName(), w);
        }
        // torch.onnx.export stores equal weights once (VGG's zero biases) and names the copies with Identity nodes
        for (Onnx.NodeProto n : model.getGraph().getNodeList()) {
            if (n.getOpType().equals("Identity") && n.getInputCount() == 1 && n.getOutputCount() == 1) {
                Weight w = initializers.get(n.getInput(0));
                if (w != null) {
                    initializers.putIfAbsent(n.getOutput(0), w);
                }
            }
        }
    }

    /**
     * Reads {@code file}.
     *
     * @throws OnnxException (one line) for a missing, damaged, truncated or non-ONNX file
     */
    public static OnnxFile read(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (!Files.isRegularFile(file)) {
            throw new OnnxException(name + ": no such file");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > MAX_SIZE) {
                throw new OnnxException(name + ": larger than 2 GB (external weight files are not supported)");
            }
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            CodedInputStream in = CodedInputStream.newInstance(Channels.newInputStream(ch.position(0)), 1 << 16);
            in.setSizeLimit(Integer.MAX_VALUE);
            Onnx.ModelProto model;
            List<Weight> weights = new ArrayList<>();
            try {
                model = model(in, weights);
            } catch (InvalidProtocolBufferException e) {
                throw new OnnxException(name + ": not an ONNX model or damaged (" + firstLine(e.getMessage()) + ")", e);
            }
            if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
                throw new OnnxException(name + ": not an ONNX model (no graph)");
            }
            return new OnnxFile(name, model, weights, map, sha256(file));
        } catch (NoSuchFileException e) {
            throw new OnnxException(name + ": no such file", e);
        }
    }

    /** The model without its weights' bytes, which are located into {@code weights}. */
    private static Onnx.ModelProto model(CodedInputStream in, List<Weight> weights) throws IOException {
        Onnx.ModelProto.Builder model = Onnx.ModelProto.newBuilder();
        Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder();
        ByteString.Output rest = ByteString.newOutput();
        CodedOutputStream restOut = CodedOutputStream.newInstance(rest);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (isMessage(tag, Onnx.ModelProto.GRAPH_FIELD_NUMBER)) {
                int limit = in.pushLimit(in.readRawVarint32());
                graph(in, graph, weights);
                in.popLimit(limit);
            } else {
                in.skipField(tag, restOut);
            }
        }
        restOut.flush();
        return model.mergeFrom(rest.toByteString()).setGraph(graph).build();
    }

    private static void graph(CodedInputStream in, Onnx.GraphProto.Builder graph, List<Weight> weights)
            throws IOException {
        ByteString.Output rest = ByteString.newOutput();
        CodedOutputStream restOut = CodedOutputStream.newInstance(rest);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (isMessage(tag, Onnx.GraphProto.INITIALIZER_FIELD_NUMBER)) {
                int limit = in.pushLimit(in.readRawVarint32());
                weights.add(weight(in));
                in.popLimit(limit);
            } else {
                in.skipField(tag, restOut);
            }
        }
        restOut.flush();
        graph.mergeFrom(rest.toByteString());
    }

    /** Whether {@code tag} starts field {@code field} holding bytes or a message. */
    private static boolean isMessage(int tag, int field) {
        return WireFormat.getTagFieldNumber(tag) == field
                && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
    }

    private static Weight weight(CodedInputStream in) throws IOException {
        ByteString.Output rest = ByteString.newOutput();
        CodedOutputStream restOut = CodedOutputStream.newInstance(rest);
        long offset = -1;
        long length = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (isMessage(tag, Onnx.TensorProto.RAW_DATA_FIELD_NUMBER)) {
                length = in.readRawVarint32();
                offset = in.getTotalBytesRead();
                in.skipRawBytes((int) length);
            } else {
                in.skipField(tag, restOut);
            }
        }
        restOut.flush();
        return new Weight(Onnx.TensorProto.parseFrom(rest.toByteString()), offset, length);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The file's SHA-256, streamed (the known files' published digests are of the whole file). */
    public static String sha256(Path file) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            while (in.read(buf) != -1) {
                // reading is digesting
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    public String name() {
        return name;
    }

    public String sha256() {
        return sha256;
    }

    public String producer() {
        String p = model.getProducerName();
        return model.getProducerVersion().isEmpty() ? p : p + " " + model.getProducerVersion();
    }

    /** The graph's nodes in the file's order, which ONNX requires to be topological. */
    public List<Onnx.NodeProto> nodes() {
        return model.getGraph().getNodeList();
    }

    /** The declared dimensions of the first graph input that is not a weight (0 where a dimension is symbolic). */
    public List<Long> inputDims() {
        for (Onnx.ValueInfoProto v : model.getGraph().getInputList()) {
            if (!initializers.containsKey(v.getName())) {
                List<Long> dims = new ArrayList<>();
                for (Onnx.TensorShapeProto.Dimension d : v.getType().getTensorType().getShape().getDimList()) {
                    dims.add(d.hasDimValue() ? d.getDimValue() : 0L);
                }
                return dims;
            }
        }
        return List.of();
    }

    public boolean isWeight(String valueName) {
        return initializers.containsKey(valueName);
    }

    /** A weight's dimensions; throws naming {@code node} if the value is not a stored tensor. */
    public long[] dims(String valueName, String node) throws OnnxException {
        Onnx.TensorProto t = weight(valueName, node).proto();
        long[] d = new long[t.getDimsCount()];
        for (int i = 0; i < d.length; i++) {
            d[i] = t.getDims(i);
        }
        return d;
    }

    /** A weight's values as a read-only float view (of the mapped file for raw data: no copy). */
    public FloatBuffer floats(String valueName, String node) throws OnnxException {
        Weight w = weight(valueName, node);
        Onnx.TensorProto t = w.proto();
        long n = 1;
        for (long d : t.getDimsList()) {
            n *= d;
        }
        if (t.getDataType() != Onnx.TensorProto.DataType.FLOAT_VALUE) {
            throw new OnnxException(name + ": weight '" + valueName + "' of node '" + node + "' is not float32");
        }
        if (t.getDataLocation() == Onnx.TensorProto.DataLocation.EXTERNAL) {
            throw new OnnxException(name + ": weight '" + valueName + "' is kept in an external file (not supported)");
        }
        FloatBuffer values;
        if (w.offset() >= 0) {
            ByteBuffer raw = map.duplicate();
            raw.position((int) w.offset()).limit((int) (w.offset() + w.length()));
            values = raw.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        } else {
            float[] v = new float[t.getFloatDataCount()];
            for (int i = 0; i < v.length; i++) {
                v[i] = t.getFloatData(i);
            }
            values = FloatBuffer.wrap(v).asReadOnlyBuffer();
        }
        if (values.remaining() != n) {
            throw new OnnxException(name + ": weight '" + valueName + "' has " + values.remaining()
                    + " values for dimensions " + t.getDimsList() + " (file damaged)");
        }
        return values;
    }

    private Weight weight(String valueName, String node) throws OnnxException {
        Weight w = initializers.get(valueName);
        if (w == null) {
            throw new OnnxException(name + ": node '" + node + "' takes '" + valueName
                    + "' as computed input, not as stored weights");
        }
        return w;
    }

    /** Attribute {@code key} of {@code node}, or null. */
    static Onnx.AttributeProto attribute(Onnx.NodeProto node, String key) {
        for (Onnx.AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(key)) {
                return a;
            }
        }
        return null;
    }

    public static long intAttr(Onnx.NodeProto node, String key, long fallback) {
        Onnx.AttributeProto a = attribute(node, key);
        return a == null ? fallback : a.getI();
    }

    public static float floatAttr(Onnx.NodeProto node, String key, float fallback) {
        Onnx.AttributeProto a = attribute(node, key);
        return a == null ? fallback : a.getF();
    }

    public static List<Long> intsAttr(Onnx.NodeProto node, String key) {
        Onnx.AttributeProto a = attribute(node, key);
        return a == null ? List.of() : a.getIntsList();
    }

    public static String stringAttr(Onnx.NodeProto node, String key, String fallback) {
        Onnx.AttributeProto a = attribute(node, key);
        return a == null ? fallback : a.getS().toStringUtf8();
    }
}
