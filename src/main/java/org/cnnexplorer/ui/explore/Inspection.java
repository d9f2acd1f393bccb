package org.cnnexplorer.ui.explore;

import org.cnnexplorer.arch.Group;
import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.Num;
import org.cnnexplorer.diagram.Metric;
import org.cnnexplorer.i18n.FormulaWords;
import org.cnnexplorer.i18n.Messages;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** What the inspector shows for a layer or a block: rows of translated label, value and (optional) formula. */
public record Inspection(String title, List<Row> rows) {

    public record Row(String key, String label, String value, String formula) {
    }

    public Row row(String key) {
        return rows.stream().filter(r -> r.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no row " + key));
    }

    public static Inspection of(Network n, String target, Metric metric) {
        if (n.hasLayer(target)) {
            return layer(n, n.layer(target), metric);
        }
        return group(n, n.group(target), metric);
    }

    private static Row row(List<Row> rows, String key, String value) {
        Row r = new Row(key, Messages.get("inspector." + key), value, "");
        rows.add(r);
        return r;
    }

    private static String share(long part, long total) {
        return total == 0 ? "—" : String.format(Locale.ROOT, "%.2f %%", 100.0 * part / total);
    }

    static String compute(Metric metric, long macs) {
        return Num.grouped(metric.of(macs)) + " " + metric.unit() + " (" + Num.human(metric.of(macs)) + ")";
    }

    private static Inspection layer(Network n, Layer l, Metric metric) {
        List<Row> rows = new ArrayList<>();
        row(rows, "id", l.id());
        row(rows, "type", l.type());
        if (!l.spec().hyper().isEmpty()) {
            row(rows, "hyper", FormulaWords.localise(l.spec().hyper()));
        }
        row(rows, "input", l.inputShapes().stream().map(Object::toString).collect(Collectors.joining(", ")));
        row(rows, "output", l.output().toString());
        rows.add(new Row("params", Messages.get("inspector.params"), Num.grouped(l.params()),
                FormulaWords.localise(l.paramsFormula())));
        String macsFormula = FormulaWords.localise(l.macsFormula());
        if (metric == Metric.FLOPS && l.macs() > 0) {
            macsFormula = "2 × (" + macsFormula + ") = " + Num.grouped(metric.of(l.macs()));
        }
        rows.add(new Row("compute", metric.unit(), compute(metric, l.macs()), macsFormula));
        long total = l.aux() ? n.auxParams() : n.params();
        long totalMacs = l.aux() ? n.auxMacs() : n.macs();
        row(rows, "paramsShare", share(l.params(), total));
        row(rows, "computeShare", share(l.macs(), totalMacs));
        long cumParams = 0;
        long cumMacs = 0;
        for (Layer x : n.layers()) {
            if (x.aux() == l.aux()) {
                cumParams += x.params();
                cumMacs += x.macs();
            }
            if (x == l) {
                break;
            }
        }
        row(rows, "cumParams", Num.grouped(cumParams) + " (" + share(cumParams, total) + ")");
        row(rows, "cumCompute", compute(metric, cumMacs) + " (" + share(cumMacs, totalMacs) + ")");
        row(rows, "receptiveField", l.receptiveField() + "×" + l.receptiveField());
        row(rows, "jump", String.valueOf(l.jump()));
        if (l.aux()) {
            row(rows, "aux", Messages.get("inspector.auxValue"));
        }
        if (n.towers() == 2 && !l.output().flat() && !"input".equals(l.type())) {
            row(rows, "towers", Messages.get("inspector.towersValue"));
        }
        return new Inspection(l.id(), rows);
    }

    private static Inspection group(Network n, Group g, Metric metric) {
        List<Row> rows = new ArrayList<>();
        row(rows, "id", g.id());
        String label = FormulaWords.localise(g.label());
        row(rows, "block", label);
        row(rows, "layers", String.valueOf(g.layers().size()));
        Layer first = n.layer(g.layers().get(0));
        Layer last = n.layer(g.layers().get(g.layers().size() - 1));
        row(rows, "input", first.inputShapes().stream().map(Object::toString).collect(Collectors.joining(", ")));
        row(rows, "output", last.output().toString());
        long p = n.groupParams(g);
        long m = n.groupMacs(g);
        boolean aux = first.aux();
        row(rows, "params", Num.grouped(p));
        rows.add(new Row("compute", metric.unit(), compute(metric, m), ""));
        row(rows, "paramsShare", share(p, aux ? n.auxParams() : n.params()));
        row(rows, "computeShare", share(m, aux ? n.auxMacs() : n.macs()));
        long weighted = g.layers().stream().filter(id -> n.layer(id).weighted()).count();
        row(rows, "weighted", String.valueOf(weighted));
        row(rows, "receptiveField", last.receptiveField() + "×" + last.receptiveField());
        row(rows, "jump", String.valueOf(last.jump()));
        // Per-branch costs answer "what does Inception 4a cost, per branch?".
        for (Group child : n.groups()) {
            if (g.id().equals(child.parent())) {
                String name = child.kind() == Group.Kind.BRANCH ? child.id() + " (" + child.label() + ")" : child.id();
                rows.add(new Row("child:" + child.id(), name,
                        Num.human(n.groupParams(child)) + " " + Messages.get("graph.params") + " · "
                                + metric.human(n.groupMacs(child)), ""));
            }
        }
        return new Inspection(label, rows);
    }
}
