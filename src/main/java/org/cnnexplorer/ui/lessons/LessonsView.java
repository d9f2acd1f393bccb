package org.cnnexplorer.ui.lessons;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.WeakChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.lessons.Lesson;
import org.cnnexplorer.lessons.Lessons;
import org.cnnexplorer.lessons.Page;
import org.cnnexplorer.lessons.Settings;
import org.cnnexplorer.ui.Background;
import org.cnnexplorer.ui.Models;
import org.cnnexplorer.ui.Projector;
import org.cnnexplorer.ui.classify.ClassifyViewModel;
import org.cnnexplorer.ui.explore.MainViewModel;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Lessons tab: the lessons in lecture order in the toolbar; the page (text, formulas, table, links into the graph)
 * and its live panel with sliders on the right. Opening a lesson selects its network and layer in the graph (the
 * inspector beside shows that layer); Page Up / Page Down walks the lessons, for a teacher at a projector. The panel
 * is the same Java2D drawing as {@code lesson ID --out}. What it shows is {@link LessonsViewModel}'s.
 */
public final class LessonsView extends BorderPane {
    private final LessonsViewModel vm;
    private final ComboBox<Lesson> list = new ComboBox<>();
    private final Label title = new Label();
    private final Label caption = new Label();
    private final VBox body = new VBox(10);
    private final VBox knobsBox = new VBox(6);
    private final KnobRows knobs = new KnobRows();
    private final PanelCanvas panel;
    private final Label status = new Label();
    private final PictureChooser picture;
    /** The page's text column. */
    private final ScrollPane text = new ScrollPane();
    /** The shown page's paragraphs, formulas, table and links, placed by {@link #fillText}. */
    private List<Node> pageText = List.of();
    private final Button run = new Button();
    private final Button stop = new Button(Messages.get("lesson.view.cancel"));
    /** Re-arranges the page when projector mode changes (held here: the property only keeps a weak reference). */
    private final ChangeListener<Boolean> projectorListener = (o, was, on) -> arrange(on);

    /** @param classifyPicture the picture shown in Classify: the lessons' current picture unless a sample is chosen */
    public LessonsView(MainViewModel main, Background background, Models models,
                       ReadOnlyObjectProperty<ClassifyViewModel.Picture> classifyPicture) {
        vm = new LessonsViewModel(main, background, models::get, classifyPicture, new LongTaskExperiments());
        picture = new PictureChooser(vm::pictureLabel);
        panel = new PanelCanvas(this::panelFailed);
        setId("lessons");
        getStyleClass().add("lessons-view");
        createView();
        initListeners();
        // the chooser's first item names Classify's picture
        classifyPicture.addListener((o, a, b) -> picture.relabel());
    }

    public LessonsViewModel viewModel() {
        return vm;
    }

