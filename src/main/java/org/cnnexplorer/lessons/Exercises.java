package org.cnnexplorer.lessons;

import org.cnnexplorer.i18n.Messages;

import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;

/**
 * The handout's exercises: two or three questions a lesson (compute a count, predict a demo, spot the slide's error)
 * with worked answers, in the bundle {@code lessons/exercises} ({@code <lesson-id>.q1}, {@code <lesson-id>.a1}, …),
 * English and Korean. The texts are plain, not MessageFormat patterns.
 */
public final class Exercises {
    public static final String BUNDLE = "org.cnnexplorer.lessons.exercises";

    private Exercises() {
    }

    public record Exercise(String question, String answer) {
    }

    /** The lesson's exercises in the current language, in order; none for a lesson without any. */
    public static List<Exercise> of(String lessonId) {
        ResourceBundle b = Messages.bundle(BUNDLE, Messages.locale());
        List<Exercise> list = new ArrayList<>();
        for (int i = 1; b.containsKey(lessonId + ".q" + i); i++) {
            list.add(new Exercise(b.getString(lessonId + ".q" + i), b.getString(lessonId + ".a" + i)));
        }
        return list;
    }
}
