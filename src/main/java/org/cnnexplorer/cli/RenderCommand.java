package org.cnnexplorer.cli;

import org.cnnexplorer.arch.Network;
import org.cnnexplorer.diagram.Diagram;
import org.cnnexplorer.diagram.DiagramLayout;
import org.cnnexplorer.diagram.DiagramPainter;
import org.cnnexplorer.diagram.Export;
import org.cnnexplorer.diagram.Folding;
import org.cnnexplorer.diagram.Metric;
import org.cnnexplorer.diagram.Palette;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code render ID --out FILE.png|FILE.svg}: the graph the window shows, drawn without a display. */
@Command(name = "render", description = "Draw a network's layer graph to PNG or SVG (no display needed).")
final class RenderCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "Network id (see 'list').")
    String id;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output file, .png or .svg.")
    Path out;

    @Option(names = "--collapsed", description = "Fold every stage / Inception module into one node.")
    boolean collapsed;

    @Option(names = "--expanded", description = "Expand every block (default: large networks open folded).")
    boolean expanded;

    @Option(names = "--width", paramLabel = "W", description = "Picture width in pixels (default: natural size).")
    int width;

    @Option(names = "--flops", description = "Show FLOPs (2 × MACs) instead of MACs.")
    boolean flops;

    @Override
    public Integer call() {
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".png") && !name.endsWith(".svg")) {
            throw new UserError("--out must end in .png or .svg, got " + out);
        }
        if (width < 0) {
            throw new UserError("--width must be positive, got " + width);
        }
        Network n = CatalogArgs.build(id, null, null);
        Set<String> folded = collapsed ? Folding.collapseAll(n) : expanded ? Set.of() : Folding.defaults(n);
        Diagram d = DiagramLayout.layout(n, folded);
        DiagramPainter.Options o = new DiagramPainter.Options(flops ? Metric.FLOPS : Metric.MACS, Set.of(), Set.of(),
                DiagramPainter.Words.ENGLISH);
        double scale = Export.scaleFor(d, width);
        if (width > 0 && Math.ceil(d.width() * scale) < width) {
            // a picture that long would be too large to open: say so rather than hand back a narrower one silently
            spec.commandLine().getErr().printf(Locale.ROOT, "--width %d would make the picture %d×%d px: drawn "
                    + "smaller, at most %d px a side%n", width, width,
                    (long) Math.ceil(d.height() * width / d.width()), Export.MAX_SIDE);
        }
        try {
            Export.write(out, d, Palette.standard(), o, scale);
        } catch (IOException e) {
            throw new UserError("cannot write " + out + ": " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new UserError("cannot write " + out + ": " + e.getCause().getMessage());
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "%s: %d nodes, %d edges -> %s (%d×%d px)%n", n.id(),
                d.nodes().size(), d.edges().size(), out, (int) Math.ceil(d.width() * scale),
                (int) Math.ceil(d.height() * scale));
        return 0;
    }
}
