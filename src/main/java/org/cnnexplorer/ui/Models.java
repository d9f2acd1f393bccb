package org.cnnexplorer.ui;

import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.weights.ImportedWeights;
import org.cnnexplorer.weights.NetworkWeights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The networks for classifying, loaded once each: the shipped weights (the mini networks), else the ImageNet weights
 * the user imported, else random weights that every view labels "structure only". The four minis are small (under
 * 2 MB each) and stay loaded for "All four"; of the others (up to 550 MB each) only the last one chosen stays.
 */
public final class Models implements AutoCloseable {
    public static final List<String> MINI = List.of("mini-alexnet", "mini-vgg", "mini-googlenet", "mini-resnet");

    private final ImportedWeights imported;
    private final Map<String, Model> loaded = new LinkedHashMap<>();

    public Models() {
        this(ImportedWeights.standard());
    }

    public Models(ImportedWeights imported) {
        this.imported = imported;
    }

    /** Every catalog id, the mini networks first: all of them can classify, with weights or as structure only. */
    public static List<String> ids() {
        List<String> out = new ArrayList<>(MINI);
        Catalog.ids().stream().filter(id -> !MINI.contains(id)).forEach(out::add);
        return out;
    }

    public ImportedWeights imported() {
        return imported;
    }

    /** Loads (or returns) the model of {@code id}; call off the FX thread. */
    public synchronized Model get(String id) {
        Model m = loaded.get(id);
        if (m == null) {
            try {
                m = NetworkWeights.load(id, imported);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!MINI.contains(id)) {
                List.copyOf(loaded.keySet()).stream().filter(k -> !MINI.contains(k)).forEach(this::drop);
            }
            loaded.put(id, m);
        }
        return m;
    }

    /** Forgets {@code id}'s model (e.g. after new weights were imported for it), freeing it. */
    public synchronized void drop(String id) {
        Model old = loaded.remove(id);
        if (old != null) {
            old.close();
        }
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
