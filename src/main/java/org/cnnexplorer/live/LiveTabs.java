package org.cnnexplorer.live;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Tab;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.lessons.Lessons;
import org.cnnexplorer.ui.LessonLinks;
import org.cnnexplorer.ui.Background;
import org.cnnexplorer.ui.MainView;
import org.cnnexplorer.ui.MainViewModel;

import java.util.List;
import java.util.Optional;

/**
 * Adds the Train, Classify and Lessons tabs to the main window (and the inspector's links to the lessons), and guards closing it: during a run the user is asked,
 * and "stop and close" cancels the run (which writes a checkpoint) before the window goes.
 */
public final class LiveTabs {
    public static final String STYLESHEET = "/org/cnnexplorer/live/live.css";

    private final TrainingView training;
    private final ClassifyView classify;
    private final LessonsView lessons;
    private final Models models = new Models();
    private boolean closeAfterCancel;
    private javafx.scene.control.SplitPane split;
    private double[] saved;

    public LiveTabs(MainViewModel main, Background background) {
        training = new TrainingView(new TrainingViewModel(TrainingViewModel.defaultRunsDir()), background);
        classify = new ClassifyView(new ClassifyViewModel(background, models), main);
        lessons = new LessonsView(main, background, models);
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

    /** Puts the two tabs after the main window's own and loads the stylesheet. */
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
        view.tabs().getTabs().addAll(train, cls, les);
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
            boolean wasOurs = a == train || a == cls || a == les;
            boolean isOurs = b == train || b == cls || b == les;
            if (isOurs && !wasOurs) {
                widen();
            } else if (!isOurs && wasOurs) {
                restore();
            }
        });
    }

    /**
     * Charts and feature maps need the width: the catalog folds away while Train or Classify is shown (the
     * inspector stays, it shows the layer selected from the feature maps); leaving the tab restores the panes.
     */
    private void widen() {
        saved = split.getDividerPositions();
        if (saved.length == 2) {
            split.setDividerPositions(0, Math.max(saved[1], 0.78));
        }
    }

    private void restore() {
        if (saved != null) {
            if (org.cnnexplorer.ui.Projector.isOn()) {
                saved[0] = 0; // projector mode keeps the catalog folded
            }
            split.setDividerPositions(saved);
            saved = null;
        }
    }

    /** Asks before the window closes while a run trains. */
    public void guardClose(Stage stage) {
        TrainingViewModel vm = training.viewModel();
        stage.addEventFilter(WindowEvent.WINDOW_CLOSE_REQUEST, e -> {
            if (!vm.isActive()) {
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
                vm.stateProperty().addListener((o, a, b) -> {
                    if (b == TrainingViewModel.State.IDLE && closeAfterCancel) {
                        // Fired again so the window's own close handlers (saving its layout) run as usual.
                        stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST));
                    }
                });
                vm.cancel();
            }
        });
    }

    public void close() {
        lessons.close();
        training.dispose();
        models.close();
    }

}