    private void createView() {
        list.setId("lesson-list");
        list.getItems().setAll(Lessons.ALL);
        list.setCellFactory(v -> new LessonCell());
        list.setButtonCell(new LessonCell());
        list.setVisibleRowCount(Lessons.ALL.size());
        // as wide as its longest title, in every language and at projector sizes: the bar wraps around it instead
        MenuWidth.track(list, LessonsView::menuLabel);

        Button prev = button("lesson-previous", "lesson.view.previous", vm::previous);
        Button next = button("lesson-next", "lesson.view.next", vm::next);
        Button show = button("lesson-show", "lesson.view.show", vm::reveal);
        Button reset = button("lesson-reset", "lesson.view.reset", () -> {
            vm.resetKnobs();
            showKnobs();
        });
        Button save = button("lesson-save", "lesson.view.save", this::save);
        Button slides = button("lesson-slides", "lesson.view.slides", this::saveSlides);
        Label keys = new Label(Messages.get("lesson.view.keys"));
        keys.getStyleClass().add("muted");
        // wraps instead of a ToolBar's overflow menu, which at 1600 px beside the inspector hid the keys' hint
        FlowPane bar = new FlowPane(6, 4, prev, list, next, new Separator(Orientation.VERTICAL), show, reset, save,
                slides, new Separator(Orientation.VERTICAL), new Label(Messages.get("lesson.view.picture")), picture,
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
        status.textProperty().bind(vm.statusProperty());
        body.setPadding(new Insets(10));
        body.setFillWidth(true);
        text.setContent(body);
        text.setId("lesson-text");
        text.setFitToWidth(true);
        text.setPrefWidth(380);
        text.setMinWidth(280);

        run.setId("lesson-run");
        run.setOnAction(e -> vm.startExperiment());
        run.disableProperty().bind(vm.experimentRunningProperty());
        stop.setId("lesson-stop");
        stop.setOnAction(e -> vm.stopExperiment());
        stop.disableProperty().bind(vm.experimentRunningProperty().not());
        knobsBox.setId("lesson-knobs");
        knobsBox.setPadding(new Insets(8, 10, 4, 10));
        setTop(bar);
        arrange(Projector.isOn());
        Projector.onProperty().addListener(new WeakChangeListener<>(projectorListener));
    }

    private static Button button(String id, String key, Runnable action) {
        Button b = new Button(Messages.get(key));
        b.setId(id);
        b.setOnAction(e -> action.run());
        b.setMinWidth(Region.USE_PREF_SIZE);
        return b;
    }

    /**
     * The text beside the sliders and picture, the picture fitted to the space; or, in projector mode, the title
     * across the top and below it, beside the picture at the full height left, the formulas first, then the sliders
     * and the rest of the text (scrolling): the title, the key formula and the picture stay on the screen together.
     */
    private void arrange(boolean projector) {
        if (projector) {
            VBox head = new VBox(2, title, caption);
            head.setPadding(new Insets(6, 10, 0, 10));
            text.prefWidthProperty().bind(widthProperty().multiply(0.34));
            HBox.setHgrow(panel, Priority.ALWAYS);
            HBox row = new HBox(6, text, panel);
            VBox.setVgrow(row, Priority.ALWAYS);
            VBox page = new VBox(4, head, row);
            page.setId("lesson-column");
            setCenter(page);
        } else {
            text.prefWidthProperty().unbind();
            text.setPrefWidth(380);
            VBox right = new VBox(4, knobsBox, panel);
            VBox.setVgrow(panel, Priority.ALWAYS);
            HBox.setHgrow(right, Priority.ALWAYS);
            setCenter(new HBox(text, right));
        }
        fillText();
    }

    /**
     * The text column: title, caption and the page's text; in projector mode (title above) the formulas first, then
     * the sliders, then the rest.
     */
    private void fillText() {
        List<Node> nodes = new ArrayList<>(pageText);
        if (Projector.isOn()) {
            int f = indexOfFormulas(nodes);
            nodes.add(0, knobsBox);
            if (f >= 0) {
                nodes.add(0, nodes.remove(f + 1));
            }
        } else {
            nodes.addAll(0, List.of(title, caption));
        }
        if (vm.getPage() == null) {
            nodes.add(status);
        }
        body.getChildren().setAll(nodes);
    }

    private static int indexOfFormulas(List<Node> nodes) {
        for (int i = 0; i < nodes.size(); i++) {
            if ("lesson-formulas".equals(nodes.get(i).getId())) {
                return i;
            }
        }
        return -1;
    }

    /** "3. Local response normalisation (LRN)": the lessons numbered in lecture order. */
    static String menuLabel(Lesson l) {
        return (Lessons.indexOf(l.id()) + 1) + ". " + l.title();
    }

    private static final class LessonCell extends ListCell<Lesson> {
        @Override
        protected void updateItem(Lesson l, boolean empty) {
            super.updateItem(l, empty);
            setText(empty || l == null ? null : menuLabel(l));
        }
    }

    private void initListeners() {
        list.valueProperty().addListener((o, a, l) -> {
            if (l != null && l != vm.getLesson()) {
                vm.open(l, true);
            }
        });
        picture.valueProperty().bindBidirectional(vm.pictureProperty());
        vm.sampleNamesProperty().addListener((o, a, b) -> picture.relabel());
        vm.lessonProperty().addListener((o, a, l) -> {
            list.setValue(l);
            title.setText(l.title());
            caption.setText(Lessons.caption(l));
            preparing();
        });
        vm.pageProperty().addListener((o, a, p) -> {
            if (p == null) {
                preparing();
            } else {
                show(p);
            }
        });
        vm.revisionProperty().addListener((o, a, b) -> panel.show(vm.getPage(), vm.settings()));
        // before the list or a scroll pane use them to scroll
        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.PAGE_DOWN) {
                vm.next();
                e.consume();
            } else if (e.getCode() == KeyCode.PAGE_UP) {
                vm.previous();
                e.consume();
            }
        });
    }

    /** The lesson's title and "preparing the page" while its page is built; no sliders, a blank panel. */
    private void preparing() {
        pageText = List.of();
        fillText();
        knobs.stopPlaying();
        knobsBox.getChildren().clear();
        panel.show(null, null);
    }

    private void show(Page p) {
        title.setText(p.title());
        pageText = PageText.of(p, vm::follow);
        fillText();
        showKnobs();
        panel.show(p, vm.settings());
    }

    /** The page's sliders as the view-model holds them, below ▶ / ■ of its experiment if it has one. */
    private void showKnobs() {
        knobsBox.getChildren().clear();
        Page p = vm.getPage();
        if (p == null) {
            knobs.stopPlaying();
            return;
        }
        if (p.experiment() != null) {
            run.setText(Messages.get("lesson.view.run", p.experiment().label()));
            HBox box = new HBox(8, run, stop);
            box.setAlignment(Pos.CENTER_LEFT);
            knobsBox.getChildren().add(box);
        }
        knobsBox.getChildren().addAll(knobs.rows(p.knobs(), vm.settings(), vm::moveKnob));
    }

    private void panelFailed(RuntimeException e) {
        vm.panelFailed(e);
        if (!body.getChildren().contains(status)) {
            body.getChildren().add(status);
        }
    }

    private void save() {
        Page p = vm.getPage();
        if (p == null) {
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle(Messages.get("lesson.view.save"));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG", "*.png"));
        fc.setInitialFileName(p.id() + ".png");
        File f = fc.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) {
            vm.save(f.toPath());
        }
    }

    private void saveSlides() {
        FileChooser fc = new FileChooser();
        fc.setTitle(Messages.get("lesson.view.slides"));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PDF", "*.pdf"));
        fc.setInitialFileName("slides.pdf");
        File f = fc.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) {
            vm.saveSlides(f.toPath());
        }
    }

    /** How a page's link to a tab of the window ({@link Page.Link#isTab()}) selects it. */
    public void setShowTab(Consumer<String> showTab) {
        vm.setShowTab(showTab);
    }

    /** Opens lesson {@code id} (ignored if unknown). */
    public void open(String id) {
        vm.open(id);
    }

    public Lesson current() {
        return vm.getLesson();
    }

    public Page page() {
        return vm.getPage();
    }

    public void next() {
        vm.next();
    }

    public void previous() {
        vm.previous();
    }

    /** Shows the lesson's network and layer in the graph and the inspector. */
    public void reveal() {
        vm.reveal();
    }

    /** The name of the picture the shown page works on (Classify's, or a sample's); null before the first page. */
    public String pictureName() {
        return vm.pictureName();
    }

    /** Stops a running experiment (it ends after its current step). */
    public void stopExperiment() {
        vm.stopExperiment();
    }

    /** Starts the shown page's experiment, if it has one (automation, tests). */
    public void runExperiment() {
        vm.runExperiment();
    }

    /** Sets a knob as the slider would (clamped); for tests and automation. */
    public void setKnob(String id, double value) {
        vm.setKnob(id, value);
        showKnobs();
    }

    public Settings settings() {
        return vm.settings();
    }

    /** Stops what the tab runs (the window is closing). */
    public void close() {
        vm.close();
        knobs.stopPlaying();
    }

    /** Called when the tab is shown: opens the first lesson the first time, and takes the keyboard. */
    public void shown() {
        vm.openFirst();
        list.requestFocus();
    }
}
