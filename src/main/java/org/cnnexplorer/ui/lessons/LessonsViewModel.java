package org.cnnexplorer.ui.lessons;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.cnnexplorer.engine.Model;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.lessons.Draw;
import org.cnnexplorer.lessons.Handout;
import org.cnnexplorer.lessons.Knob;
import org.cnnexplorer.lessons.Lesson;
import org.cnnexplorer.lessons.LessonContext;
import org.cnnexplorer.lessons.Lessons;
import org.cnnexplorer.lessons.Page;
import org.cnnexplorer.lessons.PageRenderer;
import org.cnnexplorer.lessons.Settings;
import org.cnnexplorer.lessons.Slides;
import org.cnnexplorer.lessons.Theme;
import org.cnnexplorer.ui.Background;
import org.cnnexplorer.ui.HighContrast;
import org.cnnexplorer.ui.classify.ClassifyViewModel;
import org.cnnexplorer.ui.explore.MainViewModel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * State of the Lessons tab: the open lesson and its page (built in the background; a newer lesson cancels an older
 * build), the picture the pages work on, the sliders' values, and the page's live experiment. Opening a lesson
 * selects its network and layer in the graph. No controls here: tested without a toolkit.
 */
public final class LessonsViewModel {
    /** Pictures offered as "the current image": the sample-images/, test images 0–59 of Fashion-MNIST. */
    static final int SAMPLES = 60;
    /** The picture item that stands for Classify's current picture (a shipped sample while Classify has none). */
    static final int CLASSIFY = -1;

    private final MainViewModel main;
    private final Background background;
    private final PictureContexts contexts;
    private final ReadOnlyObjectProperty<ClassifyViewModel.Picture> classifyPicture;
    private final LiveExperiment experiment;
    private final ReadOnlyObjectWrapper<Lesson> lesson = new ReadOnlyObjectWrapper<>(this, "lesson");
    private final ReadOnlyObjectWrapper<Page> page = new ReadOnlyObjectWrapper<>(this, "page");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ObjectProperty<Integer> picture = new SimpleObjectProperty<>(this, "picture", CLASSIFY);
    private final ReadOnlyObjectWrapper<Map<Integer, String>> sampleNames =
            new ReadOnlyObjectWrapper<>(this, "sampleNames", Map.of());
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper(this, "revision");
    private final Map<String, Double> values = new LinkedHashMap<>();
    private Background.Handle building;
    private String pictureName;
    private boolean runWhenBuilt;
    /** Selects a tab of the window by its id (a page's link to the Degradation tab); set by the window. */
    private Consumer<String> showTab = id -> { };

    /**
     * @param models          the window's model cache, called off the FX thread
     * @param classifyPicture the picture shown in Classify: the lessons' current picture unless a sample is chosen
     */
    public LessonsViewModel(MainViewModel main, Background background, Function<String, Model> models,
                            ReadOnlyObjectProperty<ClassifyViewModel.Picture> classifyPicture,
                            ExperimentRunner experiments) {
        this.main = main;
        this.background = background;
        this.contexts = new PictureContexts(models);
        this.classifyPicture = classifyPicture;
        this.experiment = new LiveExperiment(experiments);
        picture.addListener((o, a, b) -> reopen());
        classifyPicture.addListener((o, a, b) -> {
            if (Integer.valueOf(CLASSIFY).equals(picture.get())) {
                reopen();
            }
        });
        loadSampleNames();
    }

    private void loadSampleNames() {
        background.submit("sample names", cancelled -> {
            Map<Integer, String> names = new LinkedHashMap<>();
            for (int i = 0; i < SAMPLES; i++) {
                names.put(i, LessonContext.sample(i).name());
            }
            return Map.copyOf(names);
        }, sampleNames::set, err -> { });
    }

    public ReadOnlyObjectProperty<Lesson> lessonProperty() {
        return lesson.getReadOnlyProperty();
    }

    public Lesson getLesson() {
        return lesson.get();
    }

    /** The open lesson's page; null while it is being built. */
    public ReadOnlyObjectProperty<Page> pageProperty() {
        return page.getReadOnlyProperty();
    }

    public Page getPage() {
        return page.get();
    }

    /** "Preparing the page…" while it is built, or why it could not be built or drawn. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The chosen picture: {@link #CLASSIFY} or a sample's index; choosing another rebuilds the page. */
    public ObjectProperty<Integer> pictureProperty() {
        return picture;
    }

