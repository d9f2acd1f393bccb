package org.cnnexplorer.cli;

import org.cnnexplorer.arch.Network;
import org.cnnexplorer.diagram.Diagram;
import org.cnnexplorer.diagram.DiagramLayout;
import org.cnnexplorer.diagram.DiagramPainter;
import org.cnnexplorer.diagram.Export;
import org.cnnexplorer.diagram.Folding;
import org.cnnexplorer.diagram.Palette;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/** Layout and paint times per network: the speed goals of the graph view, measured outside unit tests. */
@Command(name = "bench-ui", description = "Time graph layout (ELK) and painting per network, folded and expanded.")
final class BenchUiCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "ID",
            description = "Network ids (default: one of each family and the largest).")
    List<String> ids;

    @Option(names = "--repeat", paramLabel = "N",
            description = "Timed runs after one warm-up (default: ${DEFAULT-VALUE}).")
    int repeat = 3;

    @Override
    public Integer call() {
        if (repeat <= 0) {
            throw new UserError("--repeat must be positive, got " + repeat);
        }
        List<String> which = ids == null || ids.isEmpty()
                ? List.of("alexnet", "vgg16", "googlenet", "resnet34", "resnet50", "resnet152", "resnet1202") : ids;
        PrintWriter out = spec.commandLine().getOut();
        String row = "%-12s %-9s %6s %6s %11s %13s %13s%n";
        out.printf(Locale.ROOT, row, "ID", "FOLD", "NODES", "EDGES", "LAYOUT ms", "PAINT-ALL ms", "PAINT-VIEW ms");
        for (String id : which) {
            Network n = CatalogArgs.build(id, null, null);
            for (boolean folded : new boolean[] {true, false}) {
                Set<String> f = folded ? Folding.collapseAll(n) : Set.of();
                Diagram d = DiagramLayout.layout(n, f);
                double layout = 0;
                double all = 0;
                double view = 0;
                for (int i = 0; i < repeat; i++) {
                    long t0 = System.nanoTime();
                    d = DiagramLayout.layout(n, f);
                    long t1 = System.nanoTime();
                    BufferedImage whole = Export.image(d, Palette.standard(),
                            DiagramPainter.Options.plain(DiagramPainter.Words.ENGLISH), Export.scaleFor(d, 0));
                    long t2 = System.nanoTime();
                    // One 1600×1000 screen of the diagram, as the window repaints it on pan/zoom.
                    BufferedImage screen = new BufferedImage(1600, 1000, BufferedImage.TYPE_INT_RGB);
                    Graphics2D g = screen.createGraphics();
                    DiagramPainter.paint(g, d, Palette.standard(),
                            DiagramPainter.Options.plain(DiagramPainter.Words.ENGLISH),
                            new Rectangle2D.Double(0, d.height() / 2, 1600, 1000));
                    g.dispose();
                    long t3 = System.nanoTime();
                    layout += (t1 - t0) / 1e6;
                    all += (t2 - t1) / 1e6;
                    view += (t3 - t2) / 1e6;
                    whole.flush();
                }
                out.printf(Locale.ROOT, row, id, folded ? "folded" : "expanded", d.nodes().size(), d.edges().size(),
                        String.format(Locale.ROOT, "%.1f", layout / repeat),
                        String.format(Locale.ROOT, "%.1f", all / repeat),
                        String.format(Locale.ROOT, "%.1f", view / repeat));
            }
        }
        out.println("LAYOUT = Eclipse ELK layered; PAINT-ALL = whole diagram to a PNG image (Java2D, capped at "
                + Export.MAX_SIDE + " px); PAINT-VIEW = one 1600×1000 viewport.");
        return 0;
    }
}
