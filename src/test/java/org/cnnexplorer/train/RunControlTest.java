package org.cnnexplorer.train;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class RunControlTest {
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final RunControl.PauseListener listener = new RunControl.PauseListener() {
        @Override
        public void paused() {
            seen.add("paused");
        }

        @Override
        public void resumed() {
            seen.add("resumed");
        }
    };

    @Test
    void aLoopRunsOnUntilAskedToStop() {
        RunControl control = new RunControl();
        assertThat(control.stopAtStep(listener)).isFalse();
        control.cancel();
        assertThat(control.stopAtStep(listener)).isTrue();
        assertThat(seen).isEmpty();
    }

    @Test
    void aControlCancelledBeforeTheLoopBeganStopsItAtItsFirstStep() {
        RunControl control = new RunControl();
        control.pause();
        control.cancel();
        assertThat(control.isPaused()).isFalse();
        assertThat(control.stopAtStep(listener)).isTrue();
        control.pause();
        assertThat(control.isPaused()).as("a cancelled run cannot be paused").isFalse();
    }

    @Test
    void aPausedLoopWaitsUntilResumedAndSaysSo() throws Exception {
        RunControl control = new RunControl();
        control.pause();
        AtomicBoolean stopped = new AtomicBoolean(true);
        Thread loop = new Thread(() -> stopped.set(control.stopAtStep(listener)));
        loop.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (seen.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(seen).containsExactly("paused");
        assertThat(loop.isAlive()).isTrue();
        control.resume();
        loop.join(10_000);
        assertThat(loop.isAlive()).isFalse();
        assertThat(stopped).isFalse();
        assertThat(seen).containsExactly("paused", "resumed");
    }

    @Test
    void cancellingEndsAPauseWithoutResuming() throws Exception {
        RunControl control = new RunControl();
        control.pause();
        AtomicBoolean stopped = new AtomicBoolean();
        Thread loop = new Thread(() -> stopped.set(control.stopAtStep(listener)));
        loop.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (seen.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        control.cancel();
        loop.join(10_000);
        assertThat(stopped).isTrue();
        assertThat(seen).containsExactly("paused");
    }
}