    /** The samples' file names, once the test split is read (in the background); empty until then. */
    public ReadOnlyObjectProperty<Map<Integer, String>> sampleNamesProperty() {
        return sampleNames.getReadOnlyProperty();
    }

    /** Goes up whenever the panel should be drawn again: a slider moved, the experiment recorded a step or ended. */
    public ReadOnlyLongProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty experimentRunningProperty() {
        return experiment.runningProperty();
    }

    public boolean isExperimentRunning() {
        return experiment.isRunning();
    }

    /** The name of the picture the shown page works on (Classify's, or a sample's); null before the first page. */
    public String pictureName() {
        return pictureName;
    }

    /** How the picture chooser names item {@code item}: "Classify: shirt.png", or a sample's file name. */
    public String pictureLabel(int item) {
        if (item != CLASSIFY) {
            return sampleName(item);
        }
        ClassifyViewModel.Picture p = classifyPicture.get();
        return p == null ? Messages.get("lesson.view.classifyNone", sampleName(LessonContext.DEFAULT_SAMPLE))
                : Messages.get("lesson.view.classifyPicture", p.name());
    }

    /** The sample's file name once the names are read, "#i" until then. */
    private String sampleName(int i) {
        return sampleNames.get().getOrDefault(i, "#" + i);
    }

    /** How a page's link to a tab of the window ({@link Page.Link#isTab()}) selects it. */
    public void setShowTab(Consumer<String> showTab) {
        this.showTab = showTab;
    }

    /** Opens lesson {@code id} (ignored if unknown). */
    public void open(String id) {
        Lessons.find(id).ifPresent(l -> open(l, true));
    }

    /** Opens the first lesson if none is open yet (the tab is shown for the first time). */
    public void openFirst() {
        if (lesson.get() == null) {
            open(Lessons.ALL.get(0), true);
        }
    }

    public void next() {
        step(1);
    }

    public void previous() {
        step(-1);
    }

    private void step(int by) {
        int i = lesson.get() == null ? -1 : Lessons.indexOf(lesson.get().id());
        int j = Math.max(0, Math.min(Lessons.ALL.size() - 1, i + by));
        if (j != i) {
            open(Lessons.ALL.get(j), true);
        }
    }

    /** Shows the lesson's network and layer in the graph and the inspector. */
    public void reveal() {
        Lesson l = lesson.get();
        if (l != null) {
            main.reveal(l.networkId(), l.layerId());
        }
    }

    /** Follows a link of the page: into the graph, or to a tab of the window. */
    public void follow(Page.Link link) {
        if (link.isTab()) {
            showTab.accept(link.target());
        } else {
            main.reveal(link.networkId(), link.target());
        }
    }

    /** The same lesson again, on the picture chosen now. */
    private void reopen() {
        if (lesson.get() != null) {
            open(lesson.get(), false);
        }
    }

    /** Opens {@code l}: its sliders start over and a running experiment stops; its page is built in the background. */
    void open(Lesson l, boolean revealInGraph) {
        lesson.set(l);
        if (revealInGraph) {
            reveal();
        }
        if (building != null) {
            building.cancel();
        }
        values.clear();
        status.set(Messages.get("lesson.view.loading"));
        stopExperiment();
        page.set(null);
        Integer item = picture.get();
        Object source = PictureContexts.source(item == null || item == CLASSIFY ? null : item, classifyPicture.get());
        building = background.submit("lesson " + l.id(), cancelled -> {
            LessonContext ctx = contexts.of(source);
            return new Built(l.page(ctx), ctx.picture().name());
        }, b -> {
            building = null;
            if (l == lesson.get()) {
                pictureName = b.picture();
                show(b.page());
            }
        }, err -> {
            building = null;
            if (l == lesson.get()) {
                status.set(Messages.get("lesson.view.error", String.valueOf(err.getMessage())));
            }
        });
    }

    private record Built(Page page, String picture) {
    }

    private void show(Page p) {
        page.set(p);
        followGraph();
        if (runWhenBuilt) {
            runWhenBuilt = false;
            runExperiment();
        }
    }

    /** The shown page's slider values (clamped); null while no page is shown. */
    public Settings settings() {
        Page p = page.get();
        return p == null ? null : p.settings(values);
    }

    /** A slider moved to {@code value}: kept clamped, and returned so, for the slider's label. */
    public double moveKnob(Knob k, double value) {
        double c = k.clamp(value);
        values.put(k.id(), c);
        followGraph();
        changed();
        return c;
    }

