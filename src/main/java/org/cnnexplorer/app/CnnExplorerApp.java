package org.cnnexplorer.app;

import javafx.application.Application;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.cnnexplorer.arch.zoo.Catalog;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.ui.FxBackground;
import org.cnnexplorer.ui.HighContrast;
import org.cnnexplorer.ui.Projector;
import org.cnnexplorer.ui.Styles;
import org.cnnexplorer.ui.UiWords;
import org.cnnexplorer.ui.explore.MainView;
import org.cnnexplorer.ui.explore.PreparedNetwork;

import java.util.List;
import java.util.prefs.Preferences;

/**
 * The application: one window (see {@link MainWindow}), which remembers its size, place, split positions, projector
 * mode and last network (java.util.prefs). System properties can drive it for demos and screenshots
 * ({@link StartupOptions}).
 */
public final class CnnExplorerApp extends Application {
    private static final String DEFAULT_NETWORK = "alexnet";
    private static final double DEFAULT_WIDTH = 1400;
    private static final double DEFAULT_HEIGHT = 880;
    private static final double MIN_WIDTH = 640;
    private static final double MIN_HEIGHT = 400;

    /**
     * Where the window's size, place and last network are kept (the node of the package that held the window before
     * the re-layout, so a user's saved window survives); {@code cnnexplorer.prefs} names another node (tests).
     */
    private final Preferences prefs = Preferences.userRoot().node(System.getProperty("cnnexplorer.prefs",
            "/org/cnnexplorer/ui"));
    private MainWindow window;
    private PreparedNetwork ahead;

    @Override
    public void init() {
        // laid out while the window is being made (ELK's first layout loads its classes cold)
        ahead = PreparedNetwork.start(firstNetwork());
    }

    @Override
    public void start(Stage stage) {
        Projector.onProperty().set(prefs.getBoolean(Projector.PREF, false));
        HighContrast.onProperty().set(Boolean.parseBoolean(System.getProperty("cnnexplorer.highContrast",
                String.valueOf(prefs.getBoolean(HighContrast.PREF, false)))));
        window = new MainWindow(new FxBackground());
        MainView view = window.view();
        UiWords.fontFamily().ifPresent(f -> view.setStyle("-fx-font-family: \"" + f + "\";"));
        Rectangle2D place = restoredPlace(prefs, Screen.getScreens().stream().map(Screen::getVisualBounds).toList());
        stage.setScene(Styles.apply(new Scene(view, place.getWidth(), place.getHeight())));
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
        window.guardClose(stage);
        stage.setOnCloseRequest(e -> save(stage));
        stage.show();
        StartupClock.watch(stage.getScene(), window.viewModel().diagramProperty());
        window.viewModel().open(firstNetwork(), ahead);
        ahead = null;
        StartupOptions.apply(window);
    }

    /** The network the window opens with: the one asked for, else the one last shown, else AlexNet. */
    private String firstNetwork() {
        String id = System.getProperty("cnnexplorer.open", prefs.get("network", DEFAULT_NETWORK));
        return Catalog.find(id).isPresent() ? id : DEFAULT_NETWORK;
    }

    @Override
    public void stop() {
        if (window != null) {
            window.close();
        }
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
        prefs.putBoolean(HighContrast.PREF, HighContrast.isOn());
        double[] d = window.view().split().getDividerPositions();
        if (!Projector.isOn()) { // projector mode folds the catalog: keep the place it had before
            prefs.putDouble("split0", d[0]);
        }
        prefs.putDouble("split1", d[1]);
        if (window.viewModel().getNetwork() != null) {
            prefs.put("network", window.viewModel().getNetwork().id());
        }
    }
}
