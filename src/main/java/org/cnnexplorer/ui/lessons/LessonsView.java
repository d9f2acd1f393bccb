package org.cnnexplorer.ui.lessons;

import org.cnnexplorer.ui.Models;
import org.cnnexplorer.ui.classify.ClassifyViewModel;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.WeakChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.lessons.Knob;
import org.cnnexplorer.lessons.Lesson;
import org.cnnexplorer.lessons.LessonContext;
import org.cnnexplorer.lessons.Lessons;
import org.cnnexplorer.lessons.Page;
import org.cnnexplorer.lessons.PageRenderer;
import org.cnnexplorer.lessons.Settings;
import org.cnnexplorer.lessons.Draw;
import org.cnnexplorer.ui.Background;
import org.cnnexplorer.ui.Projector;
import org.cnnexplorer.ui.explore.MainViewModel;
import org.jfree.fx.FXGraphics2D;

import java.awt.RenderingHints;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The Lessons tab: the lessons in lecture order in the toolbar; the page (text, formulas, table, links into the graph)
 * and its live panel with sliders on the right. Opening a lesson selects its network and layer in the graph (the
 * inspector beside shows that layer); Page Up / Page Down walks the lessons, for a teacher at a projector. The panel
 * is the same Java2D drawing as {@code lesson ID --out}.
 */
public final class LessonsView extends BorderPane {
    /** Pictures offered as "the current image": the sample-images/, test images 0–59 of Fashion-MNIST. */
    static final int SAMPLES = 60;
    /** The picture item that stands for Classify's current picture (a shipped sample while Classify has none). */
    static final int CLASSIFY = -1;

    private final MainViewModel main;
    private final Background background;
    private final Models models;
    private final ComboBox<Lesson> list = new ComboBox<>();
    private final Label title = new Label();
    private final Label caption = new Label();
    private final VBox body = new VBox(10);
    private final VBox knobsBox = new VBox(6);
    private final Canvas canvas = new Canvas();
    private final Pane canvasPane = new Pane(canvas);
    private final Label status = new Label();
    private final ComboBox<Integer> picture = new ComboBox<>();
    private final Map<String, Double> values = new LinkedHashMap<>();
    private Page page;
    private Lesson lesson;
    private Background.Handle building;
    private LessonContext context;
    /** What {@link #context} was made from: a sample's index or Classify's picture. */
    private Object contextSource;
    private String pictureName;
    private final ReadOnlyObjectProperty<ClassifyViewModel.Picture> classifyPicture;
    /** Selects a tab of the window by its id (a page's link to the Degradation tab); set by the window. */
    private java.util.function.Consumer<String> showTab = id -> { };

    /** @param classifyPicture the picture shown in Classify: the lessons' current picture unless a sample is chosen */
    public LessonsView(MainViewModel main, Background background, Models models,
                       ReadOnlyObjectProperty<ClassifyViewModel.Picture> classifyPicture) {
        this.main = main;
        this.background = background;
        this.models = models;
        this.classifyPicture = classifyPicture;
        setId("lessons");
        getStyleClass().add("lessons-view");
        createView();
        initListeners();
        loadNames();
    }

