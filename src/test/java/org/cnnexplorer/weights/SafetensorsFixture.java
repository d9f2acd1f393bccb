package org.cnnexplorer.weights;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.cnnexplorer.arch.Shape;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A torchvision network's state_dict as src/scripts/torchvision-safetensors-fixtures.py wrote it down (keys, dtypes
 * and shapes in the state_dict's order, the input size and PyTorch's logits), the weights that script gave PyTorch
 * made again from their keys, and a safetensors writer for them.
 */
public record SafetensorsFixture(String id, Shape input, float[] logits, List<Entry> entries) {

    /** One tensor: its key, dtype ("F32", "F16", "BF16", "I64") and shape. */
    public record Entry(String key, String dtype, long[] shape) {
        long count() {
            return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        }
    }

    /** The fixture of torchvision's {@code name} (resnet18, vgg11_bn, ...). */
    public static SafetensorsFixture load(String name) {
        String id = null;
        Shape input = null;
        float[] logits = null;
        List<Entry> entries = new ArrayList<>();
        try (InputStream in = SafetensorsFixture.class.getResourceAsStream("torchvision/" + name + ".tsv")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.split("\t");
                if (line.startsWith("#")) {
                    continue;
                }
                switch (f[0]) {
                    case "id" -> id = f[1];
                    case "input" -> {
                        long[] d = longs(f[1]);
                        input = Shape.chw((int) d[0], (int) d[1], (int) d[2]);
                    }
                    case "logits" -> {
                        String[] v = f[1].split(",");
                        logits = new float[v.length];
                        for (int i = 0; i < v.length; i++) {
                            logits[i] = Float.parseFloat(v[i]);
                        }
                    }
                    default -> entries.add(new Entry(f[0], f[1], f.length > 2 ? longs(f[2]) : new long[0]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SafetensorsFixture(id, input, logits, entries);
    }

    private static long[] longs(String csv) {
        return csv.isEmpty() ? new long[0] : Arrays.stream(csv.split(",")).mapToLong(Long::parseLong).toArray();
    }

    /** The modules that are batch norms: those with running statistics. */
    Set<String> batchNorms() {
        Set<String> bn = new HashSet<>();
        for (Entry e : entries) {
            if (e.key().endsWith(".running_mean")) {
                bn.add(module(e.key()));
            }
        }
        return bn;
    }

    private static String module(String key) {
        return key.substring(0, key.lastIndexOf('.'));
    }

    /** The values of a float tensor, as the fixture script computed them (its {@code value}). */
    static float[] values(String key, long[] shape, Set<String> batchNorms) {
        int n = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        String leaf = key.substring(key.lastIndexOf('.') + 1);
        boolean bn = batchNorms.contains(module(key));
        if (leaf.equals("running_mean") || leaf.equals("bias") && bn) {
            return uniform(key, n, -0.2, 0.2);
        }
        if (leaf.equals("running_var") || leaf.equals("weight") && bn) {
            return uniform(key, n, 0.5, 1.5);
        }
        if (leaf.equals("bias")) {
            return uniform(key, n, -0.1, 0.1);
        }
        double a = Math.sqrt(6.0 / (n / (int) shape[0]));
        return uniform(key, n, -a, a);
    }

    /** n values in [lo, hi) from a 32-bit hash of key and index: the fixture script's {@code uniform}. */
    static float[] uniform(String key, int n, double lo, double hi) {
        long seed = fnv1a(key) * 40503L + 12345L;
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            long h = (i * 2654435761L + seed) & 0xFFFFFFFFL;
            h ^= h >>> 15;
            h = (h * 2246822519L) & 0xFFFFFFFFL;
            h ^= h >>> 13;
            out[i] = (float) (lo + (hi - lo) * (h / 4294967296.0));
        }
        return out;
    }

    private static long fnv1a(String key) {
        long h = 0x811C9DC5L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h = ((h ^ (b & 0xFF)) * 0x01000193L) & 0xFFFFFFFFL;
        }
        return h;
    }

    /** The network's input, as the fixture script gave it to PyTorch. */
    float[] x() {
        return uniform("input", (int) input.size(), -2, 2);
    }

    /** The entries as timm stores VGG: the classifier renamed, its first two layers as convolutions. */
    List<Entry> timmLayout() {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            String m = module(e.key());
            String leaf = e.key().substring(m.length());
            String timm = TorchvisionKeys.TIMM_VGG.get(m);
            if (timm == null) {
                out.add(e);
            } else if (m.equals("classifier.0") && leaf.equals(".weight")) {
                int side = (int) Math.round(Math.sqrt(e.shape()[1] / 512.0));
                out.add(new Entry(timm + leaf, e.dtype(), new long[] {e.shape()[0], 512, side, side}));
            } else if (m.equals("classifier.3") && leaf.equals(".weight")) {
                out.add(new Entry(timm + leaf, e.dtype(), new long[] {e.shape()[0], e.shape()[1], 1, 1}));
            } else {
                out.add(new Entry(timm + leaf, e.dtype(), e.shape()));
            }
        }
        return out;
    }

    /** torchvision's key of a timm key (the values are made from it). */
    static String torchvisionKey(String key) {
        for (Map.Entry<String, String> t : TorchvisionKeys.TIMM_VGG.entrySet()) {
            if (key.startsWith(t.getValue() + ".")) {
                return t.getKey() + key.substring(t.getValue().length());
            }
        }
        return key;
    }

    /** Writes {@code entries} with this fixture's values (timm keys take their torchvision key's). */
    public void write(Path file, List<Entry> entries) throws IOException {
        Set<String> bn = batchNorms();
        write(file, entries, e -> values(torchvisionKey(e.key()), e.shape(), bn));
    }

    /**
     * Writes a safetensors file as the Python library does: header length, JSON header padded with spaces to a
     * multiple of 8, then the tensors in order. Integer tensors are written as zeros.
     */
    static void write(Path file, List<Entry> entries, Function<Entry, float[]> values) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", Map.of("format", "pt"));
        long at = 0;
        for (Entry e : entries) {
            long bytes = e.count() * switch (e.dtype()) {
                case "F16", "BF16" -> 2;
                case "I64" -> 8;
                default -> 4;
            };
            header.put(e.key(), Map.of("dtype", e.dtype(), "shape", e.shape(), "data_offsets",
                    new long[] {at, at + bytes}));
            at += bytes;
        }
        byte[] json = new ObjectMapper().writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(head.flip());
            for (Entry e : entries) {
                out.write(bytes(e, e.dtype().equals("I64") ? null : values.apply(e)).flip());
            }
        }
    }

    private static ByteBuffer bytes(Entry e, float[] v) {
        switch (e.dtype()) {
            case "I64" -> {
                return ByteBuffer.allocate((int) e.count() * 8).position((int) e.count() * 8);
            }
            case "F16", "BF16" -> {
                ByteBuffer b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
                for (float f : v) {
                    b.putShort(e.dtype().equals("BF16") ? (short) (Float.floatToIntBits(f) >>> 16) : half(f));
                }
                return b;
            }
            default -> {
                ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(v);
                return b.position(v.length * 4);
            }
        }
    }

    /** A float as IEEE half precision, rounded towards zero (normal range only: what the tests write). */
    static short half(float f) {
        int bits = Float.floatToIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = ((bits >>> 23) & 0xff) - 127 + 15;
        if (f == 0 || exp <= 0) {
            return (short) sign;
        }
        return (short) (sign | exp << 10 | (bits >>> 13) & 0x3ff);
    }
}
