package org.cnnexplorer.engine.natives;

import org.junit.jupiter.api.Test;

import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NativeThreadsTest {
    /** A training thread gives way to the UI, and so do the native workers it starts later; other threads do not. */
    @Test
    void backgroundThreadsAndTheThreadsTheyStartRunAtALowerLinuxPriority() throws Exception {
        OptionalInt self = NativeThreads.linuxThreadId();
        assumeTrue(self.isPresent(), "Linux only: elsewhere Java's own thread priority is used");
        int before = NativeThreads.niceness(self.getAsInt()).orElseThrow();

        AtomicReference<OptionalInt> worker = new AtomicReference<>();
        AtomicReference<OptionalInt> started = new AtomicReference<>();
        Thread t = new Thread(() -> {
            worker.set(NativeThreads.runInBackground());
            Thread child = new Thread(() -> started.set(
                    NativeThreads.niceness(NativeThreads.linuxThreadId().orElseThrow())));
            child.start();
            try {
                child.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        t.join();

        int expected = Math.max(before, NativeThreads.BACKGROUND_NICENESS);
        assertThat(worker.get()).hasValue(expected);
        assertThat(started.get()).hasValue(expected);
        assertThat(NativeThreads.niceness(self.getAsInt())).hasValue(before);
    }
}