    private void createView() {
        list.setId("lesson-list");
        list.getItems().setAll(Lessons.ALL);
        list.setCellFactory(v -> new LessonCell());
        list.setButtonCell(new LessonCell());
        list.setVisibleRowCount(Lessons.ALL.size());
        list.setPrefWidth(300);

        Button prev = new Button(Messages.get("lesson.view.previous"));
        prev.setId("lesson-previous");
        prev.setOnAction(e -> previous());
        Button next = new Button(Messages.get("lesson.view.next"));
        next.setId("lesson-next");
        next.setOnAction(e -> next());
        Button show = new Button(Messages.get("lesson.view.show"));
        show.setId("lesson-show");
        show.setOnAction(e -> reveal());
        Button reset = new Button(Messages.get("lesson.view.reset"));
        reset.setId("lesson-reset");
        reset.setOnAction(e -> {
            values.clear();
            showKnobs();
            repaint();
        });
        Button save = new Button(Messages.get("lesson.view.save"));
        save.setId("lesson-save");
        save.setOnAction(e -> save());
        picture.setId("lesson-picture");
        picture.getItems().setAll(IntStream.range(CLASSIFY, SAMPLES).boxed().toList());
        picture.setValue(CLASSIFY);
        picture.setCellFactory(v -> new SampleCell());
        picture.setButtonCell(new SampleCell());
        for (Button b : List.of(prev, next, show, reset, save)) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        Label keys = new Label(Messages.get("lesson.view.keys"));
        keys.getStyleClass().add("muted");
        // wraps instead of a ToolBar's overflow menu, which at 1600 px beside the inspector hid the keys' hint
        FlowPane bar = new FlowPane(6, 4, prev, list, next, new Separator(Orientation.VERTICAL), show, reset, save,
                new Separator(Orientation.VERTICAL), new Label(Messages.get("lesson.view.picture")), picture,
                new Separator(Orientation.VERTICAL), keys);
        bar.getStyleClass().add("tool-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 8, 4, 8));

        title.setId("lesson-title");
        title.getStyleClass().add("lesson-title");
        title.setWrapText(true);
        caption.getStyleClass().add("muted");
        status.setId("lesson-status");
        status.setWrapText(true);
        body.setPadding(new Insets(10));
        body.setFillWidth(true);
        text.setContent(body);
        text.setId("lesson-text");
        text.setFitToWidth(true);
        text.setPrefWidth(380);
        text.setMinWidth(280);

        canvasPane.setMinWidth(200);
        // in projector mode the picture is as tall as the full width makes it (the page then scrolls)
        canvasPane.minHeightProperty().bind(Bindings.when(Projector.onProperty())
                .then(canvasPane.widthProperty().multiply(Draw.DESIGN_HEIGHT / Draw.DESIGN_WIDTH))
                .otherwise(200.0));
        canvas.widthProperty().bind(canvasPane.widthProperty());
        canvas.heightProperty().bind(canvasPane.heightProperty());
        canvas.setId("lesson-panel");
        knobsBox.setId("lesson-knobs");
        knobsBox.setPadding(new Insets(8, 10, 4, 10));
        setTop(bar);
        arrange(Projector.isOn());
        Projector.onProperty().addListener(new WeakChangeListener<>(projectorListener));
    }

    /** The page's text column. */
    private final ScrollPane text = new ScrollPane();
    /** Re-arranges the page when projector mode changes (held here: the property only keeps a weak reference). */
    private final ChangeListener<Boolean> projectorListener = (o, was, on) -> arrange(on);

    /**
     * The text beside the sliders and picture, the picture fitted to the space; or, in projector mode, one column
     * that scrolls: sliders, the picture across the full width (every text, line and map in it grows with it), then
     * the text.
     */
    private void arrange(boolean projector) {
        if (projector) {
            text.setContent(null);
            VBox column = new VBox(4, knobsBox, canvasPane, body);
            ScrollPane all = new ScrollPane(column);
            all.setId("lesson-column");
            all.setFitToWidth(true);
            setCenter(all);
        } else {
            text.setContent(body);
            VBox right = new VBox(4, knobsBox, canvasPane);
            VBox.setVgrow(canvasPane, Priority.ALWAYS);
            HBox.setHgrow(right, Priority.ALWAYS);
            setCenter(new HBox(text, right));
        }
    }

    private static final Map<Integer, String> NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    /** The sample's file name once the test split is read (in the background), "#i" until then. */
    private static String sampleName(int i) {
        return NAMES.getOrDefault(i, "#" + i);
    }

    private void loadNames() {
        background.submit("sample names", cancelled -> {
            Map<Integer, String> names = new LinkedHashMap<>();
            for (int i = 0; i < SAMPLES; i++) {
                names.put(i, LessonContext.sample(i).name());
            }
            return names;
        }, names -> {
            NAMES.putAll(names);
            picture.setCellFactory(v -> new SampleCell());
            picture.setButtonCell(new SampleCell());
        }, err -> { });
    }

    /** "3. Local response normalisation (LRN)": the lessons numbered in lecture order. */
    private static final class LessonCell extends ListCell<Lesson> {
        @Override
        protected void updateItem(Lesson l, boolean empty) {
            super.updateItem(l, empty);
            setText(empty || l == null ? null : (Lessons.indexOf(l.id()) + 1) + ". " + l.title());
        }
    }

    private final class SampleCell extends ListCell<Integer> {
        @Override
        protected void updateItem(Integer i, boolean empty) {
            super.updateItem(i, empty);
            setText(empty || i == null ? null : i == CLASSIFY ? classifyItem() : sampleName(i));
        }
    }

    /** "Classify's picture: shirt.png", or the sample that stands in while Classify has none. */
    private String classifyItem() {
        ClassifyViewModel.Picture p = classifyPicture.get();
        return p == null ? Messages.get("lesson.view.classifyNone", sampleName(LessonContext.DEFAULT_SAMPLE))
                : Messages.get("lesson.view.classifyPicture", p.name());
    }

    private void initListeners() {
        list.valueProperty().addListener((o, a, l) -> {
            if (l != null && l != lesson) {
                open(l, true);
            }
        });
        picture.valueProperty().addListener((o, a, b) -> {
            if (lesson != null) {
                open(lesson, false);
            }
        });
        classifyPicture.addListener((o, a, b) -> {
            // the combo's item names Classify's picture: redrawn, and the page rebuilt if it shows that picture
            picture.setButtonCell(new SampleCell());
            if (lesson != null && Integer.valueOf(CLASSIFY).equals(picture.getValue())) {
                open(lesson, false);
            }
        });
        canvas.widthProperty().addListener(o -> repaint());
        canvas.heightProperty().addListener(o -> repaint());
        // before the list or a scroll pane use them to scroll
        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.PAGE_DOWN) {
                next();
                e.consume();
            } else if (e.getCode() == KeyCode.PAGE_UP) {
                previous();
                e.consume();
            }
        });
    }

    /** How a page's link to a tab of the window ({@link Page.Link#isTab()}) selects it. */
    public void setShowTab(java.util.function.Consumer<String> showTab) {
        this.showTab = showTab;
    }

    /** Opens lesson {@code id} (ignored if unknown). */
    public void open(String id) {
        Lessons.find(id).ifPresent(l -> open(l, true));
    }

    public Lesson current() {
        return lesson;
    }

    public Page page() {
        return page;
    }

    public void next() {
        step(1);
    }

    public void previous() {
        step(-1);
    }

    private void step(int by) {
        int i = lesson == null ? -1 : Lessons.indexOf(lesson.id());
        int j = Math.max(0, Math.min(Lessons.ALL.size() - 1, i + by));
        if (j != i) {
            open(Lessons.ALL.get(j), true);
        }
    }

    /** Shows the lesson's network and layer in the graph and the inspector. */
    public void reveal() {
        if (lesson != null) {
            main.reveal(lesson.networkId(), lesson.layerId());
        }
    }

    private void open(Lesson l, boolean revealInGraph) {
        lesson = l;
        list.setValue(l);
        if (revealInGraph) {
            reveal();
        }
        if (building != null) {
            building.cancel();
        }
        values.clear();
        title.setText(l.title());
        caption.setText(Lessons.caption(l));
        status.setText(Messages.get("lesson.view.loading"));
        body.getChildren().setAll(title, caption, status);
        stopPlaying();
        stopExperiment();
        knobsBox.getChildren().clear();
        page = null;
        repaint();
        int item = picture.getValue() == null ? CLASSIFY : picture.getValue();
        ClassifyViewModel.Picture fromClassify = item == CLASSIFY ? classifyPicture.get() : null;
        Object source = fromClassify != null ? fromClassify : item == CLASSIFY ? LessonContext.DEFAULT_SAMPLE : item;
        building = background.submit("lesson " + l.id(), cancelled -> {
            LessonContext ctx = context(source);
            return new Built(l.page(ctx), ctx.picture().name());
        }, b -> {
            building = null;
            if (l == lesson) {
                pictureName = b.picture();
                show(b.page());
            }
        }, err -> {
            building = null;
            if (l == lesson) {
                status.setText(Messages.get("lesson.view.error", String.valueOf(err.getMessage())));
            }
        });
    }

    private record Built(Page page, String picture) {
    }

    /** The name of the picture the shown page works on (Classify's, or a sample's); null before the first page. */
    public String pictureName() {
        return pictureName;
    }

    /**
     * The context of {@code source} (a sample's index or Classify's picture), made off the FX thread and kept while
     * the source stays the same (its forward passes are cached); models come from the window's cache.
     */
    private synchronized LessonContext context(Object source) {
        if (context == null || contextSource != source && !source.equals(contextSource)) {
            LessonContext.Picture p = source instanceof ClassifyViewModel.Picture c
                    ? LessonContext.of(c.name(), c.image()) : LessonContext.sample((Integer) source);
            context = LessonContext.shared(p, models::get);
            contextSource = source;
        }
        return context;
    }

    private void show(Page p) {
        page = p;
        title.setText(p.title());
        body.getChildren().setAll(title, caption);
        for (String s : p.text()) {
            Label para = new Label(s);
            para.setWrapText(true);
            para.getStyleClass().add("lesson-text");
            body.getChildren().add(para);
        }
        if (!p.formulas().isEmpty()) {
            VBox f = new VBox(2);
            f.setId("lesson-formulas");
            f.getStyleClass().add("lesson-formulas");
            for (String s : p.formulas()) {
                Label line = new Label(s);
                line.setWrapText(true);
                line.getStyleClass().add("lesson-formula");
                f.getChildren().add(line);
            }
            body.getChildren().add(f);
        }
        if (!p.table().isEmpty()) {
            GridPane grid = new GridPane();
            grid.setId("lesson-table");
            grid.getStyleClass().add("lesson-table");
            grid.setHgap(10);
            grid.setVgap(2);
            for (int r = 0; r < p.table().size(); r++) {
                List<String> row = p.table().get(r);
                for (int c = 0; c < row.size(); c++) {
                    Label cell = new Label(row.get(c));
                    // numbers keep their width; words wrap, so a wide table fits the column
                    cell.setWrapText(true);
                    cell.setMinWidth(row.get(c).matches("[0-9.,%GM ×/-]+") ? Region.USE_PREF_SIZE
                            : widestWord(row.get(c), r == 0));
                    if (r == 0) {
                        cell.getStyleClass().add("lesson-table-head");
                    }
                    grid.add(cell, c, r);
                }
            }
body.getChildren().add(grid);
        }
        if (!p.links().isEmpty()) {
            VBox links = new VBox(0);
            links.setId("lesson-links");
            for (Page.Link k : p.links()) {
                Hyperlink h = new Hyperlink(k.label());
                h.setOnAction(e -> {
                    if (k.isTab()) {
                        showTab.accept(k.target());
                    } else {
                        main.reveal(k.networkId(), k.target());
                    }
                });
                links.getChildren().add(h);
            }
            body.getChildren().add(links);
        }
        showKnobs();
        followGraph();
        repaint();
        if (runWhenBuilt) {
            runWhenBuilt = false;
            runExperiment();
        }
    }

    private void showKnobs() {
        stopPlaying();
        knobsBox.getChildren().clear();
        if (page == null) {
            return;
        }
        if (page.experiment() != null) {
            knobsBox.getChildren().add(experimentControls(page));
        }
        Settings s = page.settings(values);
        for (Knob k : page.knobs()) {
            double v = s.get(k.id());
            Slider slider = k.log() ? new Slider(Math.log10(k.min()), Math.log10(k.max()), Math.log10(v))
                    : new Slider(k.min(), k.max(), v);
            slider.setId("knob-" + k.id());
            if (k.integer()) {
                slider.setMajorTickUnit(Math.max(1, Math.round((k.max() - k.min()) / 8)));
                slider.setMinorTickCount(0);
                slider.setSnapToTicks(false);
                slider.setBlockIncrement(k.step());
            }
            HBox.setHgrow(slider, Priority.ALWAYS);
            Label name = new Label(k.label());
            name.setMinWidth(Region.USE_PREF_SIZE);
            name.setPrefWidth(140);
            Label value = new Label(k.format(v));
            value.setId("knob-value-" + k.id());
            value.setMinWidth(70);
            slider.valueProperty().addListener((o, a, b) -> {
                double raw = k.log() ? Math.pow(10, b.doubleValue()) : b.doubleValue();
                double c = k.clamp(raw);
                values.put(k.id(), c);
                value.setText(k.format(c));
                followGraph();
                repaint();
            });
            HBox row = new HBox(8, name, slider, value);
            if (k.integer() && k.max() - k.min() <= 5) {
                row.getChildren().add(player(k, slider));
            }
            row.setAlignment(Pos.CENTER_LEFT);
            knobsBox.getChildren().add(row);
        }
    }

    private java.util.concurrent.atomic.AtomicBoolean experimentCancelled;
    private final java.util.concurrent.atomic.AtomicBoolean repaintQueued = new java.util.concurrent.atomic.AtomicBoolean();
    private final Button run = new Button();
    private final Button stop = new Button(Messages.get("lesson.view.cancel"));

    /** ▶ runs the page's experiment on its own low-priority thread; ■ stops it; the panel repaints as it records. */
    private HBox experimentControls(Page p) {
        run.setText(Messages.get("lesson.view.run", p.experiment().label()));
        run.setId("lesson-run");
        stop.setId("lesson-stop");
        boolean running = experimentCancelled != null;
        run.setDisable(running);
        stop.setDisable(!running);
        run.setOnAction(e -> startExperiment(p));
        stop.setOnAction(e -> stopExperiment());
        HBox box = new HBox(8, run, stop);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private void startExperiment(Page p) {
        stopExperiment();
        java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
        experimentCancelled = cancelled;
        run.setDisable(true);
        stop.setDisable(false);
        Thread t = new Thread(() -> {
            Throwable failed = null;
            try {
                p.experiment().run(cancelled::get, () -> {
                    if (!cancelled.get() && repaintQueued.compareAndSet(false, true)) {
                        javafx.application.Platform.runLater(() -> {
                            repaintQueued.set(false);
                            if (page == p) {
                                repaint();
                            }
                        });
                    }
                });
            } catch (Throwable e) {
                failed = e;
            }
            Throwable error = failed;
            javafx.application.Platform.runLater(() -> {
                if (experimentCancelled == cancelled) {
                    experimentCancelled = null;
                    run.setDisable(false);
                    stop.setDisable(true);
                }
                if (error != null && page == p) {
                    main.report(Messages.get("lesson.view.error", String.valueOf(error.getMessage())));
                }
                if (page == p) {
                    repaint();
                }
            });
        }, "lesson-experiment");
        t.setDaemon(true);
        t.start();
    }

    /** Stops a running experiment (it ends after its current step). */
    public void stopExperiment() {
        if (experimentCancelled != null) {
            experimentCancelled.set(true);
            experimentCancelled = null;
        }
        run.setDisable(false);
        stop.setDisable(true);
    }

    /** Starts the shown page's experiment, if it has one (automation, tests). */
    public void runExperiment() {
        if (page == null) {
            runWhenBuilt = true;
        } else if (page.experiment() != null && experimentCancelled == null) {
            startExperiment(page);
        }
    }

    private boolean runWhenBuilt;

    public boolean experimentRunning() {
        return experimentCancelled != null;
    }

    /** Stops what the tab runs (the window is closing). */
    public void close() {
        stopExperiment();
        stopPlaying();
    }

    private javafx.animation.Timeline playing;

    /**
     * ▶ for a knob of a few steps (towers 1–2, stacked layers 1–3): steps it round every 0.9 s, so a projected
     * picture animates by itself; ■ or leaving the page stops it.
     */
    private javafx.scene.control.ToggleButton player(Knob k, Slider slider) {
        javafx.scene.control.ToggleButton play = new javafx.scene.control.ToggleButton("▶");
        play.setId("knob-play-" + k.id());
        play.selectedProperty().addListener((o, a, on) -> {
            stopPlaying();
            if (on) {
                play.setText("■");
                playing = new javafx.animation.Timeline(new javafx.animation.KeyFrame(javafx.util.Duration.millis(900),
                        e -> {
                            double v = Math.round(slider.getValue()) + 1;
                            slider.setValue(v > k.max() ? k.min() : v);
                        }));
                playing.setCycleCount(javafx.animation.Animation.INDEFINITE);
                playing.play();
            } else {
                play.setText("▶");
            }
        });
        return play;
    }

    private void stopPlaying() {
        if (playing != null) {
            playing.stop();
            playing = null;
        }
    }

    /** The width of the longest word of {@code s}: a table cell may wrap between words, never inside one. */
    private static double widestWord(String s, boolean bold) {
        javafx.scene.text.Font base = javafx.scene.text.Font.getDefault();
        javafx.scene.text.Font f = javafx.scene.text.Font.font(base.getFamily(),
                bold ? javafx.scene.text.FontWeight.BOLD : javafx.scene.text.FontWeight.NORMAL, base.getSize());
        double w = 0;
        for (String word : s.split(" ")) {
            javafx.scene.text.Text t = new javafx.scene.text.Text(word);
            t.setFont(f);
            w = Math.max(w, t.getLayoutBounds().getWidth());
        }
        return Math.ceil(w * 1.15) + 4;
    }

    /** Sets a knob as the slider would (clamped); for tests and automation. */
    public void setKnob(String id, double value) {
        values.put(id, value);
        showKnobs();
        followGraph();
        repaint();
    }

    /** A page's training/inference switch drives the graph too, so the Graph tab shows what the picture says. */
    private void followGraph() {
        if (page != null && page.knobs().stream().anyMatch(k -> k.id().equals(Knob.TRAINING_GRAPH))) {
            main.trainingGraphProperty().set(page.settings(values).integer(Knob.TRAINING_GRAPH) == 1);
        }
    }

    public Settings settings() {
        return page == null ? null : page.settings(values);
    }

    private void repaint() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        var gc = canvas.getGraphicsContext2D();
        gc.setTransform(new javafx.scene.transform.Affine());
        gc.setFill(javafx.scene.paint.Color.WHITE);
        gc.fillRect(0, 0, w, h);
        if (page == null || w < 10 || h < 10) {
            return;
        }
        // FXGraphics2D changes the context's transform and clip: saved and restored around the panel
        gc.save();
        try {
            FXGraphics2D g = new FXGraphics2D(gc);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.translate(10, 6);
            page.panel().paint(g, w - 20, h - 12, page.settings(values));
            g.dispose();
        } catch (RuntimeException e) {
            // a painter's bug must not take the tab down: say so where the page is
            status.setText(Messages.get("lesson.view.error", String.valueOf(e)));
            if (!body.getChildren().contains(status)) {
                body.getChildren().add(status);
            }
        } finally {
            gc.restore();
        }
    }

    private void save() {
        if (page == null) {
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle(Messages.get("lesson.view.save"));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG", "*.png"));
        fc.setInitialFileName(page.id() + ".png");
        File f = fc.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (f == null) {
            return;
        }
        Page p = page;
        Settings s = page.settings(values);
        String cap = Lessons.caption(lesson);
        background.submit("save " + p.id(), cancelled -> {
            PageRenderer.writePng(p, s, cap, f.toPath());
            return f;
        }, done -> main.report(Messages.get("lesson.view.saved", done.toString())),
                err -> main.report(Messages.get("lesson.view.error", String.valueOf(err.getMessage()))));
    }

    /** Called when the tab is shown: opens the first lesson the first time, and takes the keyboard. */
    public void shown() {
        if (lesson == null) {
            open(Lessons.ALL.get(0), true);
        }
        list.requestFocus();
    }
}
