package org.cnnexplorer.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.cnnexplorer.data.DataException;
import org.cnnexplorer.data.ImageLoader;
import org.cnnexplorer.data.InputSpec;
import org.cnnexplorer.data.LoadedImage;
import org.cnnexplorer.data.Preprocessor;
import org.cnnexplorer.engine.ClassActivationMap;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.Prediction;
import org.cnnexplorer.io.AtomicFiles;
import org.cnnexplorer.report.Summaries;
import org.cnnexplorer.weights.NetworkWeights;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;

/** {@code classify}: the top classes of image files, and where the network looks ({@code --cam}). */
@Command(name = "classify", description = "Classify image files (PNG, JPEG, GIF, BMP).")
final class ClassifyCommand implements Callable<Integer> {
    /** Side the {@code --cam} picture is enlarged within (the 28-pixel minis by 8). */
    private static final int CAM_SIDE = 224;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID",
            description = "Network id, e.g. mini-resnet, or the NAME of a network you fine-tuned.") String id;
    @Parameters(index = "1..*", paramLabel = "IMAGE", arity = "1..*", description = "Image files.")
    List<Path> images;
    @Option(names = "--weights", paramLabel = "FILE",
            description = "Weights file (default: the shipped ones, else untrained random weights).")
    Path weights;
    @Option(names = "--top", paramLabel = "K", defaultValue = "5",
            description = "How many classes to list per image (default: ${DEFAULT-VALUE}).") int top;
    @Option(names = "--json", description = "Print the result as JSON.") boolean json;
    @Option(names = "--cam", paramLabel = "PNG", description = "Also write where the network looks: the Grad-CAM"
            + " map of the top class over the picture as the network sees it (one IMAGE, trained weights).")
    Path cam;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (top <= 0) {
            throw new UserError("--top must be positive, got " + top);
        }
        if (cam != null && images.size() != 1) {
            throw new UserError("--cam maps one IMAGE, got " + images.size());
        }
        if (cam != null) {
            if (!cam.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
                throw new UserError("--cam writes a PNG: its name must end in .png, got " + cam);
            }
            try {
                AtomicFiles.checkOutput(cam, images.get(0));
            } catch (AtomicFiles.UnwritableException e) {
                throw new UserError(e.getMessage());
            }
        }
        ImageLoader loader = new ImageLoader();
        // Decode everything first: a bad file is refused before any work on the network.
        List<LoadedImage> decoded = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        CatalogArgs.network(id);
        for (Path p : images) {
            try {
                decoded.add(loader.load(p));
            } catch (DataException e) {
                failures.add(e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            failures.forEach(err::println);
            err.flush();
            return UserError.STATUS;
        }
        List<ClassifyJson> results = new ArrayList<>();
        try (Model model = TrainCommands.model(id, weights, err)) {
            InputSpec input = NetworkWeights.inputSpec(model.info());
            if (cam != null) {
                writeCam(model, Preprocessor.apply(decoded.get(0), input), json ? err : out);
            }
            for (int i = 0; i < images.size(); i++) {
                List<LabelJson> top5 = List.of();
                if (model.trained()) {
                    float[] x = Preprocessor.apply(decoded.get(i), input).input();
                    top5 = model.topK(x, Math.min(top, model.info().classes()), () -> false).stream()
                            .map(p -> new LabelJson(p.label(), p.probability())).toList();
                }
                results.add(new ClassifyJson(images.get(i).toString(), model.trained(), top5));
            }
            if (json) {
                out.println(Summaries.json(results));
            } else {
                for (ClassifyJson r : results) {
                    // random weights give a top-5 of noise: say what the network is instead of showing one
                    out.println(r.image() + (model.trained() ? ":" : ": random weights — structure only"));
                    for (LabelJson l : r.top()) {
                        out.printf(Locale.ROOT, "  %-24s %6.2f%%%n", l.label(), 100 * l.probability());
                    }
                }
            }
        }
        return 0;
    }

    /** Where {@code model} looks for its top class in {@code in}, written to {@code --cam}; one line says so. */
    private void writeCam(Model model, Preprocessor.Result in, PrintWriter say) throws IOException {
        if (!model.trained()) {
            throw new UserError("--cam needs trained weights: " + id
                    + " has random weights — structure only, nothing learned to look at");
        }
        Prediction best = model.topK(in.input(), 1, () -> false).get(0);
        ClassActivationMap map = ClassActivationMap.of(model, in.input(), best.classIndex(), () -> false);
        BufferedImage overlay = map.overlay(in.seen(), CAM_SIDE);
        AtomicFiles.write(cam, o -> {
            if (!ImageIO.write(overlay, "png", o)) {
                throw new IOException("no PNG writer");
            }
        });
        say.printf(Locale.ROOT, "%s: where %s looks for '%s' (Grad-CAM at %s, red: most)%n", cam, id,
                best.label(), map.layerId());
    }

    @JsonPropertyOrder({"image", "trained", "top"})
    record ClassifyJson(String image, boolean trained, List<LabelJson> top) {
    }

    @JsonPropertyOrder({"label", "probability"})
    record LabelJson(String label, double probability) {
    }
}
