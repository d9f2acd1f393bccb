package org.cnnexplorer.ui.lessons;

import javafx.beans.property.SimpleObjectProperty;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.cnnexplorer.i18n.Messages;
import org.cnnexplorer.lessons.Knob;
import org.cnnexplorer.lessons.Lesson;
import org.cnnexplorer.lessons.LessonContext;
import org.cnnexplorer.lessons.Lessons;
import org.cnnexplorer.lessons.Page;
import org.cnnexplorer.train.RunControl;
import org.cnnexplorer.ui.Background;
import org.cnnexplorer.ui.classify.ClassifyViewModel;
import org.cnnexplorer.ui.explore.MainViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The Lessons tab's state without a toolkit: paging, opening, pictures, sliders and the live experiment. */
class LessonsViewModelTest {
    private Locale before;
    private final SimpleObjectProperty<ClassifyViewModel.Picture> classify = new SimpleObjectProperty<>();
    private final Started experiments = new Started();

    @BeforeEach
    void english() {
        before = Messages.locale();
        Messages.setLocale(Locale.ENGLISH);
    }

    @AfterEach
    void restore() {
        Messages.setLocale(before);
    }

    /** Keeps the work it is given until {@link #runAll}: a page still being built, a graph still being laid out. */
    private static final class Pending implements Background {
        private final List<Runnable> queued = new ArrayList<>();
        private int submitted;
        private int cancelled;

        @Override
        public <T> Handle submit(String title, Work<T> work, Consumer<T> onDone, Consumer<Throwable> onError) {
            submitted++;
            boolean[] off = {false};
            queued.add(() -> {
                if (!off[0]) {
                    try {
                        onDone.accept(work.run(() -> off[0]));
                    } catch (Exception e) {
                        onError.accept(e);
                    }
                }
            });
            return () -> {
                off[0] = true;
                cancelled++;
            };
        }

        /** Runs what was submitted, and what that submitted in turn. */
        void runAll() {
            while (!queued.isEmpty()) {
                queued.remove(0).run();
            }
        }
    }

    /** Keeps the experiments started: each test ends them, reports their steps, when it likes. */
    private static final class Started implements ExperimentRunner {
        record Run(Page.Experiment experiment, RunControl control, Runnable changed, Consumer<Throwable> ended) {
        }

        final List<Run> runs = new ArrayList<>();

        @Override
        public void start(Page.Experiment experiment, RunControl control, Runnable changed,
                          Consumer<Throwable> ended) {
            runs.add(new Run(experiment, control, changed, ended));
        }

        Run last() {
            return runs.get(runs.size() - 1);
        }
    }

    private static final Knob N = Knob.linear("n", "n", 1, 15, 5, 1);
    private static final Knob ALPHA = Knob.log("alpha", "α", 1e-6, 1, 1e-4);
    private static final Knob TRAINING = Knob.linear(Knob.TRAINING_GRAPH, "training", 0, 1, 1, 1);

    /** A made-up lesson on AlexNet's conv1 whose page has {@code knobs} and, if given, {@code experiment}. */
    private static Lesson lesson(String id, List<Knob> knobs, Page.Experiment experiment) {
        return new Lesson(id, "alexnet", "conv1", Set.of(), ctx -> new Page(id, id, List.of("text"), List.of(),
                List.of(), knobs, List.of(), Map.of(), (g, w, h, s) -> { }, experiment));
    }

    private static Page.Experiment experiment(String label) {
        return new Page.Experiment() {
            @Override
            public String label() {
                return label;
            }

            @Override
            public void run(BooleanSupplier cancelled, Runnable changed) {
            }
        };
    }

    private LessonsViewModel vm(MainViewModel main, Background background, ExperimentRunner runner) {
        return new LessonsViewModel(main, background, LessonContext::load, classify, runner);
    }

    private String lessonId(LessonsViewModel vm) {
        return vm.getLesson() == null ? null : vm.getLesson().id();
    }

    @Test
    void pagingStopsAtTheFirstAndTheLastLessonWithoutOpeningItAgain() {
        Pending pages = new Pending();
        LessonsViewModel vm = vm(new MainViewModel(new Pending()), pages, experiments);
        int names = pages.submitted;
        vm.previous();
        assertThat(lessonId(vm)).as("nothing open: either way starts at the first").isEqualTo("ilsvrc-history");
        assertThat(pages.submitted).isEqualTo(names + 1);
        vm.previous();
        assertThat(lessonId(vm)).isEqualTo("ilsvrc-history");
        assertThat(pages.submitted).as("the first page is not built again").isEqualTo(names + 1);
        assertThat(vm.getPage()).as("still being built").isNull();
        vm.next();
        assertThat(lessonId(vm)).isEqualTo("alexnet-input");
        assertThat(pages.cancelled).as("the first page's build was given up").isEqualTo(1);
        for (int i = 0; i < Lessons.ALL.size(); i++) {
            vm.next();
        }
        assertThat(lessonId(vm)).isEqualTo(Lessons.ALL.get(Lessons.ALL.size() - 1).id());
        int atEnd = pages.submitted;
        vm.next();
        assertThat(pages.submitted).isEqualTo(atEnd);
        vm.previous();
        String lastButOne = Lessons.ALL.get(Lessons.ALL.size() - 2).id();
        assertThat(lessonId(vm)).isEqualTo(lastButOne);
        vm.openFirst();
        assertThat(lessonId(vm)).as("only opens when none is open").isEqualTo(lastButOne);
    }

