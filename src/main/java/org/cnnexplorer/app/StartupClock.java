package org.cnnexplorer.app;

import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.scene.Scene;
import org.cnnexplorer.diagram.Diagram;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Prints, once per start, how long the user waited: from the launcher's process start (the first JVM, when the
 * window runs in a second one) to the window's showing and to the first pulse that lays out a diagram, which is
 * painted in that same pulse. {@code src/scripts/startup.sh} takes its median over cold starts.
 */
final class StartupClock {
    /** The launcher's start, epoch milliseconds, handed to the window's JVM. */
    static final String LAUNCHED = "cnnexplorer.launchedAt";

    private StartupClock() {
    }

    /**
     * When the launcher started: the handed-over time, else when this JVM was created. Not the process's start
     * ({@code ProcessHandle.info().startInstant()}): on Linux that counts from the boot time in whole seconds, and it
     * came out 0.42–0.47 s early on the development machine, on every start alike.
     */
    static long launchedAt() {
        Long handed = Long.getLong(LAUNCHED);
        return handed != null ? handed : ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    /** Call when the stage has just been shown. */
    static void watch(Scene scene, ObservableValue<Diagram> diagram) {
        long launched = launchedAt();
        long shown = System.currentTimeMillis() - launched;
        diagram.addListener(new ChangeListener<>() {
            @Override
            public void changed(ObservableValue<? extends Diagram> o, Diagram before, Diagram now) {
                if (now == null) {
                    return;
                }
                diagram.removeListener(this);
                scene.addPostLayoutPulseListener(new Runnable() {
                    @Override
                    public void run() {
                        scene.removePostLayoutPulseListener(this);
                        System.out.printf(Locale.ROOT,
                                "startup: window shown %d ms, first diagram painted %d ms after launch%n", shown,
                                System.currentTimeMillis() - launched);
                    }
                });
            }
        });
    }
}
