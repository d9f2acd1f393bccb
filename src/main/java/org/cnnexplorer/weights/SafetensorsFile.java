package org.cnnexplorer.weights;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cnnexplorer.onnx.OnnxFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code .safetensors} file, the format Hugging Face publishes PyTorch weights in (torchvision's own ImageNet
 * weights are on the Hub as {@code model.safetensors}, e.g. timm/resnet50.tv_in1k): an 8-byte little-endian header
 * length, a JSON header mapping each tensor's name to its dtype, shape and {@code data_offsets} [begin, end) into the
 * data that follows (plus an optional {@code __metadata__} map of strings), then the tensors' raw little-endian
 * bytes. Everything the header says is checked when the file is read; the tensors stay in a memory map of the file
 * until they are copied into the network.
 */
public final class SafetensorsFile {
    /** The format's own bound on the header (safetensors refuses larger ones too). */
    private static final long MAX_HEADER = 100_000_000;
    private static final String METADATA = "__metadata__";
    /** Bytes per element of every dtype the format defines. */
    private static final Map<String, Integer> SIZES = Map.ofEntries(Map.entry("BOOL", 1), Map.entry("U8", 1),
            Map.entry("I8", 1), Map.entry("F8_E5M2", 1), Map.entry("F8_E4M3", 1), Map.entry("I16", 2),
            Map.entry("U16", 2), Map.entry("F16", 2), Map.entry("BF16", 2), Map.entry("I32", 4), Map.entry("U32", 4),
            Map.entry("F32", 4), Map.entry("I64", 8), Map.entry("U64", 8), Map.entry("F64", 8));
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** One tensor of the header: {@code begin} and {@code end} are offsets into the data after the header. */
    public record Tensor(String key, String dtype, long[] shape, long begin, long end) {
        public long count() {
            return Arrays.stream(shape).reduce(1, Math::multiplyExact);
        }
    }

    private final String name;
    private final Map<String, Tensor> tensors;
    private final Map<String, String> metadata;
    private final ByteBuffer data;
    private final String sha256;

    private SafetensorsFile(String name, Map<String, Tensor> tensors, Map<String, String> metadata, ByteBuffer data,
                            String sha256) {
        this.name = name;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.metadata = Collections.unmodifiableMap(metadata);
        this.data = data;
        this.sha256 = sha256;
    }

