package org.cnnexplorer.ui.explore;

import java.util.List;

/**
 * Where the inspector finds the lessons that explain a layer. The explorer knows no lessons itself (they run the
 * engine); the window that has them sets this ({@link InspectorView#setLessonLinks}).
 */
public interface LessonLinks {

    record Link(String id, String title) {
    }

    /**
     * Lessons about layers of catalog type {@code typeOrTopic} ("lrn", "conv"), or about a topic ("receptive-field").
     */
    List<Link> explaining(String typeOrTopic);

    void open(String lessonId);
}
