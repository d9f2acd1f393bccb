package org.cnnexplorer.ui.lessons;

import org.cnnexplorer.engine.Model;
import org.cnnexplorer.lessons.LessonContext;
import org.cnnexplorer.ui.classify.ClassifyViewModel;

import java.util.function.Function;

/**
 * The context the pages are built on, for the picture chosen: made off the FX thread and kept while the picture
 * stays the same (its forward passes are cached); models come from the window's cache.
 */
final class PictureContexts {
    private final Function<String, Model> models;
    private LessonContext context;
    /** What {@link #context} was made from: a sample's index or Classify's picture. */
    private Object source;

    PictureContexts(Function<String, Model> models) {
        this.models = models;
    }

    /**
     * What the pages work on: sample {@code sample}, or, when that is null, Classify's picture {@code classify} (a
     * shipped sample while Classify shows none).
     */
    static Object source(Integer sample, ClassifyViewModel.Picture classify) {
        if (sample != null) {
            return sample;
        }
        return classify != null ? classify : LessonContext.DEFAULT_SAMPLE;
    }

    /** The context of {@code source} ({@link #source}); call off the FX thread. */
    synchronized LessonContext of(Object source) {
        if (context == null || this.source != source && !source.equals(this.source)) {
            LessonContext.Picture p = source instanceof ClassifyViewModel.Picture c
                    ? LessonContext.of(c.name(), c.image()) : LessonContext.sample((Integer) source);
            context = LessonContext.shared(p, models);
            this.source = source;
        }
        return context;
    }
}
