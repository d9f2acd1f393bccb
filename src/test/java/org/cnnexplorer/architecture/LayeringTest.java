package org.cnnexplorer.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.cnnexplorer.engine.Model;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * README's "Layout of the code" as one rule: each row's "may use" column is its layer's {@code mayOnlyAccessLayers}.
 * Every dependency counts, the libraries' too, so the core stays plain Java and nothing in the window touches
 * ND4J or DL4J. The window kit ({@code ui}) is a layer of its own below the tabs ({@code ui.*}).
 */
@AnalyzeClasses(packages = "org.cnnexplorer", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {
    private static final String[] DEEP_LEARNING = {"org.nd4j..", "org.deeplearning4j..", "org.datavec..",
            "org.bytedeco.."};
    private static final String[] TOOLKIT = {"javafx..", "org.controlsfx.."};
    private static final String[] JDK = {"java.."};
    private static final String[] CORE = {"arch", "i18n", "io", "JDK"};

    /**
     * Jackson, protobuf (and the ONNX classes generated with it), picocli, JFreeChart, ELK, TwelveMonkeys, JNA,
     * javax.imageio: all but ours, java.*, the engine's, FX.
     */
    private static final DescribedPredicate<JavaClass> OTHER_LIBRARIES = DescribedPredicate.not(resideInAnyPackage(
            Stream.of(new String[] {"org.cnnexplorer.."}, DEEP_LEARNING, TOOLKIT, JDK).flatMap(Stream::of)
                    .toArray(String[]::new))).as("other libraries");

    @ArchTest
    static final ArchRule dependenciesPointInward = layeredArchitecture().consideringAllDependencies()
            .layer("arch").definedBy("org.cnnexplorer.arch..")
            .layer("i18n").definedBy("org.cnnexplorer.i18n..")
            .layer("io").definedBy("org.cnnexplorer.io..")
            .layer("diagram").definedBy("org.cnnexplorer.diagram..")
            .layer("report").definedBy("org.cnnexplorer.report..")
            .layer("engine").definedBy("org.cnnexplorer.engine..")
            .layer("onnx").definedBy("org.cnnexplorer.onnx..")
            .layer("data").definedBy("org.cnnexplorer.data..")
            .layer("weights").definedBy("org.cnnexplorer.weights..")
            .layer("train").definedBy("org.cnnexplorer.train..")
            .layer("experiments").definedBy("org.cnnexplorer.experiments..")
            .layer("lessons").definedBy("org.cnnexplorer.lessons..")
            .layer("ui kit").definedBy("org.cnnexplorer.ui")
            .layer("ui.explore").definedBy("org.cnnexplorer.ui.explore..")
            .layer("ui.train").definedBy("org.cnnexplorer.ui.train..")
            .layer("ui.classify").definedBy("org.cnnexplorer.ui.classify..")
            .layer("ui.degradation").definedBy("org.cnnexplorer.ui.degradation..")
            .layer("ui.lessons").definedBy("org.cnnexplorer.ui.lessons..")
            .layer("cli").definedBy("org.cnnexplorer.cli..")
            .layer("app").definedBy("org.cnnexplorer.app..")
            .optionalLayer("JDK").definedBy(JDK)
            .optionalLayer("ND4J/DL4J").definedBy(DEEP_LEARNING)
            .optionalLayer("JavaFX").definedBy(TOOLKIT)
            .optionalLayer("other libraries").definedBy(OTHER_LIBRARIES)

            .whereLayer("arch").mayOnlyAccessLayers("JDK")
            .whereLayer("i18n").mayOnlyAccessLayers("JDK")
            .whereLayer("io").mayOnlyAccessLayers("JDK")
            .whereLayer("diagram").mayOnlyAccessLayers(with("other libraries"))
            .whereLayer("report").mayOnlyAccessLayers(with("other libraries"))
            .whereLayer("engine").mayOnlyAccessLayers(with("ND4J/DL4J", "other libraries"))
            .whereLayer("onnx").mayOnlyAccessLayers(with("other libraries"))
            .whereLayer("data").mayOnlyAccessLayers(with("other libraries"))
            .whereLayer("weights").mayOnlyAccessLayers(with("engine", "onnx", "data", "ND4J/DL4J",
                    "other libraries"))
            .whereLayer("train").mayOnlyAccessLayers(with("engine", "weights", "data", "ND4J/DL4J",
                    "other libraries"))
            .whereLayer("experiments").mayOnlyAccessLayers(with("train", "engine", "weights", "data", "ND4J/DL4J",
                    "other libraries"))
            .whereLayer("lessons").mayOnlyAccessLayers(with("experiments", "train", "weights", "engine", "data",
                    "other libraries"))
            .whereLayer("ui kit").mayOnlyAccessLayers(with("train", "engine", "weights", "data", "diagram", "JavaFX",
                    "other libraries"))
            .whereLayer("ui.explore").mayOnlyAccessLayers(with("ui kit", "diagram", "report", "JavaFX",
                    "other libraries"))
            .whereLayer("ui.train").mayOnlyAccessLayers(with("ui kit", "train", "engine", "weights", "data",
                    "diagram", "JavaFX", "other libraries"))
            .whereLayer("ui.degradation").mayOnlyAccessLayers(with("ui kit", "experiments", "train", "engine",
                    "data", "JavaFX", "other libraries"))
            .whereLayer("ui.classify").mayOnlyAccessLayers(with("ui kit", "ui.explore", "engine", "weights",
                    "onnx", "data", "diagram", "JavaFX", "other libraries"))
            .whereLayer("ui.lessons").mayOnlyAccessLayers(with("ui kit", "ui.explore", "ui.classify", "lessons",
                    "experiments", "train", "engine", "data", "diagram", "JavaFX", "other libraries"))
            .whereLayer("cli").mayOnlyAccessLayers(with("lessons", "experiments", "train", "weights", "onnx",
                    "engine", "data", "diagram", "report", "other libraries"))
            .whereLayer("app").mayOnlyAccessLayers(with("cli", "ui.explore", "ui.train", "ui.classify",
                    "ui.degradation", "ui.lessons", "ui kit", "lessons", "experiments", "train", "weights", "onnx",
                    "engine", "data", "diagram", "report", "ND4J/DL4J", "JavaFX", "other libraries"));

    /** No two packages depend on each other through any chain, the sub-packages of one folder included. */
    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("org.cnnexplorer.(**)").should()
            .beFreeOfCycles();

    /**
     * The window's packages may use the engine's own facade (a {@link Model}, its predictions and activations as
     * plain arrays) but never a type of ND4J or DL4J: their arrays must not reach the FX thread.
     */
    @ArchTest
    static final ArchRule noDeepLearningTypeInTheWindow = noClasses().that()
            .resideInAPackage("org.cnnexplorer.ui..")
            .should().dependOnClassesThat().resideInAnyPackage(DEEP_LEARNING);

    /**
     * {@code Model.graph()} hands out the DL4J network itself; a call that only passes it on is no dependency the
     * rule above sees.
     */
    @ArchTest
    static final ArchRule windowNeverReachesIntoTheDl4jGraph = noClasses().that()
            .resideInAPackage("org.cnnexplorer.ui..")
            .should().callMethod(Model.class, "graph");

    /**
     * Two classes that refer to each other are one piece split in two files: whoever changes one must read both.
     * Nested classes count with their outer class.
     */
    @Test
    void noTwoTopLevelClassesReferToEachOther() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.cnnexplorer");
        Map<String, Set<String>> uses = new TreeMap<>();
        for (JavaClass c : classes) {
            String from = topLevel(c);
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String to = topLevel(d.getTargetClass().getBaseComponentType());
                if (!to.equals(from) && to.startsWith("org.cnnexplorer.")) {
                    uses.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
                }
            }
        }
        Set<String> pairs = new TreeSet<>();
        uses.forEach((a, targets) -> targets.stream()
                .filter(b -> a.compareTo(b) < 0 && uses.getOrDefault(b, Set.of()).contains(a))
                .forEach(b -> pairs.add(a + " <-> " + b)));
        assertThat(pairs).isEmpty();
    }

    private static String topLevel(JavaClass c) {
        JavaClass top = c;
        while (top.getEnclosingClass().isPresent()) {
            top = top.getEnclosingClass().get();
        }
        return top.getName();
    }

    /** The core layers (arch, i18n, io, the JDK) and the given ones: every layer above the core may use the core. */
    private static String[] with(String... layers) {
        return Stream.concat(Stream.of(CORE), Stream.of(layers)).toArray(String[]::new);
    }
}
