package org.cnnexplorer.diagram;

import org.cnnexplorer.arch.Group;
import org.cnnexplorer.arch.Num;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Paints a {@link Diagram} with Java2D. The same code draws the interactive view (through FXGraphics2D on a
 * JavaFX canvas), PNG export (BufferedImage) and SVG export (JFreeSVG), so what is exported is what is shown.
 */
public final class DiagramPainter {
    private static Stroke thin(Options o) {
        return new BasicStroke(o.stroke());
    }

    private static Stroke skip(Options o) {
        return new BasicStroke(2.2f * o.stroke(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    private static Stroke dashed(Options o) {
        return new BasicStroke(1.2f * o.stroke(), BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {5f * o.stroke(), 4f * o.stroke()}, 0f);
    }

    /**
     * @param selected    node ids drawn with the selection outline
     * @param highlighted node ids drawn on a highlight (search hits, same resolution in the compare view)
     * @param words       translated words the picture needs
     * @param stroke      factor on every line width (the high-contrast theme draws heavier lines)
     */
    public record Options(Metric metric, Set<String> selected, Set<String> highlighted, Words words, float stroke) {
        public Options(Metric metric, Set<String> selected, Set<String> highlighted, Words words) {
            this(metric, selected, highlighted, words, 1f);
        }

        public static Options plain(Words words) {
            return new Options(Metric.MACS, Set.of(), Set.of(), words);
        }
    }

    /**
     * Words drawn inside the picture ("params", "training only"), the font family that can show them (Korean needs a
     * CJK font such as Noto Sans CJK KR; the logical SansSerif is enough for English), and {@code detail}, which puts
     * the catalog's own English (node details, block labels, folded blocks' titles) into the same language.
     */
    public record Words(String params, String trainingOnly, String projection, String fontFamily,
                        UnaryOperator<String> detail) {
        public static final Words ENGLISH = new Words("params", "training only", "projection shortcut",
                Font.SANS_SERIF);

        /** Words whose node details (the catalog's "4096 units", "pad 1") are drawn as they are. */
        public Words(String params, String trainingOnly, String projection, String fontFamily) {
            this(params, trainingOnly, projection, fontFamily, UnaryOperator.identity());
        }
    }

    private static Font font(Options o, int style, int size) {
        return new Font(o.words().fontFamily(), style, size);
    }

    private DiagramPainter() {
    }

    /** Paints everything that intersects {@code clip} (diagram coordinates; {@code null} = all). */
    public static void paint(Graphics2D g, Diagram d, Palette p, Options o, Rectangle2D clip) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        Rectangle2D view = clip == null ? new Rectangle2D.Double(0, 0, d.width(), d.height()) : clip;
        for (Diagram.Lane lane : d.lanes()) {
            if (view.intersects(lane.x(), lane.y(), lane.w(), lane.h())) {
                g.setColor(p.get("lane"));
                g.fill(new RoundRectangle2D.Double(lane.x(), lane.y(), lane.w(), lane.h(), 14, 14));
                g.setColor(p.get("lane-stroke"));
                g.setStroke(thin(o));
                g.draw(new RoundRectangle2D.Double(lane.x(), lane.y(), lane.w(), lane.h(), 14, 14));
                g.setFont(font(o, Font.BOLD, 14));
                g.drawString(lane.label(), (float) lane.x() + 8, (float) lane.y() + 17);
            }
        }
        for (Diagram.Box b : d.boxes()) {
            if (view.intersects(b.x(), b.y(), b.w(), b.h())) {
                paintBox(g, b, p, o);
            }
        }
        for (Diagram.Edge e : d.edges()) {
            if (intersects(view, e)) {
                paintEdge(g, e, p, o);
            }
        }
        for (Diagram.Node n : d.nodes()) {
            if (view.intersects(n.x() - 4, n.y() - 4, n.w() + 8, n.h() + 8)) {
                paintNode(g, n, p, o);
            }
        }
    }

    private static boolean intersects(Rectangle2D view, Diagram.Edge e) {
        double x0 = Double.MAX_VALUE;
        double y0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double y1 = -Double.MAX_VALUE;
        for (Diagram.Point pt : e.points()) {
            x0 = Math.min(x0, pt.x());
            y0 = Math.min(y0, pt.y());
            x1 = Math.max(x1, pt.x());
            y1 = Math.max(y1, pt.y());
        }
        return view.intersects(x0 - 2, y0 - 2, x1 - x0 + 4 + e.labelW(), y1 - y0 + 4);
    }

    private static void paintBox(Graphics2D g, Diagram.Box b, Palette p, Options o) {
        boolean aux = b.kind() == Group.Kind.AUX_HEAD;
        Color fill = aux ? p.get("box-aux") : b.kind() == Group.Kind.INCEPTION ? p.get("box-inception") : p.get("box");
        RoundRectangle2D r = new RoundRectangle2D.Double(b.x(), b.y(), b.w(), b.h(), 10, 10);
        g.setColor(o.highlighted().contains(b.groupId()) ? p.get("highlight") : fill);
        g.fill(r);
        g.setColor(o.selected().contains(b.groupId()) ? p.get("selection") : aux ? p.get("aux") : p.get("box-stroke"));
        g.setStroke(o.selected().contains(b.groupId()) ? skip(o) : aux ? dashed(o) : thin(o));
        g.draw(r);
        g.setColor(p.get("text"));
        boolean branch = b.kind() == Group.Kind.BRANCH;
        g.setFont(font(o, branch ? Font.PLAIN : Font.BOLD, branch ? 9 : 11));
        String label = "▾ " + o.words().detail().apply(b.label());
        if (aux && !label.contains(o.words().trainingOnly())) {
            label += "  (" + o.words().trainingOnly() + ")";
        }
        g.drawString(fit(g, label, b.w() - 12), (float) b.x() + 6, (float) b.y() + 15);
    }

    /** Where a box's fold toggle is: its header line. */
    public static boolean inBoxHeader(Diagram.Box b, double x, double y) {
        return x >= b.x() && x <= b.x() + b.w() && y >= b.y() && y <= b.y() + 20;
    }

    private static void paintEdge(Graphics2D g, Diagram.Edge e, Palette p, Options o) {
        List<Diagram.Point> pts = e.points();
        if (pts.size() < 2) {
            return;
        }
        Color c = switch (e.kind()) {
            case SKIP -> p.get("skip");
            case AUX -> p.get("aux");
            case MAIN -> p.get("edge");
        };
        g.setColor(c);
        g.setStroke(switch (e.kind()) {
            case SKIP -> skip(o);
            case AUX -> dashed(o);
            case MAIN -> thin(o);
        });
        Path2D path = new Path2D.Double();
        path.moveTo(pts.get(0).x(), pts.get(0).y());
        for (int i = 1; i < pts.size(); i++) {
            path.lineTo(pts.get(i).x(), pts.get(i).y());
        }
        g.draw(path);
        Diagram.Point a = pts.get(pts.size() - 2);
        Diagram.Point b = pts.get(pts.size() - 1);
        double ang = Math.atan2(b.y() - a.y(), b.x() - a.x());
        Path2D head = new Path2D.Double();
        head.moveTo(b.x(), b.y());
        head.lineTo(b.x() - 7 * Math.cos(ang - 0.4), b.y() - 7 * Math.sin(ang - 0.4));
        head.lineTo(b.x() - 7 * Math.cos(ang + 0.4), b.y() - 7 * Math.sin(ang + 0.4));
        head.closePath();
        g.setStroke(thin(o));
        g.fill(head);
        g.setFont(font(o, Font.PLAIN, 9));
        g.setColor(e.kind() == Diagram.EdgeKind.SKIP ? c : p.get("muted"));
        String label = e.projection() ? o.words().projection() + " · " + e.label() : e.label();
        g.drawString(label, (float) e.labelX(), (float) (e.labelY() + e.labelH() - 2));
    }

    private static void paintNode(Graphics2D g, Diagram.Node n, Palette p, Options o) {
        boolean selected = o.selected().contains(n.id()) || o.selected().contains(n.target());
        RoundRectangle2D r = new RoundRectangle2D.Double(n.x(), n.y(), n.w(), n.h(), 8, 8);
        if (n.folded()) {
            // A stack of cards: this node stands for many layers.
            g.setColor(p.stroke(n.category()));
            g.setStroke(thin(o));
            g.draw(new RoundRectangle2D.Double(n.x() + 4, n.y() + 4, n.w(), n.h(), 8, 8));
        }
        g.setColor(o.highlighted().contains(n.id()) || o.highlighted().contains(n.target())
                ? p.get("highlight") : p.fill(n.category()));
        g.fill(r);
        g.setColor(selected ? p.get("selection") : p.stroke(n.category()));
        g.setStroke(selected ? new BasicStroke(3f * o.stroke()) : n.aux() ? dashed(o) : thin(o));
        g.draw(r);
        double x = n.x() + DiagramLayout.PAD;
        double y = n.y() + DiagramLayout.PAD + 10;
        double w = n.w() - 2 * DiagramLayout.PAD;
        g.setColor(p.get("text"));
        g.setFont(font(o, Font.BOLD, 11));
        g.drawString(fit(g, (n.folded() ? "▸ " : "") + o.words().detail().apply(n.title()), w), (float) x, (float) y);
        g.setFont(font(o, Font.PLAIN, 10));
        g.setColor(p.get("muted"));
        g.drawString(fit(g, o.words().detail().apply(n.detail()), w), (float) x, (float) (y + DiagramLayout.LINE));
        if (n.h() > 2 * DiagramLayout.LINE + 2 * DiagramLayout.PAD + 1) {
            g.setColor(p.get("text"));
            String counts = Num.human(n.params()) + " " + o.words().params() + " · " + o.metric().human(n.macs());
            g.drawString(fit(g, counts, w), (float) x, (float) (y + 2 * DiagramLayout.LINE));
        }
    }

    private static String fit(Graphics2D g, String s, double width) {
        if (g.getFontMetrics().stringWidth(s) <= width) {
            return s;
        }
        String t = s;
        while (t.length() > 1 && g.getFontMetrics().stringWidth(t + "…") > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "…";
    }
}
