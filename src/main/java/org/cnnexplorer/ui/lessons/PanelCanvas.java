package org.cnnexplorer.ui.lessons;

import javafx.beans.value.ChangeListener;
import javafx.beans.value.WeakChangeListener;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.transform.Affine;
import org.cnnexplorer.lessons.Draw;
import org.cnnexplorer.lessons.Page;
import org.cnnexplorer.lessons.Settings;
import org.cnnexplorer.ui.HighContrast;
import org.jfree.fx.FXGraphics2D;

import java.awt.RenderingHints;
import java.util.function.Consumer;

/**
 * A page's live panel: the same Java2D drawing as {@code lesson ID --out}, fitted to the space, drawn again when
 * the space changes size (in projector mode too: the page keeps the title and formulas on screen beside it).
 */
final class PanelCanvas extends Pane {
    private final Canvas canvas = new Canvas();
    private final Consumer<RuntimeException> failed;
    private Page page;
    private Settings settings;
    /** Held here: the property only keeps a weak reference. */
    private final ChangeListener<Boolean> contrastListener = (o, was, is) -> repaint();

    /** @param failed told when the page's painter threw */
    PanelCanvas(Consumer<RuntimeException> failed) {
        this.failed = failed;
        getChildren().add(canvas);
        setMinWidth(200);
        setMinHeight(200);
        canvas.widthProperty().bind(widthProperty());
        canvas.heightProperty().bind(heightProperty());
        canvas.setId("lesson-panel");
        canvas.widthProperty().addListener(o -> repaint());
        canvas.heightProperty().addListener(o -> repaint());
        HighContrast.onProperty().addListener(new WeakChangeListener<>(contrastListener));
    }

    /** Draws {@code p}'s panel as {@code s} sets it; a null page leaves it blank. */
    void show(Page p, Settings s) {
        page = p;
        settings = s;
        repaint();
    }

    private void repaint() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext gc = canvas.getGraphicsContext2D();
        gc.setTransform(new Affine());
        gc.setFill(Color.WHITE);
        gc.fillRect(0, 0, w, h);
        if (page == null || w < 10 || h < 10) {
            return;
        }
        // FXGraphics2D changes the context's transform and clip: saved and restored around the panel
        gc.save();
        try {
            // FXGraphics2D starts out believing it paints black and skips setting a paint it already has: the
            // context must paint black too, or the theme's black text drawn first would come out white
            gc.setFill(Color.BLACK);
            gc.setStroke(Color.BLACK);
            FXGraphics2D g = new FXGraphics2D(gc);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.translate(10, 6);
            Draw.beginTheme(LessonsViewModel.shownTheme());
            page.panel().paint(g, w - 20, h - 12, settings);
            g.dispose();
        } catch (RuntimeException e) {
            failed.accept(e);
        } finally {
            Draw.endTheme();
            gc.restore();
        }
    }
}
