package org.cnnexplorer.app;

import javafx.beans.value.ChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Tab;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.cnnexplorer.experiments.CurveFiles;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.io.DataFolders;
import org.cnnexplorer.lessons.Lessons;
import org.cnnexplorer.lessons.Page;
import org.cnnexplorer.ui.Background;
import org.cnnexplorer.ui.JobStatus;
import org.cnnexplorer.ui.Models;
import org.cnnexplorer.ui.Projector;
import org.cnnexplorer.ui.classify.ClassifyView;
import org.cnnexplorer.ui.classify.ClassifyViewModel;
import org.cnnexplorer.ui.degradation.DegradationView;
import org.cnnexplorer.ui.degradation.DegradationViewModel;
import org.cnnexplorer.ui.explore.LessonLinks;
import org.cnnexplorer.ui.explore.MainView;
import org.cnnexplorer.ui.explore.MainViewModel;
import org.cnnexplorer.ui.lessons.LessonsView;
import org.cnnexplorer.ui.train.FineTuneViewModel;
import org.cnnexplorer.ui.train.TrainingView;
import org.cnnexplorer.ui.train.TrainingViewModel;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The window's content, assembled in one place: the explorer ({@link MainView}) with the Train, Classify, Degradation
 * and Lessons tabs listed after its own, the inspector's links to the lessons, and the guard on closing: during a run
 * the user is asked, and "stop and close" cancels the run (which writes a checkpoint) before the window goes.
 */
public final class MainWindow {
    private final MainViewModel main;
    private final MainView view;
    private final TrainingViewModel trainingModel;
    private final ClassifyViewModel classifyModel;
    private final FineTuneViewModel fineTune;
    private final DegradationViewModel degradationModel;
    private final Models models = new Models();
    private final LazyTab<TrainingView> trainTab;
    private final LazyTab<ClassifyView> classifyTab;
    private final LazyTab<DegradationView> degradationTab;
    private final LazyTab<LessonsView> lessonsTab;
    private boolean closeAfterCancel;
    private double[] saved;
    private Double inspectorMinWidth;

    public MainWindow(Background background) {
        main = new MainViewModel(background);
        trainingModel = new TrainingViewModel(DataFolders.runs());
        classifyModel = new ClassifyViewModel(background, models);
        degradationModel = new DegradationViewModel(DataFolders.runs(), CurveFiles.shipped());
        fineTune = new FineTuneViewModel(models.imported());
        fineTune.onSaved(classifyModel::fineTuned);
        trainTab = new LazyTab<>("tab-train", "tab.train", () -> new TrainingView(trainingModel, fineTune,
                background));
        classifyTab = new LazyTab<>("tab-classify", "tab.classify", () -> new ClassifyView(classifyModel, main));
        degradationTab = new LazyTab<>(Page.DEGRADATION_TAB, "tab.degradation",
                () -> new DegradationView(degradationModel));
        lessonsTab = new LazyTab<>("tab-lessons", "tab.lessons", () -> {
            LessonsView l = new LessonsView(main, background, models, classifyModel.currentProperty());
            l.setShowTab(this::select);
            return l;
        });
        lessonsTab.tab.setOnSelectionChanged(e -> {
            if (lessonsTab.tab.isSelected()) {
                lessons().shown();
            }
        });
        view = new MainView(main, background,
                List.of(trainTab.tab, classifyTab.tab, degradationTab.tab, lessonsTab.tab));
        connect();
    }

    /**
     * A tab whose content is built the first time the tab is selected or the content is asked for: the four live
     * tabs' views (charts, galleries, forms) took a fifth of the time to the first painted diagram.
     */
    private static final class LazyTab<V extends Node> {
        final Tab tab;
        private final Supplier<V> make;
        private V content;

        LazyTab(String id, String titleKey, Supplier<V> make) {
            this.tab = new Tab(Messages.get(titleKey));
            this.make = make;
            tab.setId(id);
            tab.selectedProperty().addListener((o, was, selected) -> {
                if (selected) {
                    content();
                }
            });
        }

        V content() {
            if (content == null) {
                content = make.get();
                tab.setContent(content);
            }
            return content;
        }

        /** The content if it was built. */
        Optional<V> built() {
            return Optional.ofNullable(content);
        }
    }

    public MainViewModel viewModel() {
        return main;
    }

    public MainView view() {
        return view;
    }

    public LessonsView lessons() {
        return lessonsTab.content();
    }

    public TrainingView training() {
        return trainTab.content();
    }

    /** The Train tab's "Your own classes" (its view is built with the tab). */
    public FineTuneViewModel fineTune() {
        return fineTune;
    }

    public ClassifyView classify() {
        return classifyTab.content();
    }

    public DegradationView degradation() {
        return degradationTab.content();
    }

