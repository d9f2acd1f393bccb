package org.cnnexplorer.engine;

import org.cnnexplorer.arch.Shape;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a model is, beyond its weights: the catalog network it instantiates, the input it takes, its classes and
 * where its weights come from.
 *
 * @param trained    false for random (He-initialised) weights: every prediction must be labelled "untrained"
 * @param provenance free-form facts about the training run (dataset, epochs, accuracy, date, ...)
 */
public record ModelInfo(String catalogId, Shape input, int classes, List<String> labels, boolean trained,
                        Map<String, String> provenance) {

    public ModelInfo {
        if (labels == null || labels.isEmpty()) {
            List<String> generated = new ArrayList<>();
            for (int i = 0; i < classes; i++) {
                generated.add("class " + i);
            }
            labels = generated;
        }
        if (labels.size() != classes) {
            throw new IllegalArgumentException(labels.size() + " class labels for " + classes + " classes");
        }
        labels = List.copyOf(labels);
        provenance = provenance == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }

    public static ModelInfo untrained(String catalogId, Shape input, int classes) {
        return new ModelInfo(catalogId, input, classes, null, false, Map.of());
    }

    public ModelInfo withTraining(List<String> classLabels, Map<String, String> facts) {
        return new ModelInfo(catalogId, input, classes, classLabels, true, facts);
    }
}
