package org.cnnexplorer.app;

import org.cnnexplorer.ui.JobStatus;

import org.cnnexplorer.io.DataFolders;

import org.cnnexplorer.ui.Models;
import org.cnnexplorer.ui.classify.ClassifyView;
import org.cnnexplorer.ui.classify.ClassifyViewModel;
import org.cnnexplorer.ui.degradation.DegradationView;
import org.cnnexplorer.ui.degradation.DegradationViewModel;
import org.cnnexplorer.ui.lessons.LessonsView;
import org.cnnexplorer.ui.train.TrainingView;
import org.cnnexplorer.ui.train.TrainingViewModel;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Tab;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.lessons.Lessons;
import org.cnnexplorer.ui.explore.LessonLinks;
import org.cnnexplorer.ui.Background;
import org.cnnexplorer.ui.explore.MainView;
import org.cnnexplorer.ui.explore.MainViewModel;

import java.util.List;
import java.util.Optional;

/**
 * Adds the Train, Classify, Degradation and Lessons tabs to the main window (and the inspector's links to the
 * lessons), and guards closing it: during a run the user is asked, and "stop and close" cancels the run (which writes
 * a checkpoint) before the window goes.
 */
public final class LiveTabs {
    public static final String STYLESHEET = "/org/cnnexplorer/ui/live.css";

    private final TrainingView training;
    private final ClassifyView classify;
    private final LessonsView lessons;
    private final DegradationView degradation;
    private final Models models = new Models();
    private boolean closeAfterCancel;
    private javafx.scene.control.SplitPane split;
    private double[] saved;
    private Double inspectorMinWidth;

    public LiveTabs(MainViewModel main, Background background) {
        training = new TrainingView(new TrainingViewModel(DataFolders.runs()), background);
        classify = new ClassifyView(new ClassifyViewModel(background, models), main);
        degradation = new DegradationView(new DegradationViewModel(DataFolders.runs(),
                org.cnnexplorer.experiments.Degradation.shipped()));
        lessons = new LessonsView(main, background, models, classify.viewModel().currentProperty());
    }

    public LessonsView lessons() {
        return lessons;
    }

    public TrainingView training() {
        return training;
    }

    public ClassifyView classify() {
        return classify;
    }

    public DegradationView degradation() {
        return degradation;
    }

    /** Puts the three tabs after the main window's own and loads the stylesheet. */
    public void install(MainView view) {
        Tab train = new Tab(Messages.get("tab.train"), training);
        train.setId("tab-train");
        Tab cls = new Tab(Messages.get("tab.classify"), classify);
        cls.setId("tab-classify");
        Tab les = new Tab(Messages.get("tab.lessons"), lessons);
        les.setId("tab-lessons");
        les.setOnSelectionChanged(e -> {
            if (les.isSelected()) {
                lessons.shown();
            }
        });
        Tab deg = new Tab(Messages.get("tab.degradation"), degradation);
        deg.setId(org.cnnexplorer.lessons.Page.DEGRADATION_TAB);
        view.tabs().getTabs().addAll(train, cls, deg, les);
        lessons.setShowTab(id -> view.tabs().getTabs().stream().filter(t -> id.equals(t.getId())).findFirst()
                .ifPresent(t -> view.tabs().getSelectionModel().select(t)));
        // Page Up / Page Down walk the lessons wherever the keyboard focus is (a teacher at a projector)
        view.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (les.isSelected() && (e.getCode() == javafx.scene.input.KeyCode.PAGE_DOWN
                    || e.getCode() == javafx.scene.input.KeyCode.PAGE_UP)) {
                if (e.getCode() == javafx.scene.input.KeyCode.PAGE_DOWN) {
                    lessons.next();
                } else {
                    lessons.previous();
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
                view.tabs().getSelectionModel().select(les);
                lessons.open(lessonId);
            }
        });
        view.getStylesheets().add(LiveTabs.class.getResource(STYLESHEET).toExternalForm());
        split = view.split();
        view.tabs().getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            boolean wasOurs = a == train || a == cls || a == deg || a == les;
            boolean isOurs = b == train || b == cls || b == deg || b == les;
            if (isOurs) {
                widen(b == deg);
            } else if (wasOurs) {
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
            saved = split.getDividerPositions();
        }
        if (saved.length != 2) {
            return;
        }
        // the inspector's wrapped text would keep a strip of it open, one letter a line
        Region inspector = (Region) split.getItems().get(2);
        if (inspectorToo && inspectorMinWidth == null) {
            inspectorMinWidth = inspector.getMinWidth();
            inspector.setMinWidth(0);
        } else if (!inspectorToo && inspectorMinWidth != null) {
            inspector.setMinWidth(inspectorMinWidth);
            inspectorMinWidth = null;
        }
        split.setDividerPositions(0, inspectorToo ? 1 : Math.max(saved[1], 0.78));
    }

    private void restore() {
        if (inspectorMinWidth != null) {
            ((Region) split.getItems().get(2)).setMinWidth(inspectorMinWidth);
            inspectorMinWidth = null;
        }
        if (saved != null) {
            if (org.cnnexplorer.ui.Projector.isOn()) {
                saved[0] = 0; // projector mode keeps the catalog folded
            }
            split.setDividerPositions(saved);
            saved = null;
        }
    }

    private boolean active() {
        return training.viewModel().isActive() || degradation.viewModel().isActive();
    }

    /** Asks before the window closes while a run trains (in the Train or the Degradation tab). */
    public void guardClose(Stage stage) {
        TrainingViewModel vm = training.viewModel();
        DegradationViewModel dvm = degradation.viewModel();
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
                javafx.beans.value.ChangeListener<JobStatus.State> closeWhenIdle = (o, a, b) -> {
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

    public void close() {
        lessons.close();
        training.dispose();
        degradation.dispose();
        models.close();
    }

}
