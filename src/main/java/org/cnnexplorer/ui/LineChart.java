package org.cnnexplorer.ui;

import javafx.beans.value.ChangeListener;
import javafx.beans.value.WeakChangeListener;
import javafx.scene.control.MenuItem;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.io.AtomicFiles;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYDifferenceRenderer;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.imageio.ImageIO;

/**
 * A line chart as the live tabs draw them: a JFreeChart XY plot on white with a light grid, titles and legend in the
 * language's font ({@link ChartFonts}), one line per key fed from a growing list of points ({@link ThinnedSeries}, so
 * a curve never holds more than a chart can show), and each line's colour and stroke kept with it whatever the
 * order of the dataset. Its context menu saves the picture (PNG) and the points (CSV), both written atomically.
 * Lives on the FX thread.
 */
public final class LineChart {
    public static final BasicStroke SOLID = new BasicStroke(1.6f);
    public static final BasicStroke DASHED = new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {5f, 4f}, 0f);
    /** Colours for lines told apart by number (runs of the Train tab). */
    public static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e), new Color(0x17becf), new Color(0x8c564b), new Color(0xe377c2)};
    /** The smallest picture a PNG export makes, whatever the size on screen. */
    public static final int MIN_EXPORT_WIDTH = 800;
    static final int MIN_EXPORT_HEIGHT = 560;

    private final XYSeriesCollection data = new XYSeriesCollection();
    private final JFreeChart chart;
    private final ChartViewer viewer;
    private final String fileStem;
    private final Map<Object, Line> lines = new LinkedHashMap<>();
    /**
     * Projector mode scales the text and the lines, the high-contrast theme the lines (held here: the properties only
     * keep a weak reference).
     */
    private final ChangeListener<Boolean> projectorListener = (o, was, is) -> {
        fonts();
        restyle();
    };
    private Consumer<String> report = s -> { };
    private int legendLimit = Integer.MAX_VALUE;

    /** One curve: what it shows, where its points come from, and how it is drawn. */
    private static final class Line {
        final ThinnedSeries shown;
        List<double[]> source = List.of();
        Paint paint;
        Stroke stroke;
        boolean shapes;

        Line(ThinnedSeries shown) {
            this.shown = shown;
        }
    }

    /**
     * @param id     the viewer's node id (also the stem of exported file names)
     * @param shapes whether every point gets a marker (epoch values) or only the line is drawn (steps)
     */
    public LineChart(String id, String title, String xLabel, String yLabel, boolean shapes) {
        this.fileStem = id;
        chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false,
                false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, shapes);
        r.setDefaultStroke(SOLID);
        r.setAutoPopulateSeriesStroke(false);
        // One path per series instead of one stroke per segment: several times cheaper on the FX thread.
        r.setDrawSeriesLineAsPath(true);
        plot.setRenderer(r);
        yAxis().setAutoRangeIncludesZero(false);
        fonts();
        Projector.onProperty().addListener(new WeakChangeListener<>(projectorListener));
        HighContrast.onProperty().addListener(new WeakChangeListener<>(projectorListener));
        chart.setBackgroundPaint(Color.WHITE);
        viewer = new ChartViewer(chart);
        viewer.setId(id);
        viewer.setMinSize(200, 150);
        viewer.setPrefSize(400, 300);
        // JFreeChart's own menu saves through plain file writes, with English labels: ours replaces it.
        viewer.getContextMenu().getItems().setAll(
                menuItem("chart.savePng", () -> choose("png").ifPresent(f -> save(f, this::savePng))),
                menuItem("chart.saveCsv", () -> choose("csv").ifPresent(f -> save(f, this::saveCsv))));
    }

    /** Title, axis and legend fonts in the language's family, larger in projector mode. */
    private void fonts() {
        float k = (float) Projector.scale();
        Font base = new Font(ChartFonts.family(), Font.PLAIN, 11).deriveFont(11f * k);
        chart.getTitle().setFont(base.deriveFont(Font.BOLD, 13f * k));
        plot().getDomainAxis().setLabelFont(base);
        yAxis().setLabelFont(base);
        plot().getDomainAxis().setTickLabelFont(base.deriveFont(10f * k));
        yAxis().setTickLabelFont(base.deriveFont(10f * k));
        chart.getLegend().setItemFont(base.deriveFont(10f * k));
    }

    /** {@code stroke} widened for projector mode and high contrast (dashes too, so the pattern keeps its look). */
    private static Stroke scaled(Stroke stroke) {
        float k = (float) (Projector.scale() * HighContrast.scale());
        if (k == 1f || !(stroke instanceof BasicStroke b)) {
            return stroke;
        }
        float[] dash = b.getDashArray();
        if (dash != null) {
            dash = dash.clone();
            for (int i = 0; i < dash.length; i++) {
                dash[i] *= k;
            }
        }
        return new BasicStroke(b.getLineWidth() * k, b.getEndCap(), b.getLineJoin(), b.getMiterLimit(), dash,
                b.getDashPhase() * k);
    }

    public ChartViewer viewer() {
        return viewer;
    }

    JFreeChart chart() {
        return chart;
    }

    public XYPlot plot() {
        return chart.getXYPlot();
    }

    public NumberAxis xAxis() {
        return (NumberAxis) plot().getDomainAxis();
    }

    public NumberAxis yAxis() {
        return (NumberAxis) plot().getRangeAxis();
    }

    /**
     * A logarithmic value axis in place of the linear one, or back, keeping label, fonts and range. Values at or below
     * zero are left out of a log axis's drawing instead of failing.
     */
    public void logScale(boolean log) {
        NumberAxis old = yAxis();
        if ((old instanceof LogarithmicAxis) == log) {
            return;
        }
        NumberAxis axis;
        if (log) {
            LogarithmicAxis l = new LogarithmicAxis(old.getLabel());
            l.setStrictValuesFlag(false);
            l.setExpTickLabelsFlag(false);
            axis = l;
        } else {
            axis = new NumberAxis(old.getLabel());
        }
        axis.setLabelFont(old.getLabelFont());
        axis.setTickLabelFont(old.getTickLabelFont());
        axis.setAutoRangeIncludesZero(false);
        axis.setAutoRange(old.isAutoRange());
        plot().setRangeAxis(axis);
    }

    public void setTitle(String title) {
        chart.setTitle(title);
        fonts();
    }

    /**
     * Shades the area between two lines under the chart's own lines: {@code fill} where {@code upper} lies above
     * {@code lower}, {@code otherFill} where below; both null take the shading away. Each list holds {x, y} points.
     */
    public void shadeBetween(List<double[]> upper, List<double[]> lower, Paint fill, Paint otherFill) {
        XYPlot plot = plot();
        if (upper == null || lower == null) {
            plot.setDataset(1, null);
            return;
        }
        XYSeriesCollection pair = new XYSeriesCollection();
        for (List<double[]> points : List.of(upper, lower)) {
            XYSeries s = new XYSeries(pair.getSeriesCount(), false, true);
            for (double[] p : points) {
                s.add(p[0], p[1], false);
            }
            pair.addSeries(s);
        }
        XYDifferenceRenderer r = new XYDifferenceRenderer(fill, otherFill, false);
        // the chart's own lines draw the curves; the shading's outlines would double them
        r.setSeriesPaint(0, new Color(0, 0, 0, 0));
        r.setSeriesPaint(1, new Color(0, 0, 0, 0));
        r.setSeriesVisibleInLegend(0, false);
        r.setSeriesVisibleInLegend(1, false);
        plot.setRenderer(1, r);
        plot.setDataset(1, pair);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.REVERSE);
    }

    /** Where "saved" and "could not save" messages go. */
    public void onReport(Consumer<String> report) {
        this.report = Objects.requireNonNull(report);
    }

    /**
     * Shows what {@code points} holds beyond what the line of {@code key} showed before; the line is made, named
     * {@code name}, on first use. {@code points} is the growing list itself (kept for the CSV export), each entry
     * {x, y}.
     */
    public void append(Object key, String name, List<double[]> points) {
        Line l = lines.get(key);
        if (l == null) {
            l = new Line(new ThinnedSeries(new XYSeries(name, false, true)));
            lines.put(key, l);
            data.addSeries(l.shown.series());
            restyle();
        }
        l.source = points;
        l.shown.append(points);
    }

    /** Draws the line of {@code key} in {@code paint} with {@code stroke}, with or without point markers. */
    public void style(Object key, Paint paint, Stroke stroke, boolean shapes) {
        Line l = lines.get(key);
        if (l == null) {
            return;
        }
        l.paint = paint;
        l.stroke = stroke;
        l.shapes = shapes;
        if (apply(l)) {
            legend();
        }
    }

    /**
     * Lists only the newest {@code max} lines in the legend, then one entry saying how many earlier lines it leaves
     * out: with an entry per line, twenty runs of the Train tab filled a chart with legend and left no plot.
     */
    public void limitLegend(int max) {
        legendLimit = max;
        legend();
    }

    private void legend() {
        if (legendLimit == Integer.MAX_VALUE) {
            return;
        }
        int n = data.getSeriesCount();
        if (n <= legendLimit) {
            plot().setFixedLegendItems(null);
            return;
        }
        LegendItemCollection items = new LegendItemCollection();
        XYItemRenderer r = plot().getRenderer();
        for (int i = n - legendLimit; i < n; i++) {
            LegendItem item = r.getLegendItem(0, i);
            if (item != null) {
                items.add(item);
            }
        }
        LegendItem more = new LegendItem(Messages.get("chart.earlierLines", n - legendLimit));
        more.setShapeVisible(false);
        items.add(more);
        plot().setFixedLegendItems(items);
    }

    /** Removes the lines whose key {@code gone} accepts. */
    public void removeIf(Predicate<Object> gone) {
        boolean removed = false;
        for (var it = lines.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (gone.test(e.getKey())) {
                data.removeSeries(e.getValue().shown.series());
                it.remove();
                removed = true;
            }
        }
        if (removed) {
            restyle();
        }
    }

    List<Object> keys() {
        return new ArrayList<>(lines.keySet());
    }

    public int seriesCount() {
        return data.getSeriesCount();
    }

    /** Points the chart holds, all lines together. */
    public int points() {
        int n = 0;
        for (int i = 0; i < data.getSeriesCount(); i++) {
            n += data.getSeries(i).getItemCount();
        }
        return n;
    }

    /** The renderer styles by index: after a line came or went, every line gets its style back. */
    private void restyle() {
        for (Line l : lines.values()) {
            apply(l);
        }
        legend();
    }

    /** Whether the line's look changed. */
    private boolean apply(Line l) {
        int i = data.indexOf(l.shown.series());
        if (i < 0 || l.paint == null) {
            return false;
        }
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) plot().getRenderer();
        // Each change repaints the chart: only what differs is set.
        boolean changed = false;
        if (!l.paint.equals(r.getSeriesPaint(i))) {
            r.setSeriesPaint(i, l.paint);
            changed = true;
        }
        Stroke stroke = scaled(l.stroke);
        if (!stroke.equals(r.getSeriesStroke(i))) {
            r.setSeriesStroke(i, stroke);
            changed = true;
        }
        if (!Boolean.valueOf(l.shapes).equals(r.getSeriesShapesVisible(i))) {
            r.setSeriesShapesVisible(i, l.shapes);
            changed = true;
        }
        return changed;
    }

    /** The chart as a picture of {@code width} × {@code height} pixels. */
    BufferedImage image(int width, int height) {
        return chart.createBufferedImage(width, height);
    }

    /** The chart at its size on screen (at least {@link #MIN_EXPORT_WIDTH} × {@link #MIN_EXPORT_HEIGHT}), as PNG. */
    public void savePng(Path file) throws IOException {
        BufferedImage img = image(Math.max(MIN_EXPORT_WIDTH, (int) viewer.getWidth()),
                Math.max(MIN_EXPORT_HEIGHT, (int) viewer.getHeight()));
        AtomicFiles.write(file, out -> ImageIO.write(img, "png", out));
    }

    /** Every point of every line, unthinned: {@code series,x,y} with the axis labels as a comment-free header. */
    public String csv() {
        StringBuilder b = new StringBuilder("series,").append(csvField(xAxis().getLabel())).append(',')
                .append(csvField(yAxis().getLabel())).append('\n');
        for (Line l : lines.values()) {
            String name = csvField(String.valueOf(l.shown.series().getKey()));
            for (double[] p : l.source) {
                b.append(name).append(',').append(number(p[0])).append(',').append(number(p[1])).append('\n');
            }
        }
        return b.toString();
    }

    void saveCsv(Path file) throws IOException {
        AtomicFiles.write(file, csv());
    }

    public static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    /** A CSV field, quoted when it holds a comma, a quote or a line break. */
    static String csvField(String s) {
        if (s == null) {
            return "";
        }
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    public interface FileWork {
        void write(Path file) throws IOException;
    }

    /** Writes {@code file} with {@code work} and reports the outcome (exports never throw at the user). */
    void save(Path file, FileWork work) {
        report.accept(saveReporting(file, work));
    }

    /** The message of a save: "Saved FILE" or "Could not save FILE: why". */
    public static String saveReporting(Path file, FileWork work) {
        try {
            work.write(file);
            return Messages.get("status.exported", file.toString());
        } catch (IOException | RuntimeException e) {
            return Messages.get("status.exportFailed", String.valueOf(file.getFileName()),
                    String.valueOf(e.getMessage()));
        }
    }

    private Optional<Path> choose(String ext) {
        return chooseFile(viewer.getScene() == null ? null : viewer.getScene().getWindow(), ext, fileStem + "." + ext);
    }

    /** A save dialog for one file type, as the main window's export menu asks. */
    public static Optional<Path> chooseFile(Window owner, String ext, String initialName) {
        FileChooser fc = new FileChooser();
        fc.setTitle(Messages.get("export.title"));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(ext.toUpperCase(Locale.ROOT), "*." + ext));
        fc.setInitialFileName(initialName);
        File f = fc.showSaveDialog(owner);
        return f == null ? Optional.empty() : Optional.of(f.toPath());
    }

    public static MenuItem menuItem(String key, Runnable action) {
        MenuItem m = new MenuItem(Messages.get(key));
        m.setId(key.replace('.', '-'));
        m.setOnAction(e -> action.run());
        return m;
    }
}
