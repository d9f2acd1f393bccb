package org.cnnexplorer.app;

import javafx.stage.Stage;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.ui.FxBackground;
import org.cnnexplorer.ui.explore.MainView;
import org.cnnexplorer.ui.explore.MainViewModel;

import java.nio.file.Path;
import java.util.Locale;

/** The real main window with the live tabs, in English, training runs written under {@code runs}. */
public record LiveTestWindow(MainViewModel vm, MainView view, LiveTabs live) {

    public static LiveTestWindow show(Stage stage, Path runs) {
        Messages.setLocale(Locale.ENGLISH);
        System.setProperty("cnnexplorer.runs", runs.toString());
        FxBackground bg = new FxBackground();
        MainViewModel vm = new MainViewModel(bg);
        MainView view = new MainView(vm, bg);
        LiveTabs live = new LiveTabs(vm, bg);
        live.install(view);
        live.guardClose(stage);
        stage.setScene(CnnExplorerApp.scene(view, 1240, 780));
        stage.show();
        return new LiveTestWindow(vm, view, live);
    }
}
