package org.cnnexplorer.ui.explore;

import javafx.beans.property.ObjectProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.WeakChangeListener;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseEvent;
import javafx.scene.text.Font;
import org.cnnexplorer.arch.Network;
import org.cnnexplorer.diagram.Diagram;
import org.cnnexplorer.diagram.DiagramPainter;
import org.cnnexplorer.diagram.Metric;
import org.cnnexplorer.diagram.Palette;
import org.cnnexplorer.diagram.ResolutionBands;
import org.cnnexplorer.ui.HighContrast;
import org.cnnexplorer.ui.UiWords;
import org.jfree.fx.FXGraphics2D;

import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The compared networks' graphs in columns, cut into bands by spatial resolution and lined up so that 56×56 sits
 * beside 56×56 in every network; clicking a band selects that resolution everywhere.
 */
final class AlignedGraphs extends Canvas {
    private static final double GAP = 24;
    private static final double LABEL = 64;
    private static final double HEADER = 22;

    private final ObjectProperty<Integer> selected;
    private List<Network> networks = List.of();
    private List<Diagram> diagrams = List.of();
    private List<Map<Integer, ResolutionBands.Band>> bands = List.of();
    private final Map<Integer, double[]> rows = new LinkedHashMap<>();
    private double scale = 0.5;
    private double zoom = 1;
    private BiConsumer<String, String> onLayer = (network, target) -> { };
    private List<Integer> resolutions = List.of();
    static final double MIN_ZOOM = 0.25;
    static final double MAX_ZOOM = 4;
    private static final double LIMIT = 7600;
    private static final double BAND_PAD = 4;

    /** Held here: the property only keeps a weak reference. */
    private final ChangeListener<Boolean> contrastListener = (o, was, is) -> draw();

