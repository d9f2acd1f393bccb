package org.cnnexplorer.ui.explore;

import org.cnnexplorer.arch.Network;
import org.cnnexplorer.i18n.Messages;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** 2–4 networks side by side: their totals and paper errors, and their layers aligned by spatial resolution. */
public record Comparison(List<Network> networks, List<Integer> resolutions) {

    /** The "ResNet-18 … 152" preset: one network per depth of the paper's Tables 2 and 3. */
    public static final List<String> RESNET_PRESET = List.of("resnet18", "resnet34", "resnet50", "resnet152");

    /** {@code ensemble}: the errors are of several models together, not of this network (the setting says which). */
    public record Row(String id, long params, long macs, int depth, Double top1, Double top5, boolean ensemble,
                      String setting) {
        /** The network's name next to its paper's errors: marked when they are an ensemble's, not its own. */
        public String errorLabel() {
            return ensemble ? Messages.get("compare.ensembleOf", id) : id;
        }
    }

    public static Comparison of(List<Network> networks) {
        if (networks.size() < 2 || networks.size() > 4) {
            throw new IllegalArgumentException("compare 2 to 4 networks, got " + networks.size());
        }
        TreeSet<Integer> sizes = new TreeSet<>((a, b) -> Integer.compare(b == 0 ? -1 : b, a == 0 ? -1 : a));
        for (Network n : networks) {
            Breakdown.perResolution(n).forEach(r -> sizes.add(r.size()));
        }
        return new Comparison(List.copyOf(networks), List.copyOf(sizes));
    }

    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Network n : networks) {
            Optional<PaperResults.Result> r = PaperResults.headline(n.id());
            rows.add(new Row(n.id(), n.params(), n.macs(), n.depth(), r.map(PaperResults.Result::top1).orElse(null),
                    r.map(PaperResults.Result::top5).orElse(null), r.map(PaperResults.Result::ensemble).orElse(false),
                    r.map(PaperResults.Result::setting).orElse("")));
        }
        return rows;
    }

    /** The layers of {@code n} whose output has this spatial size, if any. */
    public Optional<Breakdown.Resolution> cell(Network n, int size) {
        return Breakdown.perResolution(n).stream().filter(r -> r.size() == size).findFirst();
    }
}
