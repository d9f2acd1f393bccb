package org.cnnexplorer.app;

import javafx.scene.Scene;
import javafx.stage.Stage;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.ui.FxBackground;
import org.cnnexplorer.ui.Styles;
import org.cnnexplorer.ui.explore.MainView;
import org.cnnexplorer.ui.explore.MainViewModel;

import java.nio.file.Path;
import java.util.Locale;

/** The real main window with the live tabs, in English, training runs written under {@code runs}. */
public record LiveTestWindow(MainViewModel vm, MainView view, MainWindow live) {

    public static LiveTestWindow show(Stage stage, Path runs) {
        Messages.setLocale(Locale.ENGLISH);
        System.setProperty("cnnexplorer.runs", runs.toString());
        MainWindow window = new MainWindow(new FxBackground());
        window.guardClose(stage);
        stage.setScene(Styles.apply(new Scene(window.view(), 1240, 780)));
        stage.show();
        return new LiveTestWindow(window.viewModel(), window.view(), window);
    }
}
