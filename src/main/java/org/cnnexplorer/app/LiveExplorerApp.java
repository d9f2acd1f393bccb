package org.cnnexplorer.app;

import org.cnnexplorer.ui.classify.ClassifyViewModel;

import javafx.application.Application;
import javafx.scene.control.Tab;
import javafx.stage.Stage;
import org.cnnexplorer.ui.FxBackground;
import org.cnnexplorer.ui.explore.MainView;

import java.util.List;
import java.util.Locale;

/**
 * The full window: the diagram explorer ({@link CnnExplorerApp}) plus the Train and Classify tabs. Kept apart so
 * that the explorer stays free of the engine. {@code -Dcnnexplorer.tab=train|classify|degradation|lessons} opens a tab at start, {@code -Dcnnexplorer.lesson=ID} a lesson
 * ({@code -Dcnnexplorer.lessonSet=KNOB=VALUE,...} moves its sliders, {@code -Dcnnexplorer.lessonRun=true} starts its
 * live experiment);
 * {@code -Dcnnexplorer.classify=FILE} classifies a picture at start (with {@code cnnexplorer.classifyNet=ID},
 * {@code cnnexplorer.allFour=true}, {@code cnnexplorer.reveal=LAYER} scrolling to a layer's maps); {@code -Dcnnexplorer.train=ID[,ID...]} trains
 * those networks one after another with the form's defaults, {@code -Dcnnexplorer.trainLimit=N} images per split, {@code -Dcnnexplorer.trainEpochs=N} epochs, {@code -Dcnnexplorer.trainBatch=N} the batch size
 * (demos, screenshots); {@code -Dcnnexplorer.degradation=quick} starts the Degradation tab's quick preset; {@code -Dcnnexplorer.pulses=true} prints the UI's pulse gaps after each run, {@code -Dcnnexplorer.stalls=true} every gap over 50 ms as it happens.
 */
public final class LiveExplorerApp extends Application {
    private final CnnExplorerApp explorer = new CnnExplorerApp();
    private LiveTabs live;

    @Override
    public void init() {
        explorer.init();
    }

    @Override
    public void start(Stage stage) {
        String tab = System.getProperty("cnnexplorer.tab");
        boolean ours = tab != null && List.of("train", "classify", "degradation", "lessons").contains(tab.toLowerCase(Locale.ROOT));
        if (ours) {
            System.clearProperty("cnnexplorer.tab");
        }
        explorer.start(stage);
        MainView view = (MainView) stage.getScene().getRoot();
        live = new LiveTabs(findViewModel(view), new FxBackground());
        live.install(view);
        live.guardClose(stage);
        if (ours) {
            for (Tab t : view.tabs().getTabs()) {
                if (t.getId().equals("tab-" + tab.toLowerCase(Locale.ROOT))) {
                    view.tabs().getSelectionModel().select(t);
                }
            }
        }
        String lesson = System.getProperty("cnnexplorer.lesson");
        if (lesson != null) {
            view.tabs().getTabs().stream().filter(t -> t.getId().equals("tab-lessons")).findFirst()
                    .ifPresent(t -> view.tabs().getSelectionModel().select(t));
            live.lessons().open(lesson);
            String knobs = System.getProperty("cnnexplorer.lessonSet");
            if (Boolean.getBoolean("cnnexplorer.lessonRun")) {
                javafx.animation.PauseTransition go = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(8));
                go.setOnFinished(e -> live.lessons().runExperiment());
                go.play();
            }
            if (knobs != null) {
                // KNOB=VALUE,...: applied once the page is built
                javafx.animation.PauseTransition wait = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(6));
                wait.setOnFinished(e -> {
                    for (String kv : knobs.split(",")) {
                        String[] p = kv.split("=");
                        live.lessons().setKnob(p[0], Double.parseDouble(p[1]));
                    }
                });
                wait.play();
            }
        }
        if (Boolean.getBoolean("cnnexplorer.stalls")) {
            reportStalls();
        }
        String train = System.getProperty("cnnexplorer.train");
        if (train != null) {
            live.training().demo(List.of(train.split(",")), Integer.getInteger("cnnexplorer.trainLimit", 0),
                    Integer.getInteger("cnnexplorer.trainEpochs", 0), Integer.getInteger("cnnexplorer.trainBatch", 0));
        }
        if ("quick".equals(System.getProperty("cnnexplorer.degradation"))) {
            live.degradation().demoQuick();
        }
        String picture = System.getProperty("cnnexplorer.classify");
        if (picture != null) {
            ClassifyViewModel cvm = live.classify().viewModel();
            cvm.modelIdProperty().set(System.getProperty("cnnexplorer.classifyNet", cvm.modelIdProperty().get()));
            cvm.allFourProperty().set(Boolean.getBoolean("cnnexplorer.allFour"));
            String reveal = System.getProperty("cnnexplorer.reveal");
            if (reveal != null) {
                cvm.resultProperty().addListener((o, a, r) -> javafx.application.Platform.runLater(
                        () -> live.classify().revealLayer(reveal)));
            }
            live.classify().drop(List.of(new java.io.File(picture)));
        }
    }

    /** Prints every gap of over 50 ms between two JavaFX pulses, whatever the window is doing (for measurements). */
    private static void reportStalls() {
        new javafx.animation.AnimationTimer() {
            private long last;

            @Override
            public void handle(long now) {
                if (last != 0 && now - last > 50_000_000L) {
                    System.out.printf(Locale.ROOT, "fx-stall %.0f ms ending at %.3f s%n", (now - last) / 1e6,
                            java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
                }
                last = now;
            }
        }.start();
    }

    private static org.cnnexplorer.ui.explore.MainViewModel findViewModel(MainView view) {
        return view.viewModel();
    }

    @Override
    public void stop() {
        if (live != null) {
            live.close();
        }
    }
}
