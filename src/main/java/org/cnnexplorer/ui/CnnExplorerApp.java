package org.cnnexplorer.ui;

import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.graph.Palette;
import org.cnnexplorer.i18n.Messages;

import java.util.List;
import java.util.Locale;
import java.util.prefs.Preferences;

/**
 * The window. Remembers its size, split positions and the last network (java.util.prefs). For demos and
 * screenshots, system properties can drive it: {@code cnnexplorer.open=ID}, {@code cnnexplorer.select=QUERY},
 * {@code cnnexplorer.tab=graph|summary|compare}, {@code cnnexplorer.compare=ID,ID[,ID,ID]},
 * {@code cnnexplorer.frametimes=true} (pans and zooms through the graph and prints paint times).
 */
public final class CnnExplorerApp extends Application {
    static final String STYLESHEET = "/org/cnnexplorer/ui/app.css";
    private static final String DEFAULT_NETWORK = "alexnet";

    private final Preferences prefs = Preferences.userNodeForPackage(CnnExplorerApp.class);
    private MainView view;
    private MainViewModel vm;

    /** A scene with the app's stylesheets, for the window and for tests. */
    public static Scene scene(MainView view, double w, double h) {
        Scene scene = new Scene(view, w, h);
        scene.getStylesheets().addAll(CnnExplorerApp.class.getResource(Palette.RESOURCE).toExternalForm(),
                CnnExplorerApp.class.getResource(STYLESHEET).toExternalForm());
        return scene;
    }

    @Override
    public void init() {
        Thread warm = new Thread(org.cnnexplorer.graph.DiagramLayout::warmUp, "elk-warm-up");
        warm.setDaemon(true);
        warm.start();
    }

    @Override
    public void start(Stage stage) {
        Background background = new FxBackground();
        vm = new MainViewModel(background);
        view = new MainView(vm, background);
        UiWords.fontFamily().ifPresent(f -> view.setStyle("-fx-font-family: \"" + f + "\";"));
        stage.setScene(scene(view, prefs.getDouble("width", 1400), prefs.getDouble("height", 880)));
        stage.setTitle(Messages.get("app.title"));
        if (prefs.getDouble("x", Double.NaN) == prefs.getDouble("x", Double.NaN)) {
            stage.setX(prefs.getDouble("x", 0));
            stage.setY(prefs.getDouble("y", 0));
        }
        stage.setMaximized(prefs.getBoolean("maximized", false));
        view.split().setDividerPositions(prefs.getDouble("split0", 0.22), prefs.getDouble("split1", 0.70));
        stage.setOnCloseRequest(e -> save(stage));
        stage.show();
        String id = System.getProperty("cnnexplorer.open", prefs.get("network", DEFAULT_NETWORK));
        vm.open(Catalog.find(id).isPresent() ? id : DEFAULT_NETWORK);
        automation();
    }

    private void save(Stage stage) {
        prefs.putBoolean("maximized", stage.isMaximized());
        if (!stage.isMaximized()) {
            prefs.putDouble("x", stage.getX());
            prefs.putDouble("y", stage.getY());
            prefs.putDouble("width", stage.getWidth());
            prefs.putDouble("height", stage.getHeight());
        }
        double[] d = view.split().getDividerPositions();
        prefs.putDouble("split0", d[0]);
        prefs.putDouble("split1", d[1]);
        if (vm.getNetwork() != null) {
            prefs.put("network", vm.getNetwork().id());
        }
    }

    private void automation() {
        String select = System.getProperty("cnnexplorer.select");
        String tab = System.getProperty("cnnexplorer.tab");
        String compare = System.getProperty("cnnexplorer.compare");
        if (compare != null) {
            List<String> ids = List.of(compare.split(","));
            for (int i = 0; i < Math.min(4, ids.size()); i++) {
                view.compare().pick(i, ids.get(i));
            }
        }
        if (select != null) {
            vm.diagramProperty().addListener(new javafx.beans.value.ChangeListener<>() {
                @Override
                public void changed(javafx.beans.value.ObservableValue<? extends org.cnnexplorer.graph.Diagram> o,
                                    org.cnnexplorer.graph.Diagram a, org.cnnexplorer.graph.Diagram b) {
                    if (b != null) {
                        vm.diagramProperty().removeListener(this);
                        Platform.runLater(() -> vm.search(select));
                    }
                }
            });
        }
        if (tab != null) {
            int index = List.of("graph", "summary", "compare").indexOf(tab.toLowerCase(Locale.ROOT));
            view.tabs().getSelectionModel().select(Math.max(0, index));
        }
        if (Boolean.getBoolean("cnnexplorer.frametimes")) {
            PauseTransition wait = new PauseTransition(Duration.seconds(4));
            wait.setOnFinished(e -> FrameTimes.sweep(view.graph(), vm));
            wait.play();
        }
    }
}
