package org.cnnexplorer.ui.classify;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.cnnexplorer.data.Preprocessing;
import org.cnnexplorer.engine.ModelInfo;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.io.Cancellation;
import org.cnnexplorer.ui.Background;
import org.cnnexplorer.weights.FirstDownloads;
import org.cnnexplorer.weights.ImportedWeights;
import org.cnnexplorer.weights.KnownWeights;
import org.cnnexplorer.weights.WeightsDownloader;

import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * State of the "Get ImageNet weights" dialog: one row per known source of a catalog network's weights, whether that
 * network has imported weights and where they came from, what the first download of a Hugging Face row recorded,
 * and the one download that may run (progress, status line, cancel). A failure only sets {@link #errorProperty()},
 * one line.
 */
public final class WeightsDialogModel {

    /** What happens once a download saved the weights of {@code id}. */
    @FunctionalInterface
    public interface Installed {
        void installed(String id, String source, Preprocessing preprocessing);
    }

    /** One known source of one network's weights. */
    public static final class Row {
        private final KnownWeights.Source source;
        private final ReadOnlyBooleanWrapper imported = new ReadOnlyBooleanWrapper(this, "imported");
        private final ReadOnlyStringWrapper from = new ReadOnlyStringWrapper(this, "from", "");
        private final ReadOnlyObjectWrapper<FirstDownloads.Entry> recorded = new ReadOnlyObjectWrapper<>(this,
                "recorded");

        Row(KnownWeights.Source source) {
            this.source = source;
        }

        public String id() {
            return source.id();
        }

        public KnownWeights.Source source() {
            return source;
        }

        /** True when the network has imported weights (from this source or another). */
        public ReadOnlyBooleanProperty importedProperty() {
            return imported.getReadOnlyProperty();
        }

        /**
         * Where the network's imported weights came from, in the user's words: the host they were downloaded from,
         * else the file imported; empty when not imported or not recorded.
         */
        public ReadOnlyStringProperty fromProperty() {
            return from.getReadOnlyProperty();
        }

        /** For a Hugging Face row, the size and SHA-256 of its first download; null until one imported. */
        public ReadOnlyObjectProperty<FirstDownloads.Entry> recordedProperty() {
            return recorded.getReadOnlyProperty();
        }
    }

    private final Background background;
    private final WeightsDownloader downloader;
    private final ImportedWeights store;
    private final Installed installed;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Row> downloading = new ReadOnlyObjectWrapper<>(this, "downloading");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper cancellable = new ReadOnlyBooleanWrapper(this, "cancellable");
    private Background.Handle task;
    private Cancellation cancel;

    public WeightsDialogModel(Background background, KnownWeights known, WeightsDownloader downloader,
                              ImportedWeights store, Installed installed) {
        this.background = background;
        this.downloader = downloader;
        this.store = store;
        this.installed = installed;
        known.sources().forEach(s -> rows.add(new Row(s)));
        refresh();
    }

    public ObservableList<Row> rows() {
        return rows;
    }

    /** The row being downloaded, or null. */
    public ReadOnlyObjectProperty<Row> downloadingProperty() {
        return downloading.getReadOnlyProperty();
    }

    /** 0..1 of the running step, or -1 while that cannot be told. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** What the running download is doing, or the last outcome. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** False once the weights are being saved: that step is not undone. */
    public ReadOnlyBooleanProperty cancellableProperty() {
        return cancellable.getReadOnlyProperty();
    }

    /**
     * Looks again at which networks have imported weights and where from, and at the first downloads recorded (after
     * an import or a download elsewhere).
     */
    public void refresh() {
        Map<String, ModelInfo> imported = new HashMap<>();
        try {
            for (ModelInfo i : store.listing().weights()) {
                if (!i.provenance().containsKey(ImportedWeights.NAME)) {
                    imported.put(i.catalogId(), i);
                }
            }
            for (Row r : rows) {
                ModelInfo i = imported.get(r.id());
                r.imported.set(i != null);
                r.from.set(i == null ? "" : origin(i));
                r.recorded.set(r.source() instanceof KnownWeights.HubFile h
                        ? downloader.firstDownloads().of(h).orElse(null) : null);
            }
        } catch (IOException e) {
            error.set(FailureMessage.firstLine(e));
        }
    }

    /** The host imported weights were downloaded from, else the file they were imported from. */
    static String origin(ModelInfo info) {
        String url = info.provenance().get(WeightsDownloader.FROM_KEY);
        if (url != null) {
            try {
                return WeightsDownloader.shown(URI.create(url));
            } catch (IllegalArgumentException e) {
                return url;
            }
        }
        String file = info.provenance().get("source");
        return file == null ? "" : Messages.get("weights.fromFile", file);
    }

    /** Downloads and imports a row with a file; ignored while another download runs. */
    public void download(Row row) {
        if (downloading.get() != null || !(row.source() instanceof KnownWeights.Downloadable file)) {
            return;
        }
        Cancellation c = new Cancellation();
        cancel = c;
        downloading.set(row);
        cancellable.set(true);
        progress.set(-1);
        error.set("");
        status.set(Messages.get("weights.connecting", WeightsDownloader.shown(downloader.urls(file).get(0))));
        task = background.<WeightsDownloader.Installed, WeightsDownloader.Progress>submit(
                "download " + file.fileName(),
                (cancelled, report) -> downloader.install(file, report, c),
                p -> show(file, p),
                done -> {
                    ended();
                    String id = done.preprocessing().id();
                    if (done.download().from() == null) {
                        status.set(Messages.get("weights.doneLocal", file.fileName(), file.id(), id));
                    } else {
                        String from = WeightsDownloader.shown(done.download().from());
                        status.set(Messages.get(done.download().first() ? "weights.doneFirst" : "weights.done",
                                file.fileName(), from, file.id(), id));
                    }
                    installed.installed(file.id(), file.fileName(), done.preprocessing());
                },
                t -> {
                    if (!c.isCancelled()) {
                        ended();
                        status.set("");
                        error.set(FailureMessage.firstLine(t));
                    }
                });
    }

    /** Stops the running download or import; nothing is kept of it. No effect once it is saving. */
    public void cancel() {
        Row row = downloading.get();
        if (row != null && cancel.cancel()) {
            // null until the first submit returns (a background that runs inline is still inside it)
            if (task != null) {
                task.cancel();
            }
            ended();
            status.set(Messages.get("weights.cancelled", ((KnownWeights.Downloadable) row.source()).fileName()));
        }
    }

    private void show(KnownWeights.Downloadable file, WeightsDownloader.Progress p) {
        progress.set(p.fraction());
        status.set(switch (p.phase()) {
            case CONNECTING -> Messages.get("weights.connecting", p.source());
            case DOWNLOADING -> p.total() <= 0
                    ? Messages.get("weights.downloadingSoFar", file.fileName(), p.source(), megabytes(p.done()))
                    : Messages.get("weights.downloading", file.fileName(), p.source(), megabytes(p.done()),
                    megabytes(p.total()));
            case VERIFYING -> Messages.get("weights.verifying", file.fileName());
            case IMPORTING -> Messages.get("weights.importing", file.fileName(), file.id());
            case SAVING -> Messages.get("weights.saving", file.id());
        });
        if (p.phase() == WeightsDownloader.Phase.SAVING) {
            cancellable.set(false);
        }
    }

    private void ended() {
        downloading.set(null);
        cancellable.set(false);
        refresh();
    }

    static String megabytes(long bytes) {
        return String.format(Messages.locale(), "%.1f MB", bytes / 1e6);
    }
}
