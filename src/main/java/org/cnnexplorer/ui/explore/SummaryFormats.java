package org.cnnexplorer.ui.explore;

import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.Num;
import org.cnnexplorer.report.Summaries;

import java.util.Locale;

/** A network's per-layer summary as CSV, Markdown or JSON (the JSON is report.Summaries'). */
public final class SummaryFormats {
    private SummaryFormats() {
    }

    public static String csv(Network n) {
        StringBuilder s = new StringBuilder("id,type,output,params,macs,aux,receptive_field,jump\n");
        for (Layer l : n.layers()) {
            s.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%b,%d,%d%n", l.id(), l.type(),
                    l.output().toString().replace('×', 'x'), l.params(), l.macs(), l.aux(), l.receptiveField(),
                    l.jump()));
        }
        return s.toString();
    }

    public static String markdown(Network n) {
        StringBuilder s = new StringBuilder();
        s.append("# ").append(n.title()).append(" (`").append(n.id()).append("`)\n\n");
        s.append(n.paper()).append("\n\n");
        s.append(String.format(Locale.ROOT, "Input %s · %s params · %s MACs (FLOPs ≈ 2 × MACs) · depth %d%n%n",
                n.input(), Num.grouped(n.params()), Num.grouped(n.macs()), n.depth()));
        s.append("| layer | type | output | params | MACs |\n|---|---|---|---:|---:|\n");
        for (Layer l : n.layers()) {
            s.append(String.format(Locale.ROOT, "| `%s`%s | %s | %s | %s | %s |%n", l.id(), l.aux() ? " (aux)" : "",
                    l.type(), l.output(), Num.grouped(l.params()), Num.grouped(l.macs())));
        }
        return s.toString();
    }

    public static String json(Network n) {
        return Summaries.json(Summaries.toJson(n)) + "\n";
    }

    /** By file extension: csv, md, json. */
    public static String byExtension(Network n, String fileName) {
        String f = fileName.toLowerCase(Locale.ROOT);
        if (f.endsWith(".csv")) {
            return csv(n);
        }
        if (f.endsWith(".md")) {
            return markdown(n);
        }
        if (f.endsWith(".json")) {
            return json(n);
        }
        throw new IllegalArgumentException("unsupported summary format: " + fileName + " (use .csv, .md or .json)");
    }
}
