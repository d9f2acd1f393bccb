package org.cnnexplorer.app;

import javafx.animation.AnimationTimer;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.util.Duration;
import org.cnnexplorer.diagram.Diagram;
import org.cnnexplorer.ui.JobStatus;
import org.cnnexplorer.ui.classify.ClassifyViewModel;
import org.cnnexplorer.ui.explore.FrameTimes;
import org.cnnexplorer.ui.explore.MainViewModel;
import org.cnnexplorer.ui.train.TrainingView;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * System properties that drive the window from the command line, for demos, screenshots and measurements; none is
 * needed to use the application.
 * <ul>
 * <li>{@code cnnexplorer.tab=graph|summary|compare|train|classify|degradation|lessons} opens a tab;
 * {@code cnnexplorer.select=QUERY} selects layers in the graph; {@code cnnexplorer.compare=ID,ID[,ID,ID]} fills
 * Compare; {@code cnnexplorer.frametimes=true} pans and zooms through the graph and prints paint times.</li>
 * <li>{@code cnnexplorer.lesson=ID} opens a lesson, {@code cnnexplorer.lessonSet=KNOB=VALUE,...} moves its sliders,
 * {@code cnnexplorer.lessonRun=true} starts its live experiment.</li>
 * <li>{@code cnnexplorer.classify=FILE} classifies a picture (with {@code cnnexplorer.classifyNet=ID},
 * {@code cnnexplorer.allFour=true}, {@code cnnexplorer.reveal=LAYER} scrolling to a layer's maps).</li>
 * <li>{@code cnnexplorer.train=ID[,ID...]} trains those networks one after another with the form's defaults,
 * {@code cnnexplorer.trainLimit=N} images per split, {@code cnnexplorer.trainEpochs=N} epochs,
 * {@code cnnexplorer.trainBatch=N} the batch size; {@code cnnexplorer.degradation=quick} starts the Degradation
 * tab's quick preset, {@code cnnexplorer.degradationSameDepth=true} shows its same-depth layout.</li>
 * <li>{@code cnnexplorer.pulses=true} prints the UI's pulse gaps after each training run,
 * {@code cnnexplorer.stalls=true} every gap over 50 ms as it happens.</li>
 * </ul>
 */
final class StartupOptions {
    private StartupOptions() {
    }

    /** Applies the options given to this JVM to {@code window}, which has just been shown. */
    static void apply(MainWindow window) {
        String tab = System.getProperty("cnnexplorer.tab");
        if (tab != null) {
            window.select("tab-" + tab.toLowerCase(Locale.ROOT));
        }
        explorer(window);
        lesson(window);
        classify(window);
        if (Boolean.getBoolean("cnnexplorer.stalls")) {
            reportStalls();
        }
        String train = System.getProperty("cnnexplorer.train");
        if (train != null) {
            trainOneAfterAnother(window.training(), List.of(train.split(",")),
                    Integer.getInteger("cnnexplorer.trainLimit", 0), Integer.getInteger("cnnexplorer.trainEpochs", 0),
                    Integer.getInteger("cnnexplorer.trainBatch", 0));
        }
        if ("quick".equals(System.getProperty("cnnexplorer.degradation"))) {
            window.degradation().demoQuick();
        }
        if (Boolean.getBoolean("cnnexplorer.degradationSameDepth")) {
            window.degradation().viewModel().sameDepthProperty().set(true);
        }
    }

    private static void explorer(MainWindow window) {
        MainViewModel vm = window.viewModel();
        String compare = System.getProperty("cnnexplorer.compare");
        if (compare != null) {
            List<String> ids = List.of(compare.split(","));
            for (int i = 0; i < Math.min(4, ids.size()); i++) {
                window.view().compare().pick(i, ids.get(i));
            }
        }
        String select = System.getProperty("cnnexplorer.select");
        if (select != null) {
            vm.diagramProperty().addListener(new ChangeListener<>() {
                @Override
                public void changed(ObservableValue<? extends Diagram> o, Diagram a, Diagram b) {
                    if (b != null) {
                        vm.diagramProperty().removeListener(this);
                        Platform.runLater(() -> vm.search(select));
                    }
                }
            });
        }
        if (Boolean.getBoolean("cnnexplorer.frametimes")) {
            later(4, () -> FrameTimes.sweep(window.view().graph(), vm));
        }
    }

    private static void lesson(MainWindow window) {
        String lesson = System.getProperty("cnnexplorer.lesson");
        if (lesson == null) {
            return;
        }
        window.select("tab-lessons");
        window.lessons().open(lesson);
        if (Boolean.getBoolean("cnnexplorer.lessonRun")) {
            later(8, () -> window.lessons().runExperiment());
        }
        String knobs = System.getProperty("cnnexplorer.lessonSet");
        if (knobs != null) {
            // applied once the page is built
            later(6, () -> {
                for (String kv : knobs.split(",")) {
                    String[] p = kv.split("=");
                    window.lessons().setKnob(p[0], Double.parseDouble(p[1]));
                }
            });
        }
    }

    private static void classify(MainWindow window) {
        String picture = System.getProperty("cnnexplorer.classify");
        if (picture == null) {
            return;
        }
        ClassifyViewModel cvm = window.classify().viewModel();
        cvm.modelIdProperty().set(System.getProperty("cnnexplorer.classifyNet", cvm.modelIdProperty().get()));
        cvm.allFourProperty().set(Boolean.getBoolean("cnnexplorer.allFour"));
        String reveal = System.getProperty("cnnexplorer.reveal");
        if (reveal != null) {
            cvm.resultProperty().addListener((o, a, r) -> Platform.runLater(
                    () -> window.classify().revealLayer(reveal)));
        }
        window.classify().drop(List.of(new File(picture)));
    }

    /**
     * Trains {@code ids} one after another (demos, screenshots, frame-time measurements); {@code limit} images per
     * split, 0 = all; {@code epochs} and {@code batch} 0 keep the form's value.
     */
    private static void trainOneAfterAnother(TrainingView view, List<String> ids, int limit, int epochs, int batch) {
        Deque<String> queue = new ArrayDeque<>(ids);
        Runnable next = () -> {
            String id = queue.poll();
            if (id != null) {
                view.start(id, limit, epochs, batch);
            }
        };
        view.viewModel().stateProperty().addListener((o, a, b) -> {
            if (b == JobStatus.State.IDLE) {
                Platform.runLater(next);
            }
        });
        next.run();
    }

    private static void later(double seconds, Runnable action) {
        PauseTransition wait = new PauseTransition(Duration.seconds(seconds));
        wait.setOnFinished(e -> action.run());
        wait.play();
    }

    /** Prints every gap of over 50 ms between two JavaFX pulses, whatever the window is doing (for measurements). */
    private static void reportStalls() {
        new AnimationTimer() {
            private long last;

            @Override
            public void handle(long now) {
                if (last != 0 && now - last > 50_000_000L) {
                    System.out.printf(Locale.ROOT, "fx-stall %.0f ms ending at %.3f s%n", (now - last) / 1e6,
                            ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
                }
                last = now;
            }
        }.start();
    }
}