    /** Sets a knob as its slider would (clamped when read); for tests and automation. */
    public void setKnob(String id, double value) {
        values.put(id, value);
        followGraph();
        changed();
    }

    /** Every slider back to its initial value. */
    public void resetKnobs() {
        values.clear();
        changed();
    }

    /** A page's training/inference switch drives the graph too, so the Graph tab shows what the picture says. */
    private void followGraph() {
        Page p = page.get();
        if (p != null && p.knobs().stream().anyMatch(k -> k.id().equals(Knob.TRAINING_GRAPH))) {
            main.trainingGraphProperty().set(p.settings(values).integer(Knob.TRAINING_GRAPH) == 1);
        }
    }

    private void changed() {
        revision.set(revision.get() + 1);
    }

    /** The panel could not be drawn: said where the page is, so a painter's bug does not take the tab down. */
    public void panelFailed(RuntimeException e) {
        status.set(Messages.get("lesson.view.error", String.valueOf(e)));
    }

    /** Starts the shown page's experiment (stopping one that runs); the panel is drawn again as it records. */
    public void startExperiment() {
        Page p = page.get();
        if (p == null || p.experiment() == null) {
            return;
        }
        experiment.start(p.experiment(), () -> {
            if (page.get() == p) {
                changed();
            }
        }, error -> {
            if (page.get() == p) {
                if (error != null) {
                    main.report(Messages.get("lesson.view.error", String.valueOf(error.getMessage())));
                }
                changed();
            }
        });
    }

    /** Stops a running experiment (it ends after its current step); another may start at once. */
    public void stopExperiment() {
        experiment.stop();
    }

    /** Starts the shown page's experiment if it has one, or that of the page being built once it is (automation). */
    public void runExperiment() {
        Page p = page.get();
        if (p == null) {
            runWhenBuilt = true;
        } else if (p.experiment() != null && !experiment.isRunning()) {
            startExperiment();
        }
    }

    /** Writes the shown page, as its sliders set it, to {@code file}; the status line says how it went. */
    public void save(Path file) {
        Page p = page.get();
        if (p == null) {
            return;
        }
        Settings s = p.settings(values);
        String caption = Lessons.caption(lesson.get());
        Theme theme = shownTheme();
        background.submit("save " + p.id(), cancelled -> {
            Draw.beginTheme(theme);
            try {
                PageRenderer.writePng(p, s, caption, file);
            } finally {
                Draw.endTheme();
            }
            return file;
        }, done -> main.report(Messages.get("lesson.view.saved", done.toString())),
                err -> main.report(Messages.get("lesson.view.error", String.valueOf(err.getMessage()))));
    }

    /**
     * Writes every lesson as 16:9 slides to {@code file} (one PDF), each page as its defaults set it and the shown
     * page as its sliders do, with the current picture; the status line says how it went.
     */
    public void saveSlides(Path file) {
        Integer item = picture.get();
        Object source = PictureContexts.source(item == null || item == CLASSIFY ? null : item, classifyPicture.get());
        Lesson shown = lesson.get();
        Map<String, Double> set = new HashMap<>(values);
        Theme theme = shownTheme();
        background.submit("slides", cancelled -> {
            Draw.beginTheme(theme);
            try {
                return slides(contexts.of(source), shown, set, file, cancelled);
            } finally {
                Draw.endTheme();
            }
        }, done -> {
            if (done != null) {
                main.report(Messages.get("lesson.view.saved", done.toString()));
            }
        }, err -> main.report(Messages.get("lesson.view.slidesFailed", String.valueOf(err.getMessage()))));
    }

    /** The theme the window draws the pictures in: what it saves is what it shows. */
    static Theme shownTheme() {
        return HighContrast.isOn() ? Theme.HIGH_CONTRAST : Theme.STANDARD;
    }

    /** Every lesson as a slide, the shown one as its sliders are set; {@code null} when cancelled. */
    private static Path slides(LessonContext ctx, Lesson shown, Map<String, Double> set, Path file,
                               BooleanSupplier cancelled) throws IOException {
        List<Handout.Printed> slides = new ArrayList<>();
        for (Lesson l : Lessons.ALL) {
            if (cancelled.getAsBoolean()) {
                return null;
            }
            Page p = l.page(ctx);
            slides.add(new Handout.Printed(p, l == shown ? p.settings(set) : p.defaults(), Lessons.caption(l)));
        }
        Slides.writePdf(slides, Messages.get("lesson.handout"), file);
        return file;
    }

    /** Stops what the tab runs (the window is closing). */
    public void close() {
        stopExperiment();
    }
}
