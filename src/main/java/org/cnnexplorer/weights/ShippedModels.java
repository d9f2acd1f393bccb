package org.cnnexplorer.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.cnnexplorer.engine.Model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The trained weights that ship inside the application (assets/models in the repository): one file per mini
 * network, trained by this project's own {@code train} command; assets/models/manifest.json says how.
 */
public final class ShippedModels {
    static final String RESOURCES = "/org/cnnexplorer/models/";

    private ShippedModels() {
    }

    public static boolean available(String id) {
        return ShippedModels.class.getResource(RESOURCES + id + ".zip") != null;
    }

    /** The shipped manifest (JSON), if any. */
    public static Optional<String> manifest() {
        try (InputStream in = ShippedModels.class.getResourceAsStream(RESOURCES + "manifest.json")) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Test accuracy of a shipped model on the 10,000 Fashion-MNIST test images under each view the manifest measured
     * it with ({@code evaluate ID}, {@code --transform hflip}, {@code --ten-crop}): {@code asIs}, {@code mirrored},
     * {@code tenCrop} as fractions. Empty where the manifest has no such numbers.
     */
    public record Evaluation(double asIs, double mirrored, double tenCrop) {
    }

    public static Optional<Evaluation> evaluation(String id) {
        return evaluationOf(id).filter(e -> e.has("asIs") && e.has("mirrored") && e.has("tenCrop"))
                .map(e -> new Evaluation(e.get("asIs").asDouble(), e.get("mirrored").asDouble(),
                        e.get("tenCrop").asDouble()));
    }

    /** The manifest's {@code evaluation} block of {@code id}, if the manifest has the model. */
    private static Optional<JsonNode> evaluationOf(String id) {
        Optional<String> text = manifest();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            for (JsonNode m : new ObjectMapper().readTree(text.get()).path("models")) {
                if (id.equals(m.path("id").asText())) {
                    return Optional.of(m.path("evaluation"));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One output head of a shipped model on the 10,000 test images ({@code evaluate ID --heads}). */
    public record HeadScore(String output, double accuracy, double meanConfidence) {
    }

    /** Each head's score, and the first test picture on which the heads disagree (see {@code evaluate --heads}). */
    public record HeadScores(List<HeadScore> heads, int disagreement) {
    }

    /** The manifest's head scores of {@code id}; empty where it has none. */
    public static Optional<HeadScores> heads(String id) {
        return evaluationOf(id).filter(e -> e.has("heads") && e.has("disagreement")).map(e -> {
            List<HeadScore> heads = new ArrayList<>();
            for (JsonNode h : e.get("heads")) {
                heads.add(new HeadScore(h.path("output").asText(), h.path("accuracy").asDouble(),
                        h.path("meanConfidence").asDouble()));
            }
            return new HeadScores(heads, e.get("disagreement").asInt());
        });
    }

    /** Loads the shipped weights of {@code id}, or empty when none ship for it. */
    public static Optional<Model> load(String id) throws IOException {
        try (InputStream in = ShippedModels.class.getResourceAsStream(RESOURCES + id + ".zip")) {
            if (in == null) {
                return Optional.empty();
            }
            // ZipFile needs a real file; the copy lives only while loading.
            // named as DataFolders.SHIPPED_COPY says, so that a killed process's copy is removed at the next start
            Path tmp = Files.createTempFile("cnn-explorer-" + ProcessHandle.current().pid() + "-" + id + "-", ".zip");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                return Optional.of(WeightsIO.load(tmp, id, null));
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
