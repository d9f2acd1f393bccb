package org.cnnexplorer.ui.explore;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.WeakChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ScrollBar;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.input.ZoomEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import org.cnnexplorer.diagram.Diagram;
import org.cnnexplorer.diagram.DiagramPainter;
import org.cnnexplorer.diagram.Palette;
import org.cnnexplorer.ui.HighContrast;
import org.cnnexplorer.ui.UiWords;
import org.jfree.fx.FXGraphics2D;

import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.util.HashSet;
import java.util.Set;

/**
 * The interactive diagram: a canvas repainted by {@link DiagramPainter} through FXGraphics2D for the visible
 * part only, so pan and zoom stay smooth on a fully expanded ResNet-1202. Wheel or pinch zooms, drag pans,
 * scrollbars pan, a minimap shows where the view is in large graphs.
 */
public final class GraphView extends Region {
    public static final String STYLE_CLASS = "graph-view";
    public static final double MIN_SCALE = 0.02;
    public static final double MAX_SCALE = 4;
    private static final double MINIMAP = 180;

    private final MainViewModel vm;
    private final Canvas canvas = new Canvas();
    private final Canvas minimap = new Canvas(MINIMAP, MINIMAP);
    private final ScrollBar hbar = new ScrollBar();
    private final ScrollBar vbar = new ScrollBar();
    private final FXGraphics2D g2;
    private final DoubleProperty scale = new SimpleDoubleProperty(this, "scale", 1);
    private double tx;
    private double ty;
    private double pressX;
    private double pressY;
    private double pressTx;
    private double pressTy;
    private boolean dragged;
    private boolean syncingBars;
    private final FrameStats frames = new FrameStats();

    /** Held here: the property only keeps a weak reference. */
    private final ChangeListener<Boolean> contrastListener = (o, was, is) -> redraw();

    public GraphView(MainViewModel vm) {
        this.vm = vm;
        HighContrast.onProperty().addListener(new WeakChangeListener<>(contrastListener));
        getStyleClass().add(STYLE_CLASS);
        setId("graph");
        setFocusTraversable(true);
        g2 = new FXGraphics2D(canvas.getGraphicsContext2D());
        vbar.setOrientation(Orientation.VERTICAL);
        minimap.getStyleClass().add("minimap");
        getChildren().addAll(canvas, minimap, hbar, vbar);
        initListeners();
    }

