package org.cnnexplorer.live;

import org.cnnexplorer.dl4j.Model;
import org.cnnexplorer.train.ShippedModels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The four mini networks for classifying, loaded once each: the shipped weights where they exist, otherwise
 * random weights that every view labels "untrained". They are small (under 2 MB each), so all four stay loaded
 * for "All four".
 */
public final class Models implements AutoCloseable {
    public static final List<String> MINI = List.of("mini-alexnet", "mini-vgg", "mini-googlenet", "mini-resnet");

    private final Map<String, Model> loaded = new LinkedHashMap<>();

    /** Loads (or returns) the model of {@code id}; call off the FX thread. */
    public synchronized Model get(String id) {
        Model m = loaded.get(id);
        if (m == null) {
            try {
                m = ShippedModels.load(id).orElseGet(() -> Model.untrained(id));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            loaded.put(id, m);
        }
        return m;
    }

    /** Replaces {@code id}'s model (e.g. with weights the user just trained). */
    public synchronized void put(String id, Model model) {
        Model old = loaded.put(id, model);
        if (old != null && old != model) {
            old.close();
        }
    }

    @Override
    public synchronized void close() {
        loaded.values().forEach(Model::close);
        loaded.clear();
    }
}
