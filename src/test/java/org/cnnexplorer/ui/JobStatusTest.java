package org.cnnexplorer.ui;

import org.cnnexplorer.train.RunControl;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobStatusTest {

    @Test
    void theButtonsMoveTheStateAndPressTheRunsControl() {
        JobStatus status = new JobStatus();
        assertThat(status.pause()).isFalse();
        assertThat(status.cancel()).isFalse();
        RunControl control = status.start();
        assertThat(status.getState()).isEqualTo(JobStatus.State.RUNNING);
        assertThat(status.resume()).isFalse();
        assertThat(status.pause()).isTrue();
        assertThat(control.isPaused()).isTrue();
        assertThat(status.getState()).isEqualTo(JobStatus.State.PAUSED);
        assertThat(status.resume()).isTrue();
        assertThat(control.isPaused()).isFalse();
        assertThat(status.pause()).isTrue();
        assertThat(status.cancel()).as("a paused run can be cancelled").isTrue();
        assertThat(control.isCancelled()).isTrue();
        assertThat(status.getState()).isEqualTo(JobStatus.State.STOPPING);
        assertThat(status.cancel()).isFalse();
        assertThat(status.isActive()).isTrue();
        status.ended();
        assertThat(status.getState()).isEqualTo(JobStatus.State.IDLE);
        assertThat(status.isActive()).isFalse();
    }

    @Test
    void oneRunAtATime() {
        JobStatus status = new JobStatus();
        RunControl first = status.start();
        assertThatThrownBy(status::start).isInstanceOf(IllegalStateException.class);
        status.ended();
        assertThat(status.start()).isNotSameAs(first);
    }

    @Test
    void etaReadsAsMinutesOrHours() {
        assertThat(JobStatus.eta(65)).isEqualTo("1:05");
        assertThat(JobStatus.eta(3723)).isEqualTo("1:02:03");
        assertThat(JobStatus.eta(Double.NaN)).isEqualTo("–");
        assertThat(JobStatus.eta(Double.POSITIVE_INFINITY)).isEqualTo("–");
    }
}
