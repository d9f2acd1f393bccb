package org.cnnexplorer.app;

import javafx.application.Application;
import org.cnnexplorer.cli.Cli;
import org.cnnexplorer.engine.natives.NativeSetup;
import org.cnnexplorer.io.DataFolders;

import java.util.OptionalInt;

/**
 * Entry point of {@code cnn-explorer.jar}: no arguments opens the window, anything else runs the CLI.
 * It must not extend {@code Application}: on the classpath (DL4J is not modular) JavaFX refuses to start a main
 * class that does.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        DataFolders.removeLeftovers();
        if (args.length > 0) {
            // it sets the log level and the natives up itself, before anything can load ND4J (--verbose)
            Cli.main(args);
            return;
        }
        // the window runs in a JVM whose collector does not stall the UI (see WindowJvm)
        OptionalInt status = WindowJvm.relaunch(Launcher.class, args);
        if (status.isPresent()) {
            System.exit(status.getAsInt());
        }
        // Before anything can load ND4J: picks the oneDNN natives and OpenBLAS kernel for this CPU.
        NativeSetup.configure();
        Application.launch(CnnExplorerApp.class);
    }
}
