package org.cnnexplorer.ui.train;

import javafx.beans.value.ChangeListener;
import javafx.beans.value.WeakChangeListener;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.ui.ChartFonts;
import org.cnnexplorer.ui.Projector;

import java.util.List;
import java.util.Locale;

/**
 * Per-layer gradient norms over time as a heat strip: one row per layer with weights (network order, input at
 * the top), one column per kept step (averaged when there are more than pixels; a long run keeps every second or
 * fourth step, see {@link RunRecord#MAX_STEPS}), colour = log10 of the norm on a shared scale. Vanishing gradients
 * show as rows fading towards the input; a blow-up as a bright column. Its text (and the label column) grows by
 * {@link Projector#scale()} in projector mode, as the charts' does.
 */
final class GradientStrip extends Pane {
    static final double LABEL_WIDTH = 150;
    /** Redraws when projector mode changes (held here: the property only keeps a weak reference). */
    private final ChangeListener<Boolean> projectorListener = (o, was, is) -> draw();
    private final Canvas canvas = new Canvas();
    /**
     * The heat picture, rewritten in place: the renderer caches a texture per image until a later collection frees
     * that image, so a new image per repaint kept dozens of strip-sized textures alive over a long run.
     */
    private WritableImage heat;
    private int[] px = new int[0];
    private RunRecord run;

    GradientStrip() {
        getChildren().add(canvas);
        getStyleClass().add("gradient-strip");
        setMinHeight(120);
        Projector.onProperty().addListener(new WeakChangeListener<>(projectorListener));
    }

    void show(RunRecord r) {
        run = r;
        draw();
    }

    @Override
    protected void layoutChildren() {
        if (canvas.getWidth() != getWidth() || canvas.getHeight() != getHeight()) {
            canvas.setWidth(getWidth());
            canvas.setHeight(getHeight());
            draw();
        }
    }

    void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, w, h);
        double k = Projector.scale();
        double labels = LABEL_WIDTH * k;
        g.setFill(Color.gray(0.25));
        g.setFont(Font.font(ChartFonts.fxFamily(), 11 * k));
        g.fillText(Messages.get("train.chart.gradients"), 6, 14 * k);
        if (run == null || run.gradientLogs().isEmpty() || w < labels + 20) {
            return;
        }
        List<String> layers = run.gradientLayers();
        List<float[]> logs = run.gradientLogs();
        double top = 22 * k;
        double bottom = 16 * k;
        int rows = layers.size();
        int plotW = (int) (w - labels - 8);
        int plotH = (int) Math.max(rows, h - top - bottom);
        int cols = Math.min(plotW, logs.size());
        double[][] cell = new double[cols][rows];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < cols; c++) {
            int from = (int) ((long) c * logs.size() / cols);
            int to = (int) ((long) (c + 1) * logs.size() / cols);
            for (int r = 0; r < rows; r++) {
                double sum = 0;
                int n = 0;
                for (int i = from; i < to; i++) {
                    double v = logs.get(i)[r];
                    if (!Double.isNaN(v)) {
                        sum += v;
                        n++;
                    }
                }
                cell[c][r] = n == 0 ? Double.NaN : sum / n;
                if (n > 0) {
                    lo = Math.min(lo, cell[c][r]);
                    hi = Math.max(hi, cell[c][r]);
                }
            }
        }
        int[][] colour = new int[cols][rows];
        for (int c = 0; c < cols; c++) {
            for (int r = 0; r < rows; r++) {
                double v = cell[c][r];
                colour[c][r] = Double.isNaN(v) ? 0xFFF4F5F7
                        : HEAT[(int) Math.round(255 * (hi > lo ? (v - lo) / (hi - lo) : 0.5))];
            }
        }
        if (heat == null || (int) heat.getWidth() != plotW || (int) heat.getHeight() != plotH) {
            heat = new WritableImage(plotW, plotH);
            px = new int[plotW * plotH];
        }
        for (int y = 0; y < plotH; y++) {
            int r = y * rows / plotH;
            for (int x = 0; x < plotW; x++) {
                px[y * plotW + x] = colour[x * cols / plotW][r];
            }
        }
        heat.getPixelWriter().setPixels(0, 0, plotW, plotH, PixelFormat.getIntArgbInstance(), px, 0, plotW);
        g.drawImage(heat, labels, top);
        double rowH = (double) plotH / rows;
        double size = Math.min(11 * k, Math.max(8, rowH - 1));
        g.setFont(Font.font(ChartFonts.fxFamily(), size));
        int every = (int) Math.ceil(10 * k / Math.max(0.1, rowH));
        g.setFill(Color.gray(0.2));
        for (int r = 0; r < rows; r += every) {
            g.fillText(layers.get(r), 4, top + (r + 0.5) * rowH + 4 * k, labels - 8);
        }
        g.setFont(Font.font(ChartFonts.fxFamily(), 10 * k));
        g.fillText(Messages.get("train.chart.gradientScale", String.format(Locale.ROOT, "%.1e", Math.pow(10, lo)),
                String.format(Locale.ROOT, "%.1e", Math.pow(10, hi)), run.steps()), 4, h - 4, w - 8);
    }

    /** The heat picture last drawn, {@code null} before the first. */
    WritableImage heat() {
        return heat;
    }

    /** The colour scale, looked up rather than computed for each of the strip's pixels. */
    private static final int[] HEAT = new int[256];

    static {
        for (int i = 0; i < HEAT.length; i++) {
            HEAT[i] = heat(i / 255.0);
        }
    }

    /** Dark blue (small) → teal → yellow (large), roughly viridis. */
    static int heat(double t) {
        double[][] stops = {{0.27, 0.00, 0.33}, {0.23, 0.32, 0.55}, {0.13, 0.57, 0.55}, {0.37, 0.79, 0.38},
            {0.99, 0.91, 0.15}};
        double p = Math.max(0, Math.min(1, t)) * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) p);
        double f = p - i;
        int rr = (int) Math.round(255 * (stops[i][0] + f * (stops[i + 1][0] - stops[i][0])));
        int gg = (int) Math.round(255 * (stops[i][1] + f * (stops[i + 1][1] - stops[i][1])));
        int bb = (int) Math.round(255 * (stops[i][2] + f * (stops[i + 1][2] - stops[i][2])));
        return 0xFF000000 | rr << 16 | gg << 8 | bb;
    }
}
