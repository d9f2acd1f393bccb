package org.cnnexplorer.peer;

import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * PyTorch's time per aten operation over some calls, from its autograd profiler's Chrome trace. Ops nest
 * (aten::conv2d calls aten::convolution calls aten::mkldnn_convolution), so each op counts its self time: its
 * duration less that of the ops it called on the same thread.
 */
record TorchOpTimes(Map<String, double[]> byOp, double wallMs) {

    static TorchOpTimes record(int times, Runnable call) {
        Path trace;
        try {
            trace = Files.createTempFile("torch-profile", ".json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            JniUtils.startProfile(false, false, false);
            long t0 = System.nanoTime();
            for (int i = 0; i < times; i++) {
                call.run();
            }
            double wallMs = (System.nanoTime() - t0) / 1e6;
            JniUtils.stopProfile(trace.toString());
            return new TorchOpTimes(selfTimes(new ObjectMapper().readTree(trace.toFile())), wallMs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            trace.toFile().delete();
        }
    }

    private record Event(String name, double start, double end) {
    }

    /** Op name → {self milliseconds, calls}. */
    static Map<String, double[]> selfTimes(JsonNode trace) {
        JsonNode events = trace.isArray() ? trace : trace.path("traceEvents");
        Map<String, List<Event>> byThread = new HashMap<>();
        for (JsonNode e : events) {
            if ("X".equals(e.path("ph").asText())) {
                double ts = e.path("ts").asDouble();
                byThread.computeIfAbsent(e.path("tid").asText(), k -> new ArrayList<>())
                        .add(new Event(e.path("name").asText(), ts, ts + e.path("dur").asDouble()));
            }
        }
        Map<String, double[]> out = new HashMap<>();
        for (List<Event> thread : byThread.values()) {
            thread.sort((a, b) -> a.start() != b.start() ? Double.compare(a.start(), b.start())
                    : Double.compare(b.end(), a.end()));
            Deque<Event> open = new ArrayDeque<>();
            Map<Event, Double> childTime = new IdentityHashMap<>();
            for (Event e : thread) {
                while (!open.isEmpty() && open.peek().end() <= e.start()) {
                    close(open.pop(), childTime, out);
                }
                if (!open.isEmpty()) {
                    childTime.merge(open.peek(), e.end() - e.start(), Double::sum);
                }
                open.push(e);
            }
            while (!open.isEmpty()) {
                close(open.pop(), childTime, out);
            }
        }
        return out;
    }

    private static void close(Event e, Map<Event, Double> childTime, Map<String, double[]> out) {
        double self = (e.end() - e.start()) - childTime.getOrDefault(e, 0.0);
        double[] v = out.computeIfAbsent(e.name(), k -> new double[2]);
        v[0] += self / 1000; // trace times are microseconds
        v[1]++;
    }
}
