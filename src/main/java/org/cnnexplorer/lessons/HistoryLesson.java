package org.cnnexplorer.lessons;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ILSVRC classification winners from 2010 to 2015, top-5 error and depth, each number with its source
 * ({@link IlsvrcHistory}): the four networks of the lecture in the order they won.
 */
final class HistoryLesson {
    private HistoryLesson() {
    }

    /** The key a page number has: "2014.GoogLeNet.top5" in hundredths of a percent, ".depth" in layers. */
    static String key(IlsvrcHistory.Entry e, String what) {
        return e.year() + "." + e.name() + "." + what;
    }

    static Page page(LessonContext ctx) {
        Text t = new Text("ilsvrc-history");
        List<IlsvrcHistory.Entry> entries = IlsvrcHistory.all();
        Map<String, Long> nums = new LinkedHashMap<>();
        List<List<String>> table = new ArrayList<>();
        table.add(List.of(t.get("col.year"), t.get("col.entry"), t.get("col.top5"), t.get("col.depth")));
        List<String> formulas = new ArrayList<>();
        for (IlsvrcHistory.Entry e : entries) {
            nums.put(key(e, "top5"), Math.round(e.top5() * 100));
            if (e.depth() != null) {
                nums.put(key(e, "depth"), (long) e.depth());
            }
            String name = e.place() == 1 ? e.name() : t.get("runnerUp", e.name());
            table.add(List.of(String.valueOf(e.year()), name, e.top5() + " %",
                    e.cnn() ? String.valueOf(e.depth()) : t.get("notCnn")));
            formulas.add(e.year() + " " + e.name() + " " + e.top5() + " %: " + e.source() + "; " + e.setting());
        }
        IlsvrcHistory.Entry alexnet = find(entries, 2012);
        IlsvrcHistory.Entry before = find(entries, 2011);
        IlsvrcHistory.Entry resnet = find(entries, 2015);
        List<String> text = List.of(t.get("p1"),
                t.get("p2", find(entries, 2010).top5(), before.top5(), alexnet.top5(),
                        Text.f(before.top5() - alexnet.top5(), 1)),
                t.get("p3", alexnet.depth(), find(entries, 2014).depth(), resnet.depth(), resnet.top5()),
                t.get("p4"));
        Panel panel = (g, w, h, s) -> {
            Draw.fit(g, w, h);
            Draw.text(g, t.get("panel.error"), 0, 22, 18, Font.BOLD, Draw.ink());
            double x0 = 60;
            double slot = 118;
            double errTop = 60;
            double errH = 280;
            double maxErr = 30;
            double depthTop = 560;
            double depthH = 180;
            double maxDepth = 160;
            for (int k = 0; k <= 3; k++) {
                double v = 10.0 * k;
                double y = errTop + errH - errH * v / maxErr;
                Draw.line(g, x0 - 6, y, x0 + slot * entries.size(), y, Draw.grid(), 1);
                Draw.text(g, Text.f(v, 0) + " %", 0, y + 5, 13, Font.PLAIN, Draw.muted());
            }
            Draw.text(g, t.get("panel.depth"), 0, depthTop - 40, 18, Font.BOLD, Draw.ink());
            for (int v = 0; v <= 150; v += 50) {
                double y = depthTop + depthH - depthH * v / maxDepth;
                Draw.line(g, x0 - 6, y, x0 + slot * entries.size(), y, Draw.grid(), 1);
                Draw.text(g, String.valueOf(v), 10, y + 5, 13, Font.PLAIN, Draw.muted());
            }
            for (int i = 0; i < entries.size(); i++) {
                IlsvrcHistory.Entry e = entries.get(i);
                double x = x0 + i * slot + 14;
                double bw = slot - 28;
                Color c = !e.cnn() ? Draw.muted() : e.place() == 1 ? Draw.accent() : Draw.alpha(Draw.accent(), 110);
                double bh = errH * e.top5() / maxErr;
                Draw.fill(g, x, errTop + errH - bh, bw, bh, c);
                Draw.centred(g, e.top5() + " %", x + bw / 2, errTop + errH - bh - 8, 15, Font.BOLD, Draw.ink());
                Draw.centred(g, String.valueOf(e.year()), x + bw / 2, errTop + errH + 22, 15, Font.BOLD, Draw.ink());
                Draw.centred(g, e.name(), x + bw / 2, errTop + errH + 42, 14, Font.PLAIN, Draw.ink());
                String note = !e.cnn() ? t.get("notCnn") : e.place() == 1 ? "" : t.get("panel.second");
                Draw.centred(g, note, x + bw / 2, errTop + errH + 60, 12, Font.PLAIN, Draw.muted());
                if (e.cnn()) {
                    double dh = depthH * e.depth() / maxDepth;
                    Draw.fill(g, x, depthTop + depthH - dh, bw, dh, c);
                    Draw.centred(g, String.valueOf(e.depth()), x + bw / 2, depthTop + depthH - dh - 8, 15, Font.BOLD,
                            Draw.ink());
                } else {
                    Draw.centred(g, "—", x + bw / 2, depthTop + depthH - 8, 15, Font.PLAIN, Draw.muted());
                }
                Draw.centred(g, e.name(), x + bw / 2, depthTop + depthH + 22, 14, Font.PLAIN, Draw.ink());
                if (e == alexnet) {
                    Draw.box(g, x - 6, errTop + errH - bh - 30, bw + 12, bh + 30, Draw.warm(), 2.5f);
                }
            }
            Draw.paragraph(g, t.get("panel.revival", Text.f(before.top5() - alexnet.top5(), 1)), x0,
                    errTop + errH + 92, 800, 15, Font.BOLD, Draw.warm());
            Draw.paragraph(g, t.get("panel.note"), 0, depthTop + depthH + 58, 860, 14, Font.PLAIN, Draw.muted());
        };
        return new Page("ilsvrc-history", t.title(), text, formulas, table, List.of(),
                List.of(new Page.Link("alexnet", "alexnet", "conv1"), new Page.Link("vgg19", "vgg19", "fc6"),
                        new Page.Link("googlenet", "googlenet", "inception3a"),
                        new Page.Link("resnet152", "resnet152", "layer3")), nums, panel);
    }

    private static IlsvrcHistory.Entry find(List<IlsvrcHistory.Entry> entries, int year) {
        return entries.stream().filter(e -> e.year() == year && e.place() == 1).findFirst().orElseThrow();
    }
}
