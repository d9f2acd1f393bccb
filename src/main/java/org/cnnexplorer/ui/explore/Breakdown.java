package org.cnnexplorer.ui.explore;

import org.cnnexplorer.arch.Group;
import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.diagram.Folding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Params and MACs per weighted layer or per stage, for the summary charts (inference path only). */
public final class Breakdown {
    public record Bar(String label, long params, long macs) {
    }

    private Breakdown() {
    }

    public static List<Bar> perLayer(Network n) {
        return n.layers().stream().filter(l -> !l.aux() && l.weighted())
                .map(l -> new Bar(l.id(), l.params(), l.macs())).toList();
    }

    /** One bar per outermost block (stage, Inception module) and per weighted layer outside blocks. */
    public static List<Bar> perStage(Network n) {
        Map<String, long[]> sums = new LinkedHashMap<>();
        for (Layer l : n.layers()) {
            if (l.aux()) {
                continue;
            }
            String key = outermost(n, l);
            if (key == null) {
                if (!l.weighted()) {
                    continue;
                }
                key = l.id();
            }
            long[] s = sums.computeIfAbsent(key, k -> new long[2]);
            s[0] += l.params();
            s[1] += l.macs();
        }
        List<Bar> bars = new ArrayList<>();
        sums.forEach((k, v) -> bars.add(new Bar(k, v[0], v[1])));
        return bars;
    }

    private static String outermost(Network n, Layer l) {
        String found = null;
        for (String g = l.group(); g != null; g = n.group(g).parent()) {
            Group grp = n.group(g);
            if (Folding.foldable(grp)) {
                found = g;
            }
        }
        return found;
    }

    /** Layers grouped by the spatial size of their output (112, 56, 28, …; 0 = flat), largest first. */
    public record Resolution(int size, int layers, int weighted, long params, long macs, String first, String last) {
    }

    public static List<Resolution> perResolution(Network n) {
        Map<Integer, List<Layer>> by = new LinkedHashMap<>();
        for (Layer l : n.layers()) {
            if (l.aux() || "input".equals(l.type())) {
                continue;
            }
            int size = l.output().flat() ? 0 : l.output().height();
            by.computeIfAbsent(size, k -> new ArrayList<>()).add(l);
        }
        List<Resolution> out = new ArrayList<>();
        by.forEach((size, ls) -> out.add(new Resolution(size, ls.size(),
                (int) ls.stream().filter(Layer::weighted).count(), ls.stream().mapToLong(Layer::params).sum(),
                ls.stream().mapToLong(Layer::macs).sum(), ls.get(0).id(), ls.get(ls.size() - 1).id())));
        out.sort((a, b) -> Integer.compare(b.size() == 0 ? -1 : b.size(), a.size() == 0 ? -1 : a.size()));
        return out;
    }
}
