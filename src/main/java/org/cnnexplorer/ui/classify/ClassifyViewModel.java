package org.cnnexplorer.ui.classify;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.cnnexplorer.data.DataException;
import org.cnnexplorer.data.FashionMnist;
import org.cnnexplorer.data.ImageLoader;
import org.cnnexplorer.data.LoadedImage;
import org.cnnexplorer.data.Preprocessing;
import org.cnnexplorer.data.Preprocessor;
import org.cnnexplorer.engine.ClassActivationMap;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.ui.Background;
import org.cnnexplorer.ui.Models;
import org.cnnexplorer.weights.ImportedWeights;
import org.cnnexplorer.weights.NetworkWeights;
import org.cnnexplorer.weights.WeightsImport;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * State of the Classify view: the pictures dropped so far, the chosen network, and what it made of the current
 * picture (the preprocessed input, the top 5, every layer's feature maps, the first layer's filters). Decoding
 * and inference run in the background; a newer request cancels an older one. A file that cannot be read only sets
 * {@link #messageProperty()}: the pictures and results stay as they were. Importing weights is
 * {@link #imports()}'s job.
 */
public final class ClassifyViewModel {
    /** Width the feature-map mosaics are laid out for, until the view says how wide it is. */
    static final int MOSAIC_WIDTH = 760;
    /** Side, in pixels, the "where it looks" overlay is drawn within (small inputs are enlarged by a whole factor). */
    static final int LOOK_SIZE = 224;

    /** A picture the user gave, decoded; {@code truth} is the class a sample's file name states, if any. */
    public record Picture(String name, LoadedImage image, Optional<String> truth) {
    }

    /**
     * What one network made of one picture.
     *
     * @param source the file imported weights came from (empty for shipped or random ones)
     * @param top    the top 5; empty for random weights
     */
    public record Classification(String modelId, boolean trained, Optional<String> source, Picture picture,
                                 Preprocessor.Result input, List<TopFive.Bar> top, LayerMaps maps) {
    }

    /**
     * Where the network looks in {@code of}'s picture: the Grad-CAM map of its top class, laid over the picture as
     * the network sees it, enlarged to about {@link #LOOK_SIZE} pixels.
     *
     * @param label   the top class, in the user's language
     * @param layerId the layer the map was taken from
     */
    public record Look(Classification of, String label, String layerId, BufferedImage overlay) {
    }

    private record Opened(List<Picture> pictures, List<String> errors) {
    }

    private record Classified(Classification result, List<TopFive.Verdict> verdicts) {
    }

    private final Background background;
    private final Models models;
    private final ImageLoader loader = new ImageLoader();
    private final ObservableList<Picture> pictures = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Picture> current = new ReadOnlyObjectWrapper<>(this, "current");
    private final StringProperty modelId = new SimpleStringProperty(this, "modelId", "mini-resnet");
    private final BooleanProperty allFour = new SimpleBooleanProperty(this, "allFour");
    private final ReadOnlyObjectWrapper<Classification> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ReadOnlyObjectWrapper<List<TopFive.Verdict>> verdicts = new ReadOnlyObjectWrapper<>(this,
            "verdicts", List.of());
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final BooleanProperty showLook = new SimpleBooleanProperty(this, "showLook");
    private final ReadOnlyObjectWrapper<Look> look = new ReadOnlyObjectWrapper<>(this, "look");
    private final WeightsImportModel imports;
    private final ObservableList<String> networks = FXCollections.observableArrayList(Models.ids());
    /** The catalog network each fine-tuned network listed was made from, by name (FX thread). */
    private final Map<String, String> fineTunedFrom = new HashMap<>();
    private Background.Handle running;
    private Background.Handle looking;
    private volatile int mosaicWidth = MOSAIC_WIDTH;

    public ClassifyViewModel(Background background, Models models) {
        this.background = background;
        this.models = models;
        imports = new WeightsImportModel(background, models, modelId, message, busy, this::weightsInstalled);
        modelId.addListener((o, a, b) -> classify());
        allFour.addListener((o, a, b) -> classify());
        showLook.addListener((o, a, b) -> look());
        result.addListener((o, a, b) -> look());
        background.submit("fine-tuned networks", c -> models.imported().listing().weights(), infos -> infos.stream()
                .filter(i -> i.provenance().containsKey(ImportedWeights.NAME))
                .forEach(i -> list(i.provenance().get(ImportedWeights.NAME), i.catalogId())), e -> { });
    }

    /** The networks to choose from: every catalog id, then the networks the user fine-tuned, by name. */
    public ObservableList<String> networks() {
        return networks;
    }

    /** The catalog network {@code id} is: itself, or the one a fine-tuned network was made from. */
    public String catalogId(String id) {
        return fineTunedFrom.getOrDefault(id, id);
    }

    /** {@code name} was fine-tuned from {@code catalogId} and saved: list it (again) and show it. */
    public void fineTuned(String name, String catalogId) {
        models.drop(name);
        list(name, catalogId);
        if (name.equals(modelId.get())) {
            classify();
        } else {
            modelId.set(name);
        }
    }

    private void list(String name, String catalogId) {
        fineTunedFrom.put(name, catalogId);
        if (!networks.contains(name)) {
            networks.add(name);
        }
    }

    /** The width (pixels) the view has for a layer's mosaic; applies from the next classification. */
    public void setMosaicWidth(int width) {
        mosaicWidth = Math.max(200, width);
    }

    public ObservableList<Picture> pictures() {
        return pictures;
    }

    public ReadOnlyObjectProperty<Picture> currentProperty() {
        return current.getReadOnlyProperty();
    }

    public StringProperty modelIdProperty() {
        return modelId;
    }

    public BooleanProperty allFourProperty() {
        return allFour;
    }

    public ReadOnlyObjectProperty<Classification> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public Classification getResult() {
        return result.get();
    }

    /** Whether "where it looks" is on: then each classification by trained weights also gets its {@link Look}. */
    public BooleanProperty showLookProperty() {
        return showLook;
    }

    /** The current classification's {@link Look}, or null (off, random weights, or still being computed). */
    public ReadOnlyObjectProperty<Look> lookProperty() {
        return look.getReadOnlyProperty();
    }

    /** Each mini net's top 5 while "All four" is on, else empty. */
    public ReadOnlyObjectProperty<List<TopFive.Verdict>> verdictsProperty() {
        return verdicts.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Importing ImageNet weights, which reports on this tab's message line and busy sign. */
    public WeightsImportModel imports() {
        return imports;
    }

    /**
     * Files dropped, pasted or chosen: weights files ({@code .onnx}, {@code .safetensors}) are imported, the rest
     * opened as pictures.
     */
    public void receive(List<File> files) {
        List<File> pictureFiles = new ArrayList<>();
        for (File f : files) {
            if (WeightsImport.isWeightsFile(f.getName())) {
                imports.importWeights(f);
            } else {
                pictureFiles.add(f);
            }
        }
        open(pictureFiles);
    }

    /** Files dropped or chosen: the readable ones join the list (the last is shown); others give one line each. */
    public void open(List<File> files) {
        if (files == null || files.isEmpty()) {
            return;
        }
        busy.set(true);
        background.submit("open images", cancelled -> {
            List<Picture> ok = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            for (File f : files) {
                if (cancelled.getAsBoolean()) {
                    break;
                }
                try {
                    ok.add(new Picture(f.getName(), loader.load(f.toPath()), truth(f.toPath())));
                } catch (DataException e) {
                    errors.add(e.getMessage());
                }
            }
            return new Opened(ok, errors);
        }, this::opened, this::failed);
    }

    /** A picture from the clipboard or another program, as ARGB pixels. */
    public void open(int width, int height, int[] argb, String name) {
        busy.set(true);
        background.submit("paste", cancelled -> {
            try {
                return new Opened(List.of(new Picture(name, loader.fromArgb(width, height, argb, name),
                        Optional.empty())), List.of());
            } catch (DataException e) {
                return new Opened(List.of(), List.of(e.getMessage()));
            }
        }, this::opened, this::failed);
    }

    private void opened(Opened o) {
        busy.set(false);
        message.set(String.join("\n", o.errors()));
        if (!o.pictures().isEmpty()) {
            pictures.addAll(o.pictures());
            show(o.pictures().get(o.pictures().size() - 1));
        }
    }

    /** Sample images are named {@code <class>_<index>.png}: the class they really are. */
    static Optional<String> truth(Path file) {
        String name = file.getFileName().toString();
        int us = name.lastIndexOf('_');
        if (us <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(FashionMnist.Label.fromSlug(name.substring(0, us)).displayName());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public void show(Picture p) {
        current.set(p);
        classify();
    }

    /** Weights of {@code id} were saved (imported here or downloaded): forget the old model and show the new. */
    public void weightsInstalled(String id, String source, Preprocessing p) {
        models.drop(id);
        if (id.equals(modelId.get())) {
            classify();
        } else {
            modelId.set(id);
        }
        // after the switch: a classification that finishes clears the message
        message.set(Messages.get("classify.imported", source, id, p.id()));
    }

    /** (Re)runs the chosen network, or all four, on the current picture. */
    public void classify() {
        Picture p = current.get();
        if (p == null) {
            return;
        }
        if (running != null) {
            running.cancel();
        }
        String id = modelId.get();
        boolean four = allFour.get();
        busy.set(true);
        running = background.submit("classify " + p.name(), cancelled -> new Classified(run(id, p, cancelled),
                four ? TopFive.allFour(models, p.image(), cancelled) : List.of()), c -> {
                    busy.set(false);
                    message.set("");
                    result.set(c.result());
                    verdicts.set(List.copyOf(c.verdicts()));
                }, this::failed);
    }

    private Classification run(String id, Picture p, BooleanSupplier cancelled) {
        Model m = models.get(id);
        Preprocessor.Result in = Preprocessor.apply(p.image(), NetworkWeights.inputSpec(m.info()));
        // random weights give a top-5 of noise: the view says "structure only" instead
        List<TopFive.Bar> top = m.trained() ? TopFive.of(m, in.input(), cancelled) : List.of();
        return new Classification(id, m.trained(), Optional.ofNullable(m.info().provenance().get("source")), p, in,
                top, LayerMaps.of(m, in.input(), mosaicWidth, cancelled));
    }

    /**
     * Computes the current classification's {@link Look} when it is asked for and missing. Random weights get none:
     * a map of where random weights "look" would teach nothing.
     */
    private void look() {
        Classification r = result.get();
        if (looking != null) {
            looking.cancel();
            looking = null;
        }
        if (!showLook.get() || r == null || !r.trained() || r.top().isEmpty()) {
            look.set(null);
            return;
        }
        if (look.get() != null && look.get().of() == r) {
            return;
        }
        look.set(null);
        TopFive.Bar best = r.top().get(0);
        looking = background.submit("where " + r.modelId() + " looks", cancelled -> {
            ClassActivationMap cam = ClassActivationMap.of(models.get(r.modelId()), r.input().input(),
                    best.classIndex(), cancelled);
            return new Look(r, best.label(), cam.layerId(), cam.overlay(r.input().seen(), LOOK_SIZE));
        }, l -> {
            looking = null;
            if (l.of() == result.get()) {
                look.set(l);
            }
        }, this::failed);
    }

    private void failed(Throwable t) {
        busy.set(false);
        message.set(FailureMessage.of(t));
    }
}
