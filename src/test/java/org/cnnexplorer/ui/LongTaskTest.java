package org.cnnexplorer.ui;

import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Long work on kept threads: one after another on the same thread, at once on different ones, each named. */
@ExtendWith(ApplicationExtension.class)
class LongTaskTest {

    @Start
    void start(Stage stage) {
        stage.show();
    }

    /** The thread {@code work} ran on, and its name then, once {@code ended} has been told. */
    private static CompletableFuture<Thread> run(String name, CountDownLatch hold) {
        CompletableFuture<Thread> ran = new CompletableFuture<>();
        CompletableFuture<String> named = new CompletableFuture<>();
        LongTask.<Thread>start(name, name, task -> {
            named.complete(Thread.currentThread().getName());
            hold.await(20, TimeUnit.SECONDS);
            return Thread.currentThread();
        }, () -> { }, (thread, error) -> {
            assertThat(named.join()).isEqualTo(name);
            ran.complete(thread);
        });
        return ran;
    }

    @Test
    void workAfterWorkRunsOnTheSameThreadAndWorkAtOnceOnAnother() throws Exception {
        CountDownLatch open = new CountDownLatch(0);
        Thread first = run("first", open).get(20, TimeUnit.SECONDS);
        // the kept thread is handed back a moment after the FX thread hears of the result
        Thread.sleep(200);
        Thread second = run("second", open).get(20, TimeUnit.SECONDS);
        assertThat(second).as("a finished run's thread, with its malloc arena, runs the next").isSameAs(first);
        assertThat(second.isDaemon()).isTrue();

        CountDownLatch hold = new CountDownLatch(1);
        CompletableFuture<Thread> busy = run("busy", hold);
        Thread.sleep(200);
        Thread beside = run("beside", open).get(20, TimeUnit.SECONDS);
        hold.countDown();
        assertThat(busy.get(20, TimeUnit.SECONDS)).as("work at once needs a thread each").isNotSameAs(beside);
    }
}
