package org.cnnexplorer.app;

import org.cnnexplorer.ui.Background;
import org.cnnexplorer.ui.FxBackground;
import org.cnnexplorer.ui.Projector;
import org.cnnexplorer.ui.UiWords;
import org.cnnexplorer.ui.explore.FrameTimes;
import org.cnnexplorer.ui.explore.MainView;
import org.cnnexplorer.ui.explore.MainViewModel;

import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.diagram.Palette;
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
    private static final double DEFAULT_WIDTH = 1400;
    private static final double DEFAULT_HEIGHT = 880;
    private static final double MIN_WIDTH = 640;
    private static final double MIN_HEIGHT = 400;

    /** Where the window's size, place and last network are kept; {@code cnnexplorer.prefs} names another node (tests). */
    private final Preferences prefs = System.getProperty("cnnexplorer.prefs") != null
            ? Preferences.userRoot().node(System.getProperty("cnnexplorer.prefs"))
            : Preferences.userNodeForPackage(CnnExplorerApp.class);
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
        Thread warm = new Thread(org.cnnexplorer.diagram.DiagramLayout::warmUp, "elk-warm-up");
        warm.setDaemon(true);
        warm.start();
    }

    @Override
    public void start(Stage stage) {
        Background background = new FxBackground();
        vm = new MainViewModel(background);
        Projector.onProperty().set(prefs.getBoolean(Projector.PREF, false));
        view = new MainView(vm, background);
        UiWords.fontFamily().ifPresent(f -> view.setStyle("-fx-font-family: \"" + f + "\";"));
        Rectangle2D place = restoredPlace(prefs, Screen.getScreens().stream().map(Screen::getVisualBounds).toList());
        stage.setScene(scene(view, place.getWidth(), place.getHeight()));
        stage.setTitle(Messages.get("app.title"));
        // drawn by installer/icon.sh; the installers' menu entries use the same file
        stage.getIcons().add(new Image(CnnExplorerApp.class.getResource("icon.png").toExternalForm()));
        if (!Double.isNaN(place.getMinX())) {
            stage.setX(place.getMinX());
            stage.setY(place.getMinY());
        }
        stage.setMaximized(prefs.getBoolean("maximized", false));
        view.split().setDividerPositions(Projector.isOn() ? 0 : prefs.getDouble("split0", 0.22),
                prefs.getDouble("split1", 0.70));
        stage.setOnCloseRequest(e -> save(stage));
        stage.show();
        String id = System.getProperty("cnnexplorer.open", prefs.get("network", DEFAULT_NETWORK));
        vm.open(Catalog.find(id).isPresent() ? id : DEFAULT_NETWORK);
        automation();
    }

    /**
     * The saved window size and place, kept on a screen that is there now: a window last closed on a classroom
     * projector must not open off-screen on the laptop. The size is cut to the largest screen; the place (NaN: let
     * the system choose) is kept only when the window's title bar would be on some screen.
     */
    static Rectangle2D restoredPlace(Preferences prefs, List<Rectangle2D> screens) {
        double maxW = screens.stream().mapToDouble(Rectangle2D::getWidth).max().orElse(DEFAULT_WIDTH);
        double maxH = screens.stream().mapToDouble(Rectangle2D::getHeight).max().orElse(DEFAULT_HEIGHT);
        double w = Math.max(MIN_WIDTH, Math.min(prefs.getDouble("width", DEFAULT_WIDTH), maxW));
        double h = Math.max(MIN_HEIGHT, Math.min(prefs.getDouble("height", DEFAULT_HEIGHT), maxH));
        double x = prefs.getDouble("x", Double.NaN);
        double y = prefs.getDouble("y", Double.NaN);
        // the title bar, the top 30 px of the window: at least 100 px of it on a screen (never true for an unsaved,
        // NaN place)
        boolean reachable = screens.stream().anyMatch(sc ->
                Math.min(x + w, sc.getMaxX()) - Math.max(x, sc.getMinX()) >= 100
                        && y >= sc.getMinY() && y < sc.getMaxY() - 30);
        return reachable ? new Rectangle2D(x, y, w, h) : new Rectangle2D(Double.NaN, Double.NaN, w, h);
    }

    void save(Stage stage) {
        prefs.putBoolean("maximized", stage.isMaximized());
        if (!stage.isMaximized()) {
            prefs.putDouble("x", stage.getX());
            prefs.putDouble("y", stage.getY());
            // the scene's size, which is what start() restores: the stage's own includes the title bar, and the
            // window would grow by it at every start
            prefs.putDouble("width", stage.getScene().getWidth());
            prefs.putDouble("height", stage.getScene().getHeight());
        }
        prefs.putBoolean(Projector.PREF, Projector.isOn());
        double[] d = view.split().getDividerPositions();
        if (!Projector.isOn()) { // projector mode folds the catalog: keep the place it had before
            prefs.putDouble("split0", d[0]);
        }
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
                public void changed(javafx.beans.value.ObservableValue<? extends org.cnnexplorer.diagram.Diagram> o,
                                    org.cnnexplorer.diagram.Diagram a, org.cnnexplorer.diagram.Diagram b) {
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