    @Test
    void slidesOfEveryLessonAreWrittenOffTheUiThreadWithTheShownPagesSliders(@TempDir Path dir) throws Exception {
        MainViewModel main = new MainViewModel(new Pending());
        LessonsViewModel vm = vm(main, Background.synchronous(), experiments);
        vm.open("alexnet-lrn");
        Path pdf = dir.resolve("slides.pdf");
        vm.saveSlides(pdf);
        assertThat(main.statusProperty().get()).isEqualTo(Messages.get("lesson.view.saved", pdf.toString()));
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            assertThat(doc.getNumberOfPages()).isEqualTo(Lessons.ALL.size());
            assertThat(doc.getPage(0).getMediaBox().getWidth() / doc.getPage(0).getMediaBox().getHeight())
                    .isCloseTo(16 / 9f, within(1e-3f));
        }
        Path unwritable = dir.resolve("missing-folder").resolve("slides.pdf");
        vm.saveSlides(unwritable);
        assertThat(main.statusProperty().get()).startsWith(Messages.get("lesson.view.slidesFailed", "").trim());
        assertThat(unwritable.getParent()).doesNotExist();
    }

    @Test
    void openingByIdShowsTheLessonsLayerInTheGraphAndBuildsItsPage() {
        Pending graph = new Pending();
        MainViewModel main = new MainViewModel(graph);
        LessonsViewModel vm = vm(main, Background.synchronous(), experiments);
        vm.open("vgg-configs");
        assertThat(lessonId(vm)).isEqualTo("vgg-configs");
        assertThat(vm.getPage().id()).isEqualTo("vgg-configs");
        graph.runAll();
        assertThat(main.getNetwork().id()).isEqualTo("vgg16");
        assertThat(main.selectedTarget()).isEqualTo("fc6");
        assertThat(vm.pictureName()).isEqualTo(LessonContext.sample(LessonContext.DEFAULT_SAMPLE).name());
        Page shown = vm.getPage();
        vm.open("no-such-lesson");
        assertThat(lessonId(vm)).isEqualTo("vgg-configs");
        assertThat(vm.getPage()).isSameAs(shown);
    }

    @Test
    void eachKnobKeepsItsValueUntilResetOrTheLessonIsOpenedAgain() {
        MainViewModel main = new MainViewModel(new Pending());
        LessonsViewModel vm = vm(main, Background.synchronous(), experiments);
        assertThat(vm.settings()).as("no page").isNull();
        Lesson l = lesson("knobs", List.of(N, ALPHA, TRAINING), null);
        vm.open(l, false);
        assertThat(vm.settings().get("n")).isEqualTo(5);
        long revision = vm.revisionProperty().get();
        assertThat(vm.moveKnob(N, 99)).as("clamped").isEqualTo(15);
        assertThat(vm.moveKnob(ALPHA, 0.01)).isCloseTo(0.01, within(1e-12));
        assertThat(vm.revisionProperty().get()).as("the panel is drawn again").isEqualTo(revision + 2);
        vm.moveKnob(N, 3);
        assertThat(vm.settings().get("n")).isEqualTo(3);
        assertThat(vm.settings().get("alpha")).as("kept while n moved").isCloseTo(0.01, within(1e-12));
        vm.setKnob("n", 99);
        assertThat(vm.settings().get("n")).isEqualTo(15);
        assertThat(vm.settings().get("alpha")).isCloseTo(0.01, within(1e-12));

        assertThat(main.trainingGraphProperty().get()).isTrue();
        vm.moveKnob(TRAINING, 0);
        assertThat(main.trainingGraphProperty().get()).as("the graph follows the switch").isFalse();
        vm.setKnob(Knob.TRAINING_GRAPH, 1);
        assertThat(main.trainingGraphProperty().get()).isTrue();

        vm.resetKnobs();
        assertThat(vm.settings().get("n")).isEqualTo(5);
        assertThat(vm.settings().get("alpha")).isCloseTo(1e-4, within(1e-12));
        vm.moveKnob(N, 7);
        vm.open(l, false);
        assertThat(vm.settings().get("n")).as("a lesson opens with its initial values").isEqualTo(5);
    }

    @Test
    void thePicturesAreNamedAndChoosingOneRebuildsThePageOnIt() {
        Pending pages = new Pending();
        LessonsViewModel vm = vm(new MainViewModel(new Pending()), pages, experiments);
        assertThat(vm.pictureLabel(3)).as("names not read yet").isEqualTo("#3");
        assertThat(vm.pictureLabel(LessonsViewModel.CLASSIFY)).isEqualTo("Classify: none, #0");
        pages.runAll();
        assertThat(vm.pictureLabel(3)).isEqualTo(LessonContext.sample(3).name());
        classify.set(new ClassifyViewModel.Picture("shirt.png", null, Optional.empty()));
        assertThat(vm.pictureLabel(LessonsViewModel.CLASSIFY)).isEqualTo("Classify: shirt.png");
        classify.set(null);

        vm.open(lesson("picture", List.of(), null), false);
        pages.runAll();
        assertThat(vm.pictureName()).isEqualTo(LessonContext.sample(LessonContext.DEFAULT_SAMPLE).name());
        vm.pictureProperty().set(3);
        assertThat(vm.getPage()).as("built again, on the chosen picture").isNull();
        pages.runAll();
        assertThat(vm.getPage()).isNotNull();
        assertThat(vm.pictureName()).isEqualTo(LessonContext.sample(3).name());
    }

    @Test
    void anExperimentStartsStopsAndEndsAndOnlyTheCurrentOneMovesTheState() {
        MainViewModel main = new MainViewModel(new Pending());
        LessonsViewModel vm = vm(main, Background.synchronous(), experiments);
        vm.open(lesson("race", List.of(N), experiment("race")), false);
        assertThat(vm.isExperimentRunning()).isFalse();

        vm.startExperiment();
        assertThat(vm.isExperimentRunning()).isTrue();
        Started.Run first = experiments.last();
        assertThat(first.experiment().label()).isEqualTo("race");
        long revision = vm.revisionProperty().get();
        first.changed().run();
        assertThat(vm.revisionProperty().get()).as("a recorded step is drawn").isEqualTo(revision + 1);
        vm.runExperiment();
        assertThat(experiments.runs).as("one runs already").hasSize(1);

        vm.stopExperiment();
        assertThat(vm.isExperimentRunning()).isFalse();
        assertThat(first.control().isCancelled()).isTrue();
        first.changed().run();
        assertThat(vm.revisionProperty().get()).as("a stopped run's steps are not drawn").isEqualTo(revision + 1);

        vm.startExperiment();
        Started.Run second = experiments.last();
        assertThat(second).isNotSameAs(first);
        first.ended().accept(null);
        assertThat(vm.isExperimentRunning()).as("the stopped run ending late leaves the new one running").isTrue();
        second.ended().accept(new IllegalStateException("out of memory"));
        assertThat(vm.isExperimentRunning()).isFalse();
        assertThat(main.statusProperty().get()).contains("out of memory");

        vm.runExperiment();
        Started.Run third = experiments.last();
        assertThat(vm.isExperimentRunning()).isTrue();
        vm.open(lesson("other", List.of(), null), false);
        assertThat(third.control().isCancelled()).as("leaving the page stops its experiment").isTrue();
        assertThat(vm.isExperimentRunning()).isFalse();
        vm.startExperiment();
        assertThat(experiments.runs).as("that page has none").hasSize(3);
    }

    @Test
    void anExperimentAskedForWhileItsPageIsBuiltStartsOnceItIs() {
        Pending pages = new Pending();
        LessonsViewModel vm = vm(new MainViewModel(new Pending()), pages, experiments);
        vm.open(lesson("race", List.of(), experiment("race")), false);
        vm.runExperiment();
        assertThat(experiments.runs).isEmpty();
        pages.runAll();
        assertThat(experiments.runs).hasSize(1);
        assertThat(vm.isExperimentRunning()).isTrue();
        experiments.last().ended().accept(null);
        assertThat(vm.isExperimentRunning()).isFalse();
    }

    @Test
    void anExperimentRunInlineSeesItsStopButton() {
        boolean[] seen = new boolean[2];
        LessonsViewModel[] vm = new LessonsViewModel[1];
        Page.Experiment stopsItself = new Page.Experiment() {
            @Override
            public String label() {
                return "stops itself";
            }

            @Override
            public void run(BooleanSupplier cancelled, Runnable changed) {
                seen[0] = vm[0].isExperimentRunning() && !cancelled.getAsBoolean();
                vm[0].stopExperiment();
                seen[1] = cancelled.getAsBoolean();
            }
        };
        ExperimentRunner inline = (experiment, control, changed, ended) -> {
            try {
                experiment.run(control::isCancelled, changed);
                ended.accept(null);
            } catch (Exception e) {
                ended.accept(e);
            }
        };
        vm[0] = vm(new MainViewModel(new Pending()), Background.synchronous(), inline);
        vm[0].open(lesson("inline", List.of(), stopsItself), false);
        vm[0].startExperiment();
        assertThat(seen[0]).as("running, not cancelled, while it runs").isTrue();
        assertThat(seen[1]).as("■ reaches the experiment").isTrue();
        assertThat(vm[0].isExperimentRunning()).isFalse();
    }
}