    private void initListeners() {
        vm.diagramProperty().addListener((o, a, d) -> {
            if (d != null && (a == null || !a.networkId().equals(d.networkId()))) {
                fitWidth();
            }
            String sel = vm.selectedNodeProperty().get();
            if (sel != null) {
                centreOn(sel);
            }
            redraw();
        });
        vm.selectedNodeProperty().addListener((o, a, b) -> {
            if (b != null && !isVisible(b)) {
                centreOn(b);
            }
            redraw();
        });
        vm.metricProperty().addListener((o, a, b) -> redraw());
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            requestFocus();
            pressX = e.getX();
            pressY = e.getY();
            pressTx = tx;
            pressTy = ty;
            dragged = false;
        });
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            if (Math.abs(e.getX() - pressX) + Math.abs(e.getY() - pressY) > 3) {
                dragged = true;
            }
            tx = pressTx + e.getX() - pressX;
            ty = pressTy + e.getY() - pressY;
            clampAndRedraw();
        });
        canvas.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (!dragged && e.getButton() == MouseButton.PRIMARY) {
                click(e.getX(), e.getY(), e.getClickCount());
            }
        });
        canvas.addEventHandler(ScrollEvent.SCROLL, e -> {
            if (e.isControlDown() || e.isShortcutDown() || !e.isShiftDown()) {
                zoomAt(e.getX(), e.getY(), Math.pow(1.0015, e.getDeltaY()));
            }
            e.consume();
        });
        canvas.addEventHandler(ZoomEvent.ZOOM, e -> zoomAt(e.getX(), e.getY(), e.getZoomFactor()));
        minimap.addEventHandler(MouseEvent.MOUSE_PRESSED, this::minimapJump);
        minimap.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::minimapJump);
        addEventHandler(KeyEvent.KEY_PRESSED, this::key);
        hbar.valueProperty().addListener((o, a, b) -> {
            if (!syncingBars) {
                tx = -b.doubleValue();
                redraw();
            }
        });
        vbar.valueProperty().addListener((o, a, b) -> {
            if (!syncingBars) {
                ty = -b.doubleValue();
                redraw();
            }
        });
    }

    private void key(KeyEvent e) {
        switch (e.getCode()) {
            case PLUS, EQUALS, ADD -> zoomAt(viewW() / 2, viewH() / 2, 1.25);
            case MINUS, SUBTRACT -> zoomAt(viewW() / 2, viewH() / 2, 0.8);
            case DIGIT0, NUMPAD0 -> fit();
            case DOWN -> vm.step(MainViewModel.Step.NEXT);
            case UP -> vm.step(MainViewModel.Step.PREVIOUS);
            case LEFT -> vm.step(MainViewModel.Step.SIBLING_LEFT);
            case RIGHT -> vm.step(MainViewModel.Step.SIBLING_RIGHT);
            case ENTER -> {
                String t = vm.selectedTarget();
                if (t != null && vm.getNetwork().hasGroup(t)) {
                    vm.toggleFold(t);
                }
            }
            default -> {
                return;
            }
        }
        e.consume();
    }

    /** Selects the node under the pointer; a click on a block's header folds it; a double click unfolds. */
    void click(double sx, double sy, int count) {
        Diagram d = vm.getDiagram();
        if (d == null) {
            return;
        }
        double x = (sx - tx) / scale.get();
        double y = (sy - ty) / scale.get();
        for (Diagram.Node n : d.nodes()) {
            if (n.contains(x, y)) {
                if (n.folded() && count == 2) {
                    vm.toggleFold(n.target());
                } else {
                    vm.select(n.id());
                }
                return;
            }
        }
        for (int i = d.boxes().size() - 1; i >= 0; i--) {
            Diagram.Box b = d.boxes().get(i);
            if (DiagramPainter.inBoxHeader(b, x, y)) {
                if (x < b.x() + 18) {
                    vm.toggleFold(b.groupId());
                } else {
                    vm.selectGroup(b.groupId());
                }
                return;
            }
        }
    }

    public DoubleProperty scaleProperty() {
        return scale;
    }

    public FrameStats frameStats() {
        return frames;
    }

    /** Screen position of a diagram point, for tests that click a node. */
    public double[] toScreen(double x, double y) {
        return new double[] {x * scale.get() + tx, y * scale.get() + ty};
    }

    private double viewW() {
        return Math.max(1, getWidth() - vbar.getWidth());
    }

    private double viewH() {
        return Math.max(1, getHeight() - hbar.getHeight());
    }

    public void zoomAt(double sx, double sy, double factor) {
        double s0 = scale.get();
        double s1 = Math.max(MIN_SCALE, Math.min(MAX_SCALE, s0 * factor));
        tx = sx - (sx - tx) * s1 / s0;
        ty = sy - (sy - ty) * s1 / s0;
        scale.set(s1);
        clampAndRedraw();
    }

    /** Pans by a screen distance (the frame-time sweep, keyboard scrolling). */
    public void scrollBy(double dx, double dy) {
        tx += dx;
        ty += dy;
        clampAndRedraw();
    }

    /** The whole diagram in the view. */
    public void fit() {
        Diagram d = vm.getDiagram();
        if (d == null) {
            return;
        }
        double s = Math.max(MIN_SCALE, Math.min(1.5, Math.min(viewW() / d.width(), viewH() / d.height())));
        scale.set(s);
        tx = (viewW() - d.width() * s) / 2;
        ty = (viewH() - d.height() * s) / 2;
        clampAndRedraw();
    }

    /** Readable start: full width up to 100 %, top of the network first. */
    public void fitWidth() {
        Diagram d = vm.getDiagram();
        if (d == null) {
            return;
        }
        double s = Math.max(0.3, Math.min(1, viewW() / d.width()));
        scale.set(s);
        tx = Math.max(0, (viewW() - d.width() * s) / 2);
        ty = 0;
        clampAndRedraw();
    }

    public void centreOn(String nodeId) {
        Diagram d = vm.getDiagram();
        if (d == null) {
            return;
        }
        Diagram.Node n = d.nodesById().get(nodeId);
        if (n != null) {
            tx = viewW() / 2 - n.cx() * scale.get();
            ty = viewH() / 2 - n.cy() * scale.get();
        } else {
            // A block's box: show it from its header down.
            Diagram.Box box = d.boxes().stream().filter(b -> b.groupId().equals(nodeId)).findFirst().orElse(null);
            if (box == null) {
                return;
            }
            tx = viewW() / 2 - (box.x() + box.w() / 2) * scale.get();
            ty = 30 - box.y() * scale.get();
        }
        clampAndRedraw();
    }

    private boolean isVisible(String nodeId) {
        Diagram d = vm.getDiagram();
        Diagram.Node n = d == null ? null : d.nodesById().get(nodeId);
        if (n == null) {
            Diagram.Box box = d == null ? null : d.boxes().stream().filter(b -> b.groupId().equals(nodeId))
                    .findFirst().orElse(null);
            if (box == null) {
                return true;
            }
            double[] h = toScreen(box.x() + 10, box.y() + 10);
            return h[0] >= 0 && h[1] >= 0 && h[0] <= viewW() && h[1] <= viewH();
        }
        double[] a = toScreen(n.x(), n.y());
        double[] b = toScreen(n.x() + n.w(), n.y() + n.h());
        return a[0] >= 0 && a[1] >= 0 && b[0] <= viewW() && b[1] <= viewH();
    }

    /** The visible part of the diagram, in diagram coordinates. */
    public Rectangle2D viewport() {
        double s = scale.get();
        return new Rectangle2D.Double(-tx / s, -ty / s, viewW() / s, viewH() / s);
    }

    private void clampAndRedraw() {
        Diagram d = vm.getDiagram();
        if (d != null) {
            double w = d.width() * scale.get();
            double h = d.height() * scale.get();
            double margin = 60;
            tx = w + 2 * margin < viewW() ? (viewW() - w) / 2 : Math.min(margin, Math.max(viewW() - w - margin, tx));
            ty = h + 2 * margin < viewH() ? Math.max(0, Math.min(ty, viewH() - h))
                    : Math.min(margin, Math.max(viewH() - h - margin, ty));
        }
        redraw();
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        double bw = vbar.prefWidth(-1);
        double bh = hbar.prefHeight(-1);
        canvas.setWidth(Math.max(1, w - bw));
        canvas.setHeight(Math.max(1, h - bh));
        canvas.relocate(0, 0);
        vbar.resizeRelocate(w - bw, 0, bw, h - bh);
        hbar.resizeRelocate(0, h - bh, w - bw, bh);
        minimap.relocate(w - bw - MINIMAP - 10, h - bh - MINIMAP - 10);
        redraw();
    }

    /** Paints the visible part; the time each paint takes is recorded for the frame-time report. */
    public void redraw() {
        long t0 = System.nanoTime();
        GraphicsContext gc = canvas.getGraphicsContext2D();
        Palette p = HighContrast.palette();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        gc.setTransform(1, 0, 0, 1, 0, 0);
        gc.setFill(fx(p.get("background")));
        gc.fillRect(0, 0, w, h);
        Diagram d = vm.getDiagram();
        syncBars(d);
        if (d == null) {
            minimap.setVisible(false);
            return;
        }
        AffineTransform saved = g2.getTransform();
        g2.translate(tx, ty);
        g2.scale(scale.get(), scale.get());
        Set<String> sel = new HashSet<>();
        if (vm.selectedNodeProperty().get() != null) {
            sel.add(vm.selectedNodeProperty().get());
        }
        DiagramPainter.paint(g2, d, p, new DiagramPainter.Options(vm.metricProperty().get(), sel, Set.of(),
                UiWords.current(), (float) HighContrast.scale()), viewport());
        g2.setTransform(saved);
        drawMinimap(d, p);
        frames.record(System.nanoTime() - t0);
    }

    private void syncBars(Diagram d) {
        syncingBars = true;
        double w = d == null ? 0 : d.width() * scale.get();
        double h = d == null ? 0 : d.height() * scale.get();
        hbar.setMin(-60);
        hbar.setMax(Math.max(0, w - viewW() + 60));
        hbar.setVisibleAmount(viewW());
        hbar.setValue(Math.max(hbar.getMin(), Math.min(hbar.getMax(), -tx)));
        vbar.setMin(-60);
        vbar.setMax(Math.max(0, h - viewH() + 60));
        vbar.setVisibleAmount(viewH());
        vbar.setValue(Math.max(vbar.getMin(), Math.min(vbar.getMax(), -ty)));
        syncingBars = false;
    }

    private double minimapScale(Diagram d) {
        return Math.min((MINIMAP - 8) / d.width(), (MINIMAP - 8) / d.height());
    }

    private void drawMinimap(Diagram d, Palette p) {
        boolean large = d.width() * scale.get() > viewW() * 1.05 || d.height() * scale.get() > viewH() * 1.05;
        minimap.setVisible(large);
        if (!large) {
            return;
        }
        GraphicsContext gc = minimap.getGraphicsContext2D();
        gc.setFill(Color.rgb(255, 255, 255, 0.92));
        gc.fillRect(0, 0, MINIMAP, MINIMAP);
        gc.setStroke(fx(p.get("box-stroke")));
        gc.strokeRect(0.5, 0.5, MINIMAP - 1, MINIMAP - 1);
        double s = minimapScale(d);
        double ox = (MINIMAP - d.width() * s) / 2;
        double oy = (MINIMAP - d.height() * s) / 2;
        for (Diagram.Node n : d.nodes()) {
            gc.setFill(fx(p.stroke(n.category())));
            gc.fillRect(ox + n.x() * s, oy + n.y() * s, Math.max(1, n.w() * s), Math.max(1, n.h() * s));
        }
        Rectangle2D v = viewport();
        gc.setStroke(fx(p.get("selection")));
        gc.setLineWidth(2);
        gc.strokeRect(ox + v.getX() * s, oy + v.getY() * s, v.getWidth() * s, v.getHeight() * s);
    }

    private void minimapJump(MouseEvent e) {
        Diagram d = vm.getDiagram();
        if (d == null) {
            return;
        }
        double s = minimapScale(d);
        double x = (e.getX() - (MINIMAP - d.width() * s) / 2) / s;
        double y = (e.getY() - (MINIMAP - d.height() * s) / 2) / s;
        tx = viewW() / 2 - x * scale.get();
        ty = viewH() / 2 - y * scale.get();
        clampAndRedraw();
        e.consume();
    }

    static Color fx(java.awt.Color c) {
        return Color.rgb(c.getRed(), c.getGreen(), c.getBlue());
    }

    /** Paint durations of the graph canvas (pan, zoom, selection), for the frame-time report. */
    public static final class FrameStats {
        private long count;
        private long totalNanos;
        private long maxNanos;

        void record(long nanos) {
            count++;
            totalNanos += nanos;
            maxNanos = Math.max(maxNanos, nanos);
        }

        public long count() {
            return count;
        }

        public double meanMillis() {
            return count == 0 ? 0 : totalNanos / 1e6 / count;
        }

        public double maxMillis() {
            return maxNanos / 1e6;
        }

        public void reset() {
            count = 0;
            totalNanos = 0;
            maxNanos = 0;
        }
    }
}