    /** Selects the tab with {@code id} ("tab-train", "tab-graph", ...), if there is one. */
    public void select(String id) {
        view.tabs().getTabs().stream().filter(t -> id.equals(t.getId())).findFirst()
                .ifPresent(t -> view.tabs().getSelectionModel().select(t));
    }

    /** What ties the tabs to the rest of the window: lesson keys and links, the panes each tab needs. */
    private void connect() {
        // Page Up / Page Down walk the lessons wherever the keyboard focus is (a teacher at a projector)
        view.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (lessonsTab.tab.isSelected() && (e.getCode() == KeyCode.PAGE_DOWN || e.getCode() == KeyCode.PAGE_UP)) {
                if (e.getCode() == KeyCode.PAGE_DOWN) {
                    lessons().next();
                } else {
                    lessons().previous();
                }
                e.consume();
            }
        });
        view.inspector().setLessonLinks(new LessonLinks() {
            @Override
            public List<Link> explaining(String typeOrTopic) {
                return Lessons.explaining(typeOrTopic).stream().map(l -> new Link(l.id(), l.title())).toList();
            }

            @Override
            public void open(String lessonId) {
                view.tabs().getSelectionModel().select(lessonsTab.tab);
                lessons().open(lessonId);
            }
        });
        view.tabs().getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            List<Tab> live = List.of(trainTab.tab, classifyTab.tab, degradationTab.tab, lessonsTab.tab);
            if (live.contains(b)) {
                widen(b == degradationTab.tab);
            } else if (live.contains(a)) {
                restore();
            }
        });
    }

    /**
     * Charts and feature maps need the width: the catalog folds away while a live tab is shown; the inspector stays
     * beside Train and Classify (it shows the layer selected from the feature maps) and folds away beside
     * Degradation, which selects no layer. Leaving the live tabs restores the panes.
     */
    private void widen(boolean inspectorToo) {
        if (saved == null) {
            saved = view.split().getDividerPositions();
        }
        if (saved.length != 2) {
            return;
        }
        // the inspector's wrapped text would keep a strip of it open, one letter a line
        Region inspector = (Region) view.split().getItems().get(2);
        if (inspectorToo && inspectorMinWidth == null) {
            inspectorMinWidth = inspector.getMinWidth();
            inspector.setMinWidth(0);
        } else if (!inspectorToo && inspectorMinWidth != null) {
            inspector.setMinWidth(inspectorMinWidth);
            inspectorMinWidth = null;
        }
        view.split().setDividerPositions(0, inspectorToo ? 1 : Math.max(saved[1], 0.78));
    }

    private void restore() {
        if (inspectorMinWidth != null) {
            ((Region) view.split().getItems().get(2)).setMinWidth(inspectorMinWidth);
            inspectorMinWidth = null;
        }
        if (saved != null) {
            if (Projector.isOn()) {
                saved[0] = 0; // projector mode keeps the catalog folded
            }
            view.split().setDividerPositions(saved);
            saved = null;
        }
    }

    private boolean active() {
        return trainingModel.isActive() || degradationModel.isActive();
    }

    /** Asks before the window closes while a run trains (in the Train or the Degradation tab). */
    public void guardClose(Stage stage) {
        TrainingViewModel vm = trainingModel;
        DegradationViewModel dvm = degradationModel;
        stage.addEventFilter(WindowEvent.WINDOW_CLOSE_REQUEST, e -> {
            if (!active()) {
                restore(); // the window remembers its panes as the user left them, not as the live tabs set them
                return;
            }
            e.consume();
            if (closeAfterCancel) {
                return;
            }
            Alert ask = new Alert(Alert.AlertType.CONFIRMATION, Messages.get("train.close.text"),
                    new ButtonType(Messages.get("train.close.stop"), ButtonBar.ButtonData.OK_DONE),
                    new ButtonType(Messages.get("train.close.keep"), ButtonBar.ButtonData.CANCEL_CLOSE));
            ask.initOwner(stage);
            ask.setHeaderText(Messages.get("train.close.title"));
            Optional<ButtonType> answer = ask.showAndWait();
            if (answer.isPresent() && answer.get().getButtonData() == ButtonBar.ButtonData.OK_DONE) {
                closeAfterCancel = true;
                ChangeListener<JobStatus.State> closeWhenIdle = (o, a, b) -> {
                    if (b == JobStatus.State.IDLE && closeAfterCancel && !active()) {
                        // Fired again so the window's own close handlers (saving its layout) run as usual.
                        stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST));
                    }
                };
                vm.stateProperty().addListener(closeWhenIdle);
                dvm.stateProperty().addListener(closeWhenIdle);
                vm.cancel();
                dvm.cancel();
            }
        });
    }

    /** Stops the tabs' timers and frees the models (the window is closing). */
    public void close() {
        lessonsTab.built().ifPresent(LessonsView::close);
        trainTab.built().ifPresent(TrainingView::dispose);
        degradationTab.built().ifPresent(DegradationView::dispose);
        models.close();
    }

}
