package org.cnnexplorer.ui.classify;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import org.cnnexplorer.data.Preprocessing;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.io.Cancellation;
import org.cnnexplorer.ui.Background;
import org.cnnexplorer.ui.Models;
import org.cnnexplorer.weights.KnownWeights;
import org.cnnexplorer.weights.OnnxImporter;
import org.cnnexplorer.weights.WeightsDownloader;

import java.io.File;
import java.net.URI;
import java.util.List;

/**
 * ImageNet weights for the Classify tab: importing an {@code .onnx} file (one at a time, with progress and cancel)
 * and the state of the "Get ImageNet weights" dialog. It reports on the tab's message line and busy sign, which it
 * shares with the classification; weights once saved go to {@code installed}.
 */
public final class WeightsImportModel {
    private final Background background;
    private final Models models;
    private final ObservableStringValue chosen;
    private final StringProperty message;
    private final BooleanProperty busy;
    private final WeightsDialogModel.Installed installed;
    private final ReadOnlyBooleanWrapper importing = new ReadOnlyBooleanWrapper(this, "importing");
    private final ReadOnlyBooleanWrapper cancellable = new ReadOnlyBooleanWrapper(this, "cancellable");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private Background.Handle task;
    private Cancellation cancel;
    private String fileName;
    private KnownWeights known = KnownWeights.standard();
    private List<URI> zooSources = WeightsDownloader.PUBLIC_SOURCES;
    private List<URI> hubSources = WeightsDownloader.HUB_SOURCES;

    /**
     * @param chosen  the network chosen in the tab: a file whose name names no catalog network goes onto it
     * @param message the tab's message line
     * @param busy    the tab's busy sign
     */
    WeightsImportModel(Background background, Models models, ObservableStringValue chosen, StringProperty message,
                       BooleanProperty busy, WeightsDialogModel.Installed installed) {
        this.background = background;
        this.models = models;
        this.chosen = chosen;
        this.message = message;
        this.busy = busy;
        this.installed = installed;
    }

    /**
     * An {@code .onnx} file chosen or dropped: its weights go onto the catalog network its name names (the ONNX
     * model zoo's and torchvision's names), else onto the chosen one, and are kept in the user's data folder; that
     * network is then shown. A file that does not fit only sets the message: nothing is saved. One import runs at a
     * time, with {@link #importProgressProperty()}; {@link #cancelImport()} stops it.
     */
    public void importWeights(File file) {
        if (importing.get()) {
            message.set(Messages.get("classify.importRunning", file.getName()));
            return;
        }
        String id = OnnxImporter.networkNamedBy(file.getName()).orElse(chosen.get());
        Cancellation c = new Cancellation();
        cancel = c;
        fileName = file.getName();
        importing.set(true);
        cancellable.set(true);
        progress.set(-1);
        busy.set(true);
        message.set(Messages.get("classify.importing", file.getName(), id));
        task = background.<Preprocessing, WeightsDownloader.Progress>submit("import " + file.getName(),
                (cancelled, report) -> WeightsDownloader.importOnto(file.toPath(), id, models.imported(), report, c),
                p -> {
                    progress.set(p.fraction());
                    if (p.phase() == WeightsDownloader.Phase.SAVING) {
                        cancellable.set(false);
                        message.set(Messages.get("classify.saving", id));
                    }
                },
                p -> {
                    ended();
                    installed.installed(id, file.getName(), p);
                }, t -> {
                    // a cancelled import already said so (a background that calls back inline reports its end)
                    if (!c.isCancelled()) {
                        ended();
                        message.set(FailureMessage.of(t));
                    }
                });
    }

    /**
     * Stops the running import before it saves anything. Once it is saving this does nothing (the save is atomic
     * and quick next to the import; a half-stopped one would leave the user unsure what is kept).
     */
    public void cancelImport() {
        if (importing.get() && cancel.cancel()) {
            // null until the first submit returns (a background that runs inline is still inside it)
            if (task != null) {
                task.cancel();
            }
            ended();
            message.set(Messages.get("classify.importCancelled", fileName));
        }
    }

    private void ended() {
        importing.set(false);
        busy.set(false);
    }

    /** True while an {@code .onnx} file is imported. */
    public ReadOnlyBooleanProperty importingProperty() {
        return importing.getReadOnlyProperty();
    }

    /** How far the running import is, 0..1, or -1 while that cannot be told (reading the file, saving). */
    public ReadOnlyDoubleProperty importProgressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** False once the running import is saving, which cannot be cancelled. */
    public ReadOnlyBooleanProperty importCancellableProperty() {
        return cancellable.getReadOnlyProperty();
    }

    /**
     * A fresh state for the "Get ImageNet weights" dialog: the known files, downloaded from the mirror
     * {@code -Dcnnexplorer.zooUrl} names, else Hugging Face (else GitHub, for the zoo's files), into the tab's
     * weights folder; a finished download goes to {@code installed}.
     */
    public WeightsDialogModel weightsDialog() {
        return new WeightsDialogModel(background, known, new WeightsDownloader(WeightsDownloader.sources(zooSources),
                WeightsDownloader.sources(hubSources), models.imported()), models.imported(), installed);
    }

    /** The sources tried after the mirror for the zoo's files and Hugging Face's (tests give servers of their own). */
    void setPublicSources(List<URI> zoo, List<URI> hub) {
        this.zooSources = List.copyOf(zoo);
        this.hubSources = List.copyOf(hub);
    }

    /** The list the dialog offers (tests give one with files their own server has). */
    void setKnownWeights(KnownWeights known) {
        this.known = known;
    }
}
