package org.cnnexplorer.ui.classify;

import org.cnnexplorer.ui.Models;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.LayerSpec;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.data.DataException;
import org.cnnexplorer.data.FashionMnist;
import org.cnnexplorer.data.ImageLoader;
import org.cnnexplorer.data.LoadedImage;
import org.cnnexplorer.data.Preprocessor;
import org.cnnexplorer.engine.ClassActivationMap;
import org.cnnexplorer.engine.ConvFilters;
import org.cnnexplorer.engine.LayerActivation;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.data.Preprocessing;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.io.Cancellation;
import org.cnnexplorer.weights.KnownWeights;
import org.cnnexplorer.weights.OnnxImporter;
import org.cnnexplorer.weights.WeightsDownloader;
import org.cnnexplorer.weights.NetworkWeights;
import org.cnnexplorer.ui.Background;

import java.awt.image.BufferedImage;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * State of the Classify view: the pictures dropped so far, the chosen network, and what it made of the current
 * picture (the preprocessed input, the top 5, every layer's feature maps, the first layer's filters). Decoding
 * and inference run in the background; a newer request cancels an older one. A file that cannot be read only sets
 * {@link #messageProperty()}: the pictures and results stay as they were.
 */
public final class ClassifyViewModel {
    /** Width the feature-map mosaics are laid out for, until the view says how wide it is. */
    static final int MOSAIC_WIDTH = 760;
    /** Side, in pixels, the "where it looks" overlay is drawn within (small inputs are enlarged by a whole factor). */
    static final int LOOK_SIZE = 224;

    /** A picture the user gave, decoded; {@code truth} is the class a sample's file name states, if any. */
    public record Picture(String name, LoadedImage image, Optional<String> truth) {
    }

    /** One bar of the top 5, label already in the user's language. */
    public record Bar(int classIndex, String label, float probability) {
    }

    /** What one network made of one picture. */
    /** @param source the file imported weights came from (empty for shipped or random ones) */
    public record Classification(String modelId, boolean trained, Optional<String> source, Picture picture,
                                 Preprocessor.Result input,
                                 List<Bar> top, Map<String, LayerActivation> activations,
                                 Map<String, FeatureMaps.Mosaic> mosaics, List<Sections.Section> sections,
                                 Optional<FeatureMaps.Mosaic> filters, String filtersLayer, Network network) {
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

    /** The top 5 of each mini net, for "All four". */
    public record Verdict(String modelId, boolean trained, List<Bar> top) {
    }

    private final Background background;
    private final Models models;
    private final ImageLoader loader = new ImageLoader();
    private final ObservableList<Picture> pictures = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Picture> current = new ReadOnlyObjectWrapper<>(this, "current");
    private final StringProperty modelId = new SimpleStringProperty(this, "modelId", "mini-resnet");
    private final BooleanProperty allFour = new SimpleBooleanProperty(this, "allFour");
    private final ReadOnlyObjectWrapper<Classification> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ReadOnlyObjectWrapper<List<Verdict>> verdicts = new ReadOnlyObjectWrapper<>(this, "verdicts",
            List.of());
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final BooleanProperty showLook = new SimpleBooleanProperty(this, "showLook");
    private final ReadOnlyObjectWrapper<Look> look = new ReadOnlyObjectWrapper<>(this, "look");
    private final ReadOnlyBooleanWrapper importing = new ReadOnlyBooleanWrapper(this, "importing");
    private final ReadOnlyBooleanWrapper importCancellable = new ReadOnlyBooleanWrapper(this, "importCancellable");
    private final ReadOnlyDoubleWrapper importProgress = new ReadOnlyDoubleWrapper(this, "importProgress", -1);
    private Background.Handle running;
    private Background.Handle looking;
    private Background.Handle importTask;
    private Cancellation importCancel;
    private String importName;
    private KnownWeights known = KnownWeights.standard();
    private volatile int mosaicWidth = MOSAIC_WIDTH;

    public ClassifyViewModel(Background background, Models models) {
        this.background = background;
        this.models = models;
        modelId.addListener((o, a, b) -> classify());
        allFour.addListener((o, a, b) -> classify());
        showLook.addListener((o, a, b) -> look());
        result.addListener((o, a, b) -> look());
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

    public ReadOnlyObjectProperty<List<Verdict>> verdictsProperty() {
        return verdicts.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    private record Opened(List<Picture> pictures, List<String> errors) {
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

    /**
     * An {@code .onnx} file chosen or dropped: its weights go onto the catalog network its name names (the ONNX
     * model zoo's and torchvision's names), else onto the chosen one, and are kept in the user's data folder; that
     * network is then shown. A file that does not fit only sets {@link #messageProperty()}: nothing is saved. One
     * import runs at a time, with {@link #importProgressProperty()}; {@link #cancelImport()} stops it.
     */
    public void importWeights(File file) {
        if (importing.get()) {
            message.set(Messages.get("classify.importRunning", file.getName()));
            return;
        }
        String id = OnnxImporter.networkNamedBy(file.getName()).orElse(modelId.get());
        Cancellation cancel = new Cancellation();
        importCancel = cancel;
        importName = file.getName();
        importing.set(true);
        importCancellable.set(true);
        importProgress.set(-1);
        busy.set(true);
        message.set(Messages.get("classify.importing", file.getName(), id));
        importTask = background.<Preprocessing, WeightsDownloader.Progress>submit("import " + file.getName(),
                (cancelled, progress) -> WeightsDownloader.importOnto(file.toPath(), id, models.imported(), progress,
                        cancel),
                p -> {
                    importProgress.set(p.fraction());
                    if (p.phase() == WeightsDownloader.Phase.SAVING) {
                        importCancellable.set(false);
                        message.set(Messages.get("classify.saving", id));
                    }
                },
                p -> {
                    importEnded();
                    weightsInstalled(id, file.getName(), p);
                }, t -> {
                    // a cancelled import already said so (a background that calls back inline reports its end)
                    if (!cancel.isCancelled()) {
                        importEnded();
                        failed(t);
                    }
                });
    }

    /**
     * Stops the running import before it saves anything. Once it is saving this does nothing (the save is atomic
     * and quick next to the import; a half-stopped one would leave the user unsure what is kept).
     */
    public void cancelImport() {
        if (importing.get() && importCancel.cancel()) {
            // null until the first submit returns (a background that runs inline is still inside it)
            if (importTask != null) {
                importTask.cancel();
            }
            importEnded();
            message.set(Messages.get("classify.importCancelled", importName));
        }
    }

    private void importEnded() {
        importing.set(false);
        busy.set(false);
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

    /**
     * A fresh state for the "Get ImageNet weights" dialog: the known files, downloaded from the zoo's address (or
     * {@code -Dcnnexplorer.zooUrl}) into this view's weights folder; a finished download shows its network here.
     */
    public WeightsDialogModel weightsDialog() {
        URI base = URI.create(System.getProperty(WeightsDownloader.BASE_PROPERTY, WeightsDownloader.DEFAULT_BASE));
        return new WeightsDialogModel(background, known, new WeightsDownloader(base, models.imported()),
                models.imported(), this::weightsInstalled);
    }

    /** The list the dialog offers (tests give one with files their own server has). */
    void setKnownWeights(KnownWeights known) {
        this.known = known;
    }

    /** True while an {@code .onnx} file is imported. */
    public ReadOnlyBooleanProperty importingProperty() {
        return importing.getReadOnlyProperty();
    }

    /** How far the running import is, 0..1, or -1 while that cannot be told (reading the file, saving). */
    public ReadOnlyDoubleProperty importProgressProperty() {
        return importProgress.getReadOnlyProperty();
    }

    /** False once the running import is saving, which cannot be cancelled. */
    public ReadOnlyBooleanProperty importCancellableProperty() {
        return importCancellable.getReadOnlyProperty();
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
        running = background.submit("classify " + p.name(), cancelled -> {
            Classification c = run(id, p, cancelled);
            List<Verdict> v = new ArrayList<>();
            if (four) {
                for (String other : Models.MINI) {
                    Model m = models.get(other);
                    Preprocessor.Result in = Preprocessor.apply(p.image(), NetworkWeights.inputSpec(m.info()));
                    v.add(new Verdict(other, m.trained(), bars(m, m.topK(in.input(), 5, cancelled))));
                }
            }
            return new Object[] {c, v};
        }, r -> {
            busy.set(false);
            message.set("");
            result.set((Classification) r[0]);
            @SuppressWarnings("unchecked")
            List<Verdict> v = (List<Verdict>) r[1];
            verdicts.set(List.copyOf(v));
        }, this::failed);
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
        Bar best = r.top().get(0);
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

    private Classification run(String id, Picture p, BooleanSupplier cancelled) {
        Model m = models.get(id);
        Preprocessor.Result in = Preprocessor.apply(p.image(), NetworkWeights.inputSpec(m.info()));
        // random weights give a top-5 of noise: the view says "structure only" instead
        List<Bar> top = m.trained() ? bars(m, m.topK(in.input(), 5, cancelled)) : List.of();
        Map<String, LayerActivation> acts = m.activations(in.input(), cancelled);
        List<Sections.Section> sections = Sections.of(m.network());
        Map<String, FeatureMaps.Mosaic> mosaics = new LinkedHashMap<>();
        for (Sections.Section s : sections) {
            if (cancelled.getAsBoolean()) {
                throw new java.util.concurrent.CancellationException();
            }
            // Inside blocks several maps share a row, so they are laid out narrower.
            int full = mosaicWidth;
            int width = s.kind() == Sections.Kind.LAYER ? full : full / 2 - 60;
            for (String layer : s.layerIds()) {
                LayerActivation a = acts.get(layer);
                if (a != null && !mosaics.containsKey(layer)) {
                    mosaics.put(layer, FeatureMaps.mosaic(a, width));
                }
            }
        }
        String first = firstConv(m.network());
        Optional<FeatureMaps.Mosaic> filters = Optional.empty();
        if (first != null) {
            ConvFilters f = m.filters(first);
            filters = Optional.of(FeatureMaps.filters(f, mosaicWidth));
        }
        return new Classification(id, m.trained(), Optional.ofNullable(m.info().provenance().get("source")), p, in,
                top, acts, mosaics, sections, filters,
                first, m.network());
    }

    static String firstConv(Network n) {
        for (Layer l : n.layers()) {
            if (l.spec() instanceof LayerSpec.Conv c && c.groups() == 1) {
                return l.id();
            }
        }
        return null;
    }

    private static List<Bar> bars(Model m, List<org.cnnexplorer.engine.Prediction> top) {
        boolean fashion = m.info().classes() == FashionMnist.Label.values().length;
        return top.stream().map(p -> new Bar(p.classIndex(),
                fashion ? FashionMnist.Label.of(p.classIndex()).displayName() : p.label(), p.probability())).toList();
    }

    private void failed(Throwable t) {
        busy.set(false);
        message.set(FailureMessage.of(t));
    }
}