    AlignedGraphs(ObjectProperty<Integer> selected) {
        this.selected = selected;
        setId("compare-graphs");
        selected.addListener((o, a, b) -> draw());
        HighContrast.onProperty().addListener(new WeakChangeListener<>(contrastListener));
        addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            for (Map.Entry<Integer, double[]> r : rows.entrySet()) {
                if (e.getY() >= r.getValue()[0] && e.getY() < r.getValue()[1]) {
                    selected.set(r.getKey());
                }
            }
            nodeAt(e.getX(), e.getY()).ifPresent(hit -> onLayer.accept(hit[0], hit[1]));
        });
    }

    /** Called with a network id and a layer or block id when a drawn node is clicked. */
    void onLayer(BiConsumer<String, String> action) {
        onLayer = action;
    }

    /** The network and target of the node drawn at canvas point (x, y), if any. */
    Optional<String[]> nodeAt(double x, double y) {
        for (int c = 0; c < diagrams.size(); c++) {
            double dx = (x - left(c)) / scale;
            if (dx < 0 || dx >= diagrams.get(c).width()) {
                continue;
            }
            for (Map.Entry<Integer, ResolutionBands.Band> b : bands.get(c).entrySet()) {
                // canvas to diagram coordinates, the inverse of draw()'s mapping
                double dy = (y - top(b.getKey())) / scale + b.getValue().y0();
                if (dy < b.getValue().y0() || dy >= b.getValue().y1()) {
                    continue;
                }
                for (Diagram.Node n : diagrams.get(c).nodes()) {
                    if (dx >= n.x() && dx <= n.x() + n.w() && dy >= n.y() && dy <= n.y() + n.h()) {
                        return Optional.of(new String[] {networks.get(c).id(), n.target()});
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Where the middle of {@code target}'s node in network {@code column} is drawn (for tests). */
    Optional<double[]> centreOf(int column, String target) {
        for (Diagram.Node n : diagrams.get(column).nodes()) {
            double cy = n.y() + n.h() / 2;
            for (Map.Entry<Integer, ResolutionBands.Band> b : bands.get(column).entrySet()) {
                if (n.target().equals(target) && cy >= b.getValue().y0() && cy < b.getValue().y1()) {
                    return Optional.of(new double[] {left(column) + n.cx() * scale,
                            top(b.getKey()) + (cy - b.getValue().y0()) * scale});
                }
            }
        }
        return Optional.empty();
    }

    /** Where network {@code column}'s graph starts on the canvas. */
    private double left(int column) {
        double x = LABEL;
        for (int c = 0; c < column; c++) {
            x += diagrams.get(c).width() * scale + GAP;
        }
        return x;
    }

    /** Where the graphs' part at {@code resolution} starts on the canvas, below its band's top edge. */
    private double top(int resolution) {
        return rows.get(resolution)[0] + BAND_PAD;
    }

    void show(List<Network> nets, List<Diagram> ds) {
        networks = List.copyOf(nets);
        diagrams = List.copyOf(ds);
        List<Map<Integer, ResolutionBands.Band>> bs = new ArrayList<>();
        for (int i = 0; i < nets.size(); i++) {
            bs.add(ResolutionBands.of(nets.get(i), ds.get(i)));
        }
        bands = bs;
        TreeSet<Integer> all = new TreeSet<>((a, b) -> Integer.compare(b == 0 ? -1 : b, a == 0 ? -1 : a));
        bs.forEach(m -> all.addAll(m.keySet()));
        resolutions = List.copyOf(all);
        layoutRows();
    }

    /** Zooms by {@code factor} (1.25 a step), between a quarter and four times the opening size. */
    void zoomBy(double factor) {
        zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, zoom * factor));
        layoutRows();
    }

    void resetZoom() {
        zoom = 1;
        layoutRows();
    }

    /** Diagram units to pixels now. */
    double scale() {
        return scale;
    }

    private void layoutRows() {
        double natural = 0;
        for (int r : resolutions) {
            natural += bandHeight(r);
        }
        double wide = 0;
        for (Diagram d : diagrams) {
            wide += d.width();
        }
        // A canvas larger than ~8k pixels cannot be drawn: tall or wide comparisons are shown smaller and zoom in
        // no further.
        double across = LIMIT - LABEL - GAP * diagrams.size();
        double down = LIMIT - HEADER - 8 - 8 * resolutions.size();
        scale = Math.min(0.5 * zoom, Math.min(down / Math.max(1, natural), across / Math.max(1, wide)));
        rows.clear();
        double y = HEADER;
        for (int r : resolutions) {
            double h = bandHeight(r) * scale + 8;
            rows.put(r, new double[] {y, y + h});
            y += h;
        }
        setWidth(LABEL + wide * scale + GAP * diagrams.size());
        setHeight(y + 8);
        draw();
    }

    private double bandHeight(int resolution) {
        return bands.stream().mapToDouble(m -> m.containsKey(resolution) ? m.get(resolution).height() : 0).max()
                .orElse(0);
    }

    private void draw() {
        GraphicsContext gc = getGraphicsContext2D();
        Palette p = HighContrast.palette();
        gc.setTransform(1, 0, 0, 1, 0, 0);
        gc.setFill(GraphView.fx(p.get("background")));
        gc.fillRect(0, 0, getWidth(), getHeight());
        gc.setFont(Font.font(12));
        int i = 0;
        for (Map.Entry<Integer, double[]> r : rows.entrySet()) {
            double[] yy = r.getValue();
            boolean sel = r.getKey().equals(selected.get());
            gc.setFill(GraphView.fx(sel ? p.get("highlight") : i++ % 2 == 0 ? p.get("box") : p.get("background")));
            gc.fillRect(0, yy[0], getWidth(), yy[1] - yy[0]);
            gc.setFill(GraphView.fx(p.get("text")));
            gc.fillText(r.getKey() == 0 ? "fc" : r.getKey() + "×" + r.getKey(), 6, yy[0] + 16);
        }
        FXGraphics2D g2 = new FXGraphics2D(gc);
        for (int c = 0; c < diagrams.size(); c++) {
            Diagram d = diagrams.get(c);
            double x = left(c);
            gc.setFill(GraphView.fx(p.get("text")));
            gc.fillText(networks.get(c).id(), x + 4, 15);
            for (Map.Entry<Integer, ResolutionBands.Band> b : bands.get(c).entrySet()) {
                ResolutionBands.Band band = b.getValue();
                AffineTransform saved = g2.getTransform();
                Shape savedClip = g2.getClip();
                g2.translate(x, top(b.getKey()));
                g2.scale(scale, scale);
                g2.translate(0, -band.y0());
                Rectangle2D clip = new Rectangle2D.Double(0, band.y0(), d.width(), band.height());
                g2.clip(clip);
                DiagramPainter.paint(g2, d, p, new DiagramPainter.Options(Metric.MACS, Set.of(),
                        Set.of(), UiWords.current(), (float) HighContrast.scale()), clip);
                g2.setTransform(saved);
                g2.setClip(savedClip);
            }
        }
    }
}
