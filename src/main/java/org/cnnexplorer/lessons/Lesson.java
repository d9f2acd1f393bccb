package org.cnnexplorer.lessons;

import org.cnnexplorer.i18n.Messages;

import java.util.Set;
import java.util.function.Function;

/**
 * One entry of the lecture: the catalog network and layer it is about (opening the lesson selects them in the
 * graph), the layer types it explains (the inspector links to it from layers of those types, and from topics such
 * as {@code receptive-field}), and the builder of its page.
 */
public record Lesson(String id, String networkId, String layerId, Set<String> explains,
                     Function<LessonContext, Page> builder) {

    public Lesson {
        explains = Set.copyOf(explains);
    }

    public String title() {
        return Messages.get("lesson." + id + ".title");
    }

    public Page page(LessonContext context) {
        return builder.apply(context);
    }
}
