package org.cnnexplorer.lessons;

import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.natives.NativeThreads;
import org.cnnexplorer.io.AtomicFiles;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Lesion study (Veit, Wilber &amp; Belongie 2016, beyond the lecture): delete one residual block of the shipped
 * mini-resnet (the block's output becomes its shortcut) or one convolution of the shipped mini-vgg (its output
 * becomes its input) and measure test accuracy again. Residual networks behave like ensembles of shorter paths and
 * lose little; a plain stack loses the one path it has.
 */
public final class LesionLesson {
    /** The kept run's file name among the shipped resources (made by {@code lesson --lesion}). */
    public static final String FILE = "lesion-run.csv";
    /** How the shipped run was made, beside it. */
    public static final String MANIFEST = "lesion-manifest.json";
    private static final String HEADER = "model,lesion,accuracy";
    static final String RESNET = "mini-resnet";
    static final String VGG = "mini-vgg";
    /** The first test images of the embedded Fashion-MNIST test split; every evaluation uses the same ones. */
    public static final int IMAGES = 1000;
    private static final int BATCH = 100;

    /** One deletion: in {@code modelId}, each key layer outputs what its value layer output. */
    record Lesion(String modelId, String name, Map<String, String> replaced) {
    }

    private LesionLesson() {
    }

    /** Every residual block of {@code net}: its sum ({@code add}) replaced by its shortcut input. */
    static List<Lesion> blocks(Network net) {
        List<Lesion> out = new ArrayList<>();
        for (Layer l : net.layers()) {
            if ("add".equals(l.type())) {
                out.add(new Lesion(net.id(), l.group(), Map.of(l.id(), l.inputs().get(1))));
            }
        }
        return out;
    }

    /**
     * Every convolution of {@code net} whose output has its input's shape: its unit (conv, BN, ReLU) skipped, the
     * ReLU's output replaced by the convolution's input.
     */
    static List<Lesion> layers(Network net) {
        List<Lesion> out = new ArrayList<>();
        for (Layer l : net.layers()) {
            if ("conv".equals(l.type()) && l.inputShapes().get(0).equals(l.output())) {
                Layer end = l;
                while (!"relu".equals(end.type()) && net.consumers(end.id()).size() == 1) {
                    end = net.consumers(end.id()).get(0);
                }
                if ("relu".equals(end.type())) {
                    out.add(new Lesion(net.id(), l.id(), Map.of(end.id(), l.inputs().get(0))));
                }
            }
        }
        return out;
    }

    /** Test accuracy of {@code model} on the first {@code n} test images with {@code replaced} short-circuited. */
    static double accuracy(Model model, Map<String, String> replaced, int n, BooleanSupplier cancelled) {
        int[] labels = new int[n];
        float[] images = LessonContext.testImages(n, labels);
        int size = images.length / n;
        int correct = 0;
        for (int start = 0; start < n; start += BATCH) {
            int m = Math.min(BATCH, n - start);
            float[] batch = Arrays.copyOfRange(images, start * size, (start + m) * size);
            float[][] p = model.probabilitiesWith(replaced, batch, cancelled);
            for (int i = 0; i < m; i++) {
                int best = 0;
                for (int c = 1; c < p[i].length; c++) {
                    if (p[i][c] > p[i][best]) {
                        best = c;
                    }
                }
                if (best == labels[start + i]) {
                    correct++;
                }
            }
        }
        return (double) correct / n;
    }

    /**
     * What the experiment measured so far: accuracy by model and lesion name ("" = nothing removed). Kept as CSV;
     * the page starts from the run shipped in assets/lessons, so the printed page has its bars.
     */
    public static final class Results {
        private final Map<String, Map<String, Double>> byModel = new LinkedHashMap<>();

        /** Writes what was measured as CSV, atomically. */
        public synchronized void write(Path file) throws IOException {
            StringBuilder csv = new StringBuilder(HEADER).append('\n');
            byModel.forEach((model, m) -> m.forEach((lesion, a) ->
                    csv.append(model).append(',').append(lesion).append(',').append(a).append('\n')));
            AtomicFiles.write(file, csv.toString());
        }

        /** The run shipped with the application, if there is one. */
        static Optional<Results> shipped() {
            try (InputStream in = LesionLesson.class.getResourceAsStream(FILE)) {
                if (in == null) {
                    return Optional.empty();
                }
                Results r = new Results();
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                String header = lines.readLine();
                if (!HEADER.equals(header)) {
                    throw new IOException(FILE + ": not a lesion run (header " + header + ")");
                }
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    String[] f = line.split(",", -1);
                    if (f.length != 3) {
                        throw new IOException(FILE + ": " + line + ": " + f.length + " fields, need 3");
                    }
                    r.put(f[0], f[1], Double.parseDouble(f[2]));
                }
                return Optional.of(r);
            } catch (IOException | NumberFormatException e) {
                throw new IllegalStateException("the shipped " + FILE + " is damaged", e);
            }
        }

