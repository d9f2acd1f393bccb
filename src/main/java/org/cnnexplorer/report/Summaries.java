package org.cnnexplorer.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.cnnexplorer.arch.Layer;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.arch.Num;
import org.cnnexplorer.arch.zoo.Catalog;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/** A network's summary as JSON, Markdown, CSV or a torchinfo-like text table. */
public final class Summaries {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Summaries() {
    }

    @JsonPropertyOrder({"id", "title", "paper", "input", "classes", "params", "macs", "auxParams", "auxMacs", "layers"})
    public record NetworkJson(String id, String title, String paper, List<Integer> input, int classes, long params,
                              long macs, long auxParams, long auxMacs, List<LayerJson> layers) {
    }

    @JsonPropertyOrder({"name", "type", "inputs", "output", "params", "macs", "aux"})
    public record LayerJson(String name, String type, List<String> inputs, List<Integer> output, long params,
                            long macs, boolean aux) {
    }

    @JsonPropertyOrder({"id", "family", "title", "input", "classes", "params", "macs", "depth"})
    public record EntryJson(String id, String family, String title, List<Integer> input, int classes, long params,
                            long macs, int depth) {
    }

    public static NetworkJson toJson(Network n) {
        List<LayerJson> layers = n.layers().stream().map(l -> new LayerJson(l.id(), l.type(), l.inputs(),
                l.output().dims(), l.params(), l.macs(), l.aux())).toList();
        return new NetworkJson(n.id(), n.title(), n.paper(), n.input().dims(), n.classes(), n.params(), n.macs(),
                n.auxParams(), n.auxMacs(), layers);
    }

    public static EntryJson toJson(Catalog.Entry e, Network n) {
        return new EntryJson(e.id(), e.family().name().toLowerCase(Locale.ROOT), e.title(), n.input().dims(),
                n.classes(), n.params(), n.macs(), n.depth());
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The torchinfo-like table: one row per layer, then totals with their units spelled out. */
    public static String table(Network n, boolean formulas) {
        int idWidth = Math.max(24, n.layers().stream().mapToInt(l -> l.id().length()).max().orElse(0) + 2);
        String row = "%-" + idWidth + "s %-8s %-14s %14s %16s %9s%n";
        StringBuilder s = new StringBuilder();
        s.append(n.title()).append(" [").append(n.id()).append("], input ").append(n.input()).append(", ")
                .append(n.classes()).append(" classes\n").append(n.paper()).append("\n\n");
        String header = String.format(Locale.ROOT, row, "Layer (id)", "Type", "Output shape", "Params", "MACs",
                "RF/jump");
        s.append(header).append("=".repeat(header.length() - 1)).append('\n');
        for (Layer l : n.layers()) {
            s.append(String.format(Locale.ROOT, row, l.id() + (l.aux() ? " *" : ""), l.type(), l.output(),
                    Num.grouped(l.params()), Num.grouped(l.macs()), l.receptiveField() + "/" + l.jump()));
            if (formulas && (l.params() > 0 || l.macs() > 0)) {
                s.append("    params = ").append(l.paramsFormula()).append('\n');
                if (l.macs() > 0) {
                    s.append("    MACs   = ").append(l.macsFormula()).append('\n');
                }
            }
        }
        s.append("=".repeat(header.length() - 1)).append('\n');
        s.append(String.format(Locale.ROOT, "Total params: %s (%s)%n", Num.grouped(n.params()), Num.human(n.params())));
        s.append(String.format(Locale.ROOT,
                "Total MACs (multiply-accumulates of conv and fc layers, one image): %s (%s); FLOPs ≈ 2 × MACs = %s%n",
                Num.grouped(n.macs()), Num.human(n.macs()), Num.human(2.0 * n.macs())));
        s.append(String.format(Locale.ROOT, "Depth (conv and fc layers on the inference path): %d%n", n.depth()));
        if (n.auxParams() > 0) {
            s.append(String.format(Locale.ROOT,
                    "* auxiliary heads (training only, not in the totals): params %s, MACs %s%n",
                    Num.grouped(n.auxParams()), Num.grouped(n.auxMacs())));
        }
        return s.toString();
    }
}
