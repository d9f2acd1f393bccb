package org.cnnexplorer.diagram;

import org.cnnexplorer.arch.Group;
import org.cnnexplorer.arch.Network;

import java.util.LinkedHashSet;
import java.util.Set;

/** Which blocks start folded, and what "expand all" / "collapse all" mean. */
public final class Folding {
    /** Above this many layers a network opens with its stages folded (ResNet-152 has 514, ResNet-1202 4,006). */
    public static final int LARGE = 400;

    private Folding() {
    }

    /** ResNet-152 and ResNet-1202 open with stages folded so the first picture is readable; the rest open expanded. */
    public static Set<String> defaults(Network n) {
        return n.layers().size() > LARGE ? collapseAll(n) : Set.of();
    }

    /** Folds every outermost foldable group: stages, or Inception modules and aux heads where there are no stages. */
    public static Set<String> collapseAll(Network n) {
        Set<String> folded = new LinkedHashSet<>();
        for (Group g : n.groups()) {
            if (foldable(g) && outermostFoldable(n, g)) {
                folded.add(g.id());
            }
        }
        return folded;
    }

    public static boolean foldable(Group g) {
        return g.kind() != Group.Kind.CLASSIFIER;
    }

    private static boolean outermostFoldable(Network n, Group g) {
        for (String p = g.parent(); p != null; p = n.group(p).parent()) {
            if (foldable(n.group(p))) {
                return false;
            }
        }
        return true;
    }
}