        synchronized void put(String modelId, String lesion, double accuracy) {
            byModel.computeIfAbsent(modelId, k -> new LinkedHashMap<>()).put(lesion, accuracy);
        }

        synchronized Double get(String modelId, String lesion) {
            Map<String, Double> m = byModel.get(modelId);
            return m == null ? null : m.get(lesion);
        }
    }

    /**
     * Measures both networks intact and with each lesion, into {@code results}, calling {@code changed} after each
     * measurement, until done or cancelled.
     */
    public static void measure(LessonContext ctx, Results results, BooleanSupplier cancelled, Runnable changed) {
        for (String id : List.of(RESNET, VGG)) {
            if (cancelled.getAsBoolean()) {
                return;
            }
            Model m = ctx.model(id);
            results.put(id, "", accuracy(m, Map.of(), IMAGES, cancelled));
            changed.run();
            for (Lesion l : id.equals(RESNET) ? blocks(Catalog.get(RESNET).build())
                    : layers(Catalog.get(VGG).build())) {
                if (cancelled.getAsBoolean()) {
                    return;
                }
                results.put(id, l.name(), accuracy(m, l.replaced(), IMAGES, cancelled));
                changed.run();
            }
        }
    }

    static Page page(LessonContext ctx) {
        Text t = new Text("resnet-lesion");
        Network resnet = Catalog.get(RESNET).build();
        Network vgg = Catalog.get(VGG).build();
        List<Lesion> blockLesions = blocks(resnet);
        List<Lesion> layerLesions = layers(vgg);
        Optional<Results> shipped = Results.shipped();
        Map<String, Long> nums = new LinkedHashMap<>();
        nums.put("images", (long) IMAGES);
        nums.put("resnet.lesions", (long) blockLesions.size());
        nums.put("vgg.lesions", (long) layerLesions.size());
        Results results = shipped.orElseGet(Results::new);
        Page.Experiment experiment = new Page.Experiment() {
            @Override
            public String label() {
                return t.get("run");
            }

            @Override
            public void run(BooleanSupplier cancelled, Runnable changed) {
                NativeThreads.runInBackground();
                NativeThreads.leaveOneCoreFree();
                measure(ctx, results, cancelled, changed);
            }
        };
        List<String> text = List.of(t.get("p1"), t.get("p2", IMAGES), t.get("p3"),
                t.get("p4", AlexNetLessons.trainedNote(ctx.model(RESNET)), AlexNetLessons.trainedNote(ctx.model(VGG))),
                t.get(shipped.isPresent() ? "run.shipped" : "run.none"));
        List<String> formulas = List.of(t.get("f.resnet"), t.get("f.vgg"), t.get("f.paths", blockLesions.size(),
                1L << blockLesions.size()));
        Panel panel = (g, w, h, s) -> {
            Draw.fit(g, w, h);
            Draw.text(g, t.get("panel.title", IMAGES), 0, 22, 18, Font.BOLD, Draw.ink());
            column(g, t, results, RESNET, blockLesions, 0, Draw.green());
            column(g, t, results, VGG, layerLesions, 470, Draw.warm());
            Draw.paragraph(g, t.get("panel.note"), 0, 760, 860, 14, Font.PLAIN, Draw.muted());
        };
        return new Page("resnet-lesion", t.title(), text, formulas, List.of(), List.of(),
                List.of(new Page.Link("mini-resnet · layer2.1", RESNET, "layer2.1"),
                        new Page.Link("mini-vgg · block2", VGG, "block2")), nums, panel, experiment);
    }

    private static void column(Graphics2D g, Text t, Results results, String modelId, List<Lesion> lesions,
                               double x0, Color colour) {
        Draw.text(g, modelId, x0, 62, 17, Font.BOLD, colour);
        List<String> names = new ArrayList<>();
        names.add("");
        lesions.forEach(l -> names.add(l.name()));
        Double base = results.get(modelId, "");
        for (int i = 0; i < names.size(); i++) {
            double y = 80 + i * 56;
            String label = i == 0 ? t.get("panel.intact") : t.get("panel.without", names.get(i));
            Draw.text(g, label, x0, y + 14, 14, i == 0 ? Font.BOLD : Font.PLAIN, Draw.ink());
            Draw.fill(g, x0, y + 20, 400, 22, new Color(0xee, 0xee, 0xee));
            Double a = results.get(modelId, names.get(i));
            if (a == null) {
                Draw.text(g, "—", x0 + 6, y + 37, 14, Font.PLAIN, Draw.muted());
                continue;
            }
            Draw.fill(g, x0, y + 20, 400 * a, 22, i == 0 ? Draw.accent() : colour);
            String drop = i == 0 || base == null ? "" : "  (" + Text.f(100 * (a - base), 1) + ")";
            boolean inside = 400 * a > 170; // a short bar gets its number beside it, in ink
            Draw.text(g, Text.f(100 * a, 1) + " %" + drop, inside ? x0 + 6 : x0 + 400 * a + 6, y + 37, 14, Font.BOLD,
                    inside ? Color.WHITE : Draw.ink());
        }
    }
}
