package org.cnnexplorer.ui.explore;

import org.cnnexplorer.diagram.Diagram;
import org.cnnexplorer.diagram.DiagramPainter;
import org.cnnexplorer.diagram.Export;
import org.cnnexplorer.diagram.Palette;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.ui.HighContrast;
import org.cnnexplorer.ui.UiWords;
import org.jfree.svg.SVGGraphics2D;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;

/** The export menu's actions; every file is written atomically, failures end up in the status line. */
public final class Exporter {
    private final MainViewModel vm;
    private final GraphView graph;
    private final SummaryView summary;

    Exporter(MainViewModel vm, GraphView graph, SummaryView summary) {
        this.vm = vm;
        this.graph = graph;
        this.summary = summary;
    }

    interface Action {
        void run(Path file) throws Exception;
    }

    void run(Path file, Action action) {
        try {
            action.run(file);
            vm.report(Messages.get("status.exported", file.toString()));
        } catch (Exception e) {
            String reason = String.valueOf(e.getMessage());
            vm.report(Messages.get("status.exportFailed", file.getFileName().toString(), reason));
        }
    }

    private DiagramPainter.Options options() {
        String sel = vm.selectedNodeProperty().get();
        return new DiagramPainter.Options(vm.metricProperty().get(), sel == null ? Set.of() : Set.of(sel), Set.of(),
                UiWords.current(), (float) HighContrast.scale());
    }

    private Diagram diagram() {
        Diagram d = vm.getDiagram();
        if (d == null) {
            throw new IllegalStateException(Messages.get("status.nothingToExport"));
        }
        return d;
    }

    /** Exactly the part of the graph on screen, at the screen's zoom. */
    public void graphShown(Path file) throws Exception {
        Diagram d = diagram();
        Rectangle2D v = graph.viewport();
        double s = graph.scaleProperty().get();
        int w = (int) Math.round(v.getWidth() * s);
        int h = (int) Math.round(v.getHeight() * s);
        Palette p = HighContrast.palette();
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
            SVGGraphics2D g = new SVGGraphics2D(w, h);
            paintView(g, d, p, v, s, w, h);
            Export.atomically(file, g.getSVGDocument());
            return;
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        paintView(g, d, p, v, s, w, h);
        g.dispose();
        Export.atomically(file, out -> ImageIO.write(img, "png", out));
    }

    private void paintView(Graphics2D g, Diagram d, Palette p, Rectangle2D v, double s, int w, int h) {
        g.setColor(p.get("background"));
        g.fillRect(0, 0, w, h);
        g.scale(s, s);
        g.translate(-v.getX(), -v.getY());
        DiagramPainter.paint(g, d, p, options(), v);
    }

    /** The whole graph at 100 % (scaled down when it would exceed {@link Export#MAX_SIDE}). */
    public void graphWhole(Path file) throws Exception {
        Diagram d = diagram();
        Export.write(file, d, HighContrast.palette(), options(), Export.scaleFor(d, 0));
    }

    public void charts(Path file) throws Exception {
        BufferedImage img = summary.chartsImage(1200, 900);
        Export.atomically(file, out -> ImageIO.write(img, "png", out));
    }

    public void summary(Path file) throws Exception {
        if (vm.getNetwork() == null) {
            throw new IllegalStateException(Messages.get("status.nothingToExport"));
        }
        Export.atomically(file, SummaryFormats.byExtension(vm.getNetwork(), file.getFileName().toString()));
    }
}
