package org.cnnexplorer.ui;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.cnnexplorer.data.DataException;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.train.RunControl;

import java.util.Locale;

/**
 * The state of a tab's one background run (Train, Degradation) and the buttons that move it: {@link #start} hands
 * out the {@link RunControl} the run's loop checks, pause, resume and cancel press that control and move the state,
 * {@link #ended} returns to idle. Call on the JavaFX thread (or, in tests, one thread).
 */
public final class JobStatus {
    public enum State { IDLE, RUNNING, PAUSED, STOPPING }

    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.IDLE);
    private RunControl control;

    /** A new run begins: the control to hand to its loop. @throws IllegalStateException while one is active */
    public RunControl start() {
        if (isActive()) {
            throw new IllegalStateException("a run is active");
        }
        control = new RunControl();
        state.set(State.RUNNING);
        return control;
    }

    /** @return whether the running run was paused */
    public boolean pause() {
        return press(State.RUNNING, State.PAUSED, () -> control.pause());
    }

    /** @return whether the paused run was resumed */
    public boolean resume() {
        return press(State.PAUSED, State.RUNNING, () -> control.resume());
    }

    /** Asks the run to stop at its next step; {@link #ended} follows when it has. @return whether it was asked */
    public boolean cancel() {
        return press(State.PAUSED, State.STOPPING, () -> control.cancel())
                || press(State.RUNNING, State.STOPPING, () -> control.cancel());
    }

    /** In state {@code from}: presses the control's button and moves to {@code to}. */
    private boolean press(State from, State to, Runnable button) {
        if (state.get() != from) {
            return false;
        }
        button.run();
        state.set(to);
        return true;
    }

    /** The run's work returned (finished, cancelled or failed). */
    public void ended() {
        control = null;
        state.set(State.IDLE);
    }

    public boolean isActive() {
        return state.get() != State.IDLE;
    }

    public State getState() {
        return state.get();
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** What a run that failed with {@code error} says: a data problem's own message, else "failed" and the cause's. */
    public static String failureMessage(Throwable error) {
        Throwable cause = cause(error);
        return cause instanceof DataException ? cause.getMessage()
                : Messages.get("train.error.failed", String.valueOf(cause.getMessage()));
    }

    /** The innermost cause of {@code error}, or the first {@link DataException} met on the way in. */
    public static Throwable cause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && !(cause instanceof DataException)) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Seconds left as m:ss or h:mm:ss; a dash when not known. */
    public static String eta(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            return "–";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
