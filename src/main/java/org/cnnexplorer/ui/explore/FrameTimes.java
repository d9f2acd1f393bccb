package org.cnnexplorer.ui.explore;

import javafx.animation.AnimationTimer;
import org.cnnexplorer.arch.Network;

import java.util.Locale;

/** Drives a pan-and-zoom sweep over the open graph, one step per pulse, and prints the canvas paint times. */
public final class FrameTimes {
    private FrameTimes() {
    }

    public static void sweep(GraphView graph, MainViewModel vm) {
        graph.frameStats().reset();
        long[] frame = {0};
        long[] pulses = {0, 0};
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (pulses[0] == 0) {
                    pulses[0] = now;
                }
                int i = (int) frame[0]++;
                if (i < 120) {
                    graph.zoomAt(400, 300, i < 60 ? 0.97 : 1.03);
                } else if (i < 360) {
                    graph.scrollBy(0, -25);
                } else {
                    stop();
                    pulses[1] = now;
                    Network n = vm.getNetwork();
                    System.out.printf(Locale.ROOT,
                            "frame-times %s: %d paints, mean %.2f ms, max %.2f ms; %d pulses in %.0f ms (%.1f fps)%n",
                            n == null ? "-" : n.id(), graph.frameStats().count(), graph.frameStats().meanMillis(),
                            graph.frameStats().maxMillis(), frame[0], (pulses[1] - pulses[0]) / 1e6,
                            frame[0] * 1e9 / (pulses[1] - pulses[0]));
                }
            }
        }.start();
    }
}