    /**
     * Reads {@code file}'s header and checks it against the file's size.
     *
     * @throws WeightsFileException (one line) for a missing, truncated or damaged file, or a header that does not
     *                              describe the data (a length beyond the file, offsets out of range or overlapping)
     */
    public static SafetensorsFile read(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (!Files.isRegularFile(file)) {
            throw new WeightsFileException(name + ": no such file");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw new WeightsFileException(name + ": larger than 2 GB, more than any network of the catalog has");
            }
            if (size < 8) {
                throw new WeightsFileException(name + ": truncated (" + size + " bytes, not even the header's length)");
            }
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            map.order(ByteOrder.LITTLE_ENDIAN);
            long headerLength = map.getLong(0);
            if (headerLength <= 0 || headerLength > MAX_HEADER || headerLength > size - 8) {
                throw new WeightsFileException(name + ": header length " + Long.toUnsignedString(headerLength)
                        + " goes beyond the file's " + size + " bytes (not a safetensors file, or truncated)");
            }
            byte[] header = new byte[(int) headerLength];
            map.get(8, header);
            ByteBuffer data = map.slice(8 + (int) headerLength, (int) (size - 8 - headerLength))
                    .order(ByteOrder.LITTLE_ENDIAN);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            Map<String, String> metadata = new LinkedHashMap<>();
            parse(name, header, tensors, metadata);
            check(name, tensors, data.capacity());
            return new SafetensorsFile(name, tensors, metadata, data, OnnxFile.sha256(file));
        } catch (NoSuchFileException e) {
            throw new WeightsFileException(name + ": no such file", e);
        }
    }

    private static void parse(String name, byte[] header, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws WeightsFileException {
        JsonNode root;
        try {
            root = JSON.readTree(header);
        } catch (JsonProcessingException e) {
            throw new WeightsFileException(name + ": the header is not valid JSON ("
                    + firstLine(e.getOriginalMessage()) + ")", e);
        } catch (IOException e) {
            throw new WeightsFileException(name + ": the header is unreadable (" + firstLine(e.getMessage()) + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new WeightsFileException(name + ": the header is not a JSON object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode v = e.getValue();
            if (key.equals(METADATA)) {
                if (!v.isObject()) {
                    throw new WeightsFileException(name + ": " + METADATA + " is not a map of strings");
                }
                for (Iterator<Map.Entry<String, JsonNode>> m = v.fields(); m.hasNext(); ) {
                    Map.Entry<String, JsonNode> kv = m.next();
                    if (!kv.getValue().isTextual()) {
                        throw new WeightsFileException(name + ": " + METADATA + " is not a map of strings");
                    }
                    metadata.put(kv.getKey(), kv.getValue().textValue());
                }
                continue;
            }
            tensors.put(key, tensor(name, key, v));
        }
    }

    private static Tensor tensor(String name, String key, JsonNode v) throws WeightsFileException {
        String bad = name + ": header entry '" + key + "' is not {dtype, shape, data_offsets}";
        JsonNode type = v.path("dtype");
        JsonNode dims = v.path("shape");
        JsonNode offs = v.path("data_offsets");
        if (!v.isObject() || !type.isTextual() || !dims.isArray() || !offs.isArray() || offs.size() != 2) {
            throw new WeightsFileException(bad);
        }
        String dtype = type.textValue();
        Integer size = SIZES.get(dtype);
        if (size == null) {
            throw new WeightsFileException(name + ": tensor '" + key + "' has an unknown dtype '" + dtype + "'");
        }
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = dims.get(i);
            if (!d.canConvertToExactIntegral() || !d.canConvertToLong() || d.longValue() < 0) {
                throw new WeightsFileException(bad);
            }
            shape[i] = d.longValue();
        }
        long[] offsets = new long[2];
        for (int i = 0; i < 2; i++) {
            JsonNode o = offs.get(i);
            if (!o.canConvertToExactIntegral() || !o.canConvertToLong() || o.longValue() < 0) {
                throw new WeightsFileException(bad);
            }
            offsets[i] = o.longValue();
        }
        Tensor t = new Tensor(key, dtype, shape, offsets[0], offsets[1]);
        long bytes;
        try {
            bytes = Math.multiplyExact(t.count(), size);
        } catch (ArithmeticException e) {
            throw new WeightsFileException(name + ": tensor '" + key + "' has an impossible shape "
                    + Arrays.toString(shape), e);
        }
        if (offsets[1] < offsets[0] || offsets[1] - offsets[0] != bytes) {
            throw new WeightsFileException(name + ": tensor '" + key + "' has data_offsets "
                    + Arrays.toString(offsets) + ", but its shape " + Arrays.toString(shape) + " of " + dtype
                    + " takes " + bytes + " bytes");
        }
        return t;
    }

    /** Every tensor within the data, no two sharing a byte. */
    private static void check(String name, Map<String, Tensor> tensors, long dataSize) throws WeightsFileException {
        List<Tensor> byOffset = new ArrayList<>(tensors.values());
        byOffset.sort(Comparator.comparingLong(Tensor::begin).thenComparingLong(Tensor::end));
        Tensor before = null;
        for (Tensor t : byOffset) {
            if (t.end() > dataSize) {
                throw new WeightsFileException(name + ": tensor '" + t.key() + "' ends at byte " + t.end()
                        + " of the data, which has " + dataSize + " (truncated?)");
            }
            if (before != null && t.begin() < before.end() && t.end() > t.begin()) {
                throw new WeightsFileException(name + ": tensors '" + before.key() + "' and '" + t.key()
                        + "' overlap (data_offsets [" + before.begin() + ", " + before.end() + "] and ["
                        + t.begin() + ", " + t.end() + "])");
            }
            if (t.end() > t.begin()) {
                before = t;
            }
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    public String name() {
        return name;
    }

    /** The SHA-256 of the whole file, as Hugging Face lists it for an LFS file. */
    public String sha256() {
        return sha256;
    }

    /** The header's {@code __metadata__} (e.g. format = pt), empty without one. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The tensors by name, in the header's order. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /**
     * A tensor's values as floats: a view of the mapped file for F32, a converted copy for F16 and BF16.
     *
     * @throws WeightsFileException for another dtype or an unknown name
     */
    public FloatBuffer floats(String key) throws WeightsFileException {
        Tensor t = tensors.get(key);
        if (t == null) {
            throw new WeightsFileException(name + ": no tensor '" + key + "'");
        }
        ByteBuffer raw = data.slice((int) t.begin(), (int) (t.end() - t.begin())).order(ByteOrder.LITTLE_ENDIAN);
        switch (t.dtype()) {
            case "F32" -> {
                return raw.asFloatBuffer();
            }
            case "F16", "BF16" -> {
                ShortBuffer halves = raw.asShortBuffer();
                float[] out = new float[halves.remaining()];
                boolean brain = t.dtype().equals("BF16");
                for (int i = 0; i < out.length; i++) {
                    short h = halves.get(i);
                    out[i] = brain ? Float.intBitsToFloat(h << 16) : halfToFloat(h);
                }
                return FloatBuffer.wrap(out).asReadOnlyBuffer();
            }
            default -> throw new WeightsFileException(name + ": tensor '" + key + "' is " + t.dtype()
                    + "; only F32, F16 and BF16 weights can be imported");
        }
    }

    /** IEEE 754 half precision to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | mantissa << 13);
        }
        if (exp == 0) {
            // subnormal: mantissa × 2^-24, exact in float
            float v = mantissa * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | (exp + 112) << 23 | mantissa << 13);
    }
}
