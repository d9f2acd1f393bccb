package org.cnnexplorer.ui.train;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.data.DataSplits;
import org.cnnexplorer.data.ImageFolderDataset;
import org.cnnexplorer.data.ImageLoader;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.engine.natives.NativeThreads;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.train.FineTuning;
import org.cnnexplorer.train.RunControl;
import org.cnnexplorer.ui.LongTask;
import org.cnnexplorer.ui.Models;
import org.cnnexplorer.weights.ImportedWeights;
import org.cnnexplorer.weights.NetworkWeights;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * State of the Train tab's "Your own classes": a network with trained weights, a folder of pictures (one sub-folder
 * per class), a name, head only or every layer, how many epochs; {@link #start} fine-tunes as a {@link LongTask}
 * and saves the result under the name, where Classify finds it ({@link #onSaved}). The checks of the settings need
 * no toolkit.
 */
public final class FineTuneViewModel {
    /** The epochs a run may be given, and the default (the command line's too). */
    public static final int MIN_EPOCHS = 1;
    public static final int MAX_EPOCHS = 100;
    public static final int EPOCHS = 10;

    private final ImportedWeights store;
    private final StringProperty baseId = new SimpleStringProperty(this, "baseId", "mini-resnet");
    private final ObjectProperty<Path> folder = new SimpleObjectProperty<>(this, "folder");
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final BooleanProperty allLayers = new SimpleBooleanProperty(this, "allLayers", false);
    private final IntegerProperty epochs = new SimpleIntegerProperty(this, "epochs", EPOCHS);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running", false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private BiConsumer<String, String> onSaved = (n, id) -> { };
    private RunControl control;

    public FineTuneViewModel(ImportedWeights store) {
        this.store = store;
    }

    /** The networks that have trained weights to start from: the minis, then those with imported weights. */
    public List<String> bases() {
        List<String> out = new ArrayList<>(Models.MINI);
        Catalog.ids().stream().filter(id -> !out.contains(id) && store.has(id)).forEach(out::add);
        return out;
    }

    public StringProperty baseIdProperty() {
        return baseId;
    }

    public ObjectProperty<Path> folderProperty() {
        return folder;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public BooleanProperty allLayersProperty() {
        return allLayers;
    }

    /** Passes over the pictures, {@link #MIN_EPOCHS}..{@link #MAX_EPOCHS}. */
    public IntegerProperty epochsProperty() {
        return epochs;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Told, on the FX thread, the name and the catalog network of each network saved. */
    public void onSaved(BiConsumer<String, String> saved) {
        this.onSaved = saved;
    }

    /** Why the settings cannot start a run, in the user's language; null when they can. */
    public String problem() {
        String n = name.get() == null ? "" : name.get().strip();
        if (folder.get() == null) {
            return Messages.get("finetune.error.noFolder");
        }
        if (n.isEmpty()) {
            return Messages.get("finetune.error.noName");
        }
        if (epochs.get() < MIN_EPOCHS || epochs.get() > MAX_EPOCHS) {
            return Messages.get("finetune.error.epochs", MIN_EPOCHS, MAX_EPOCHS);
        }
        if (ImportedWeights.nameProblem(n).isPresent()) {
            return Catalog.ids().stream().anyMatch(id -> id.equalsIgnoreCase(n))
                    ? Messages.get("finetune.error.catalogName", n) : Messages.get("finetune.error.badName");
        }
        return null;
    }

    /** Starts fine-tuning with the current settings (FX thread); says why not in the status when it cannot. */
    public LongTask<FineTuning.Result> start() {
        String problem = problem();
        if (problem != null || running.get()) {
            status.set(problem == null ? "" : problem);
            return null;
        }
        String id = baseId.get();
        String n = name.get().strip();
        Path dir = folder.get();
        FineTuning.Scope scope = allLayers.get() ? FineTuning.Scope.ALL : FineTuning.Scope.HEAD;
        int e = epochs.get();
        RunControl c = new RunControl();
        control = c;
        running.set(true);
        status.set("");
        return LongTask.start("fine-tune " + n, Messages.get("finetune.task", id, n),
                task -> run(task, id, n, dir, scope, e, c), c::cancel, (r, error) -> ended(n, id, r, error));
    }

    public void cancel() {
        if (control != null) {
            control.cancel();
        }
    }

    private FineTuning.Result run(LongTask<FineTuning.Result> task, String id, String n, Path dir,
                                  FineTuning.Scope scope, int epochCount, RunControl c) throws Exception {
        NativeThreads.leaveOneCoreFree();
        Model base = NetworkWeights.trained(id, store).orElseThrow(() ->
                new IllegalStateException(Messages.get("finetune.error.noWeights", id)));
        try (base) {
            ImageFolderDataset.Result loaded = ImageFolderDataset.load(dir, NetworkWeights.inputSpec(base.info()),
                    0.2, 42, new ImageLoader(), (done, total) -> {
                        task.message(Messages.get("finetune.status.loading", done, total));
                        task.progress(done, 10L * total);
                    });
            loaded.notes().forEach(task::message);
            DataSplits data = loaded.splits();
            FineTuning.Settings settings = new FineTuning.Settings(scope, epochCount, 16,
                    scope == FineTuning.Scope.HEAD ? 0.01 : 1e-4, 42);
            FineTuning.Result r = new FineTuning(base, data, settings, e -> report(task, e), c).run();
            if (!r.cancelled()) {
                try (Model tuned = r.model()) {
                    store.saveAs(n, tuned);
                }
            }
            return r;
        }
    }

    /** The task's bar: the first tenth reads the pictures (and computes their features), the rest trains. */
    private static void report(LongTask<FineTuning.Result> task, FineTuning.Event e) {
        if (e instanceof FineTuning.Event.Features f) {
            task.message(Messages.get("finetune.status.features", f.done(), f.total()));
        } else if (e instanceof FineTuning.Event.Step s) {
            long steps = (long) s.epochs() * s.steps();
            task.progress(steps / 10 + (long) s.epoch() * s.steps() + s.step(), steps + steps / 10);
        } else if (e instanceof FineTuning.Event.EpochEnd end) {
            task.message(Messages.get("finetune.status.epoch", end.epoch() + 1, end.epochs(),
                    String.format(Messages.locale(), "%.1f", 100 * end.testAccuracy())));
        }
    }

    private void ended(String n, String id, FineTuning.Result r, Throwable error) {
        running.set(false);
        control = null;
        if (error != null) {
            status.set(Messages.get("finetune.status.failed", error.getMessage()));
        } else if (r.cancelled()) {
            status.set(Messages.get("finetune.status.cancelled"));
        } else {
            status.set(Messages.get("finetune.status.saved", n, String.format(Messages.locale(), "%.1f",
                    100 * r.testAccuracy())));
            onSaved.accept(n, id);
        }
    }
}
