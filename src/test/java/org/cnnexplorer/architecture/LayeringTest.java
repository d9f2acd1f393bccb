package org.cnnexplorer.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.cnnexplorer.dl4j.Model;

import java.util.stream.Stream;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/**
 * README's "Layout of the code" as one rule: each row's "may use" column is its layer's {@code mayOnlyAccessLayers}.
 * Every dependency counts, the libraries' too, so the core stays plain Java and nothing above the engine touches
 * ND4J or DL4J.
 */
@AnalyzeClasses(packages = "org.cnnexplorer", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {
    private static final String[] DEEP_LEARNING = {"org.nd4j..", "org.deeplearning4j..", "org.datavec..",
            "org.bytedeco.."};
    private static final String[] TOOLKIT = {"javafx..", "org.controlsfx.."};
    private static final String[] JDK = {"java.."};

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
            .layer("graph").definedBy("org.cnnexplorer.graph..")
            .layer("report").definedBy("org.cnnexplorer.report..")
            .layer("dl4j").definedBy("org.cnnexplorer.dl4j..")
            .layer("data").definedBy("org.cnnexplorer.data..")
            .layer("train").definedBy("org.cnnexplorer.train..")
            .layer("onnx").definedBy("org.cnnexplorer.onnx..")
            .layer("ui").definedBy("org.cnnexplorer.ui..")
            .layer("lessons").definedBy("org.cnnexplorer.lessons..")
            .layer("live").definedBy("org.cnnexplorer.live..")
            .layer("cli").definedBy("org.cnnexplorer.cli..")
            .layer("app").definedBy("org.cnnexplorer.app..")
            .optionalLayer("JDK").definedBy(JDK)
            .optionalLayer("ND4J/DL4J").definedBy(DEEP_LEARNING)
            .optionalLayer("JavaFX").definedBy(TOOLKIT)
            .optionalLayer("other libraries").definedBy(OTHER_LIBRARIES)

            .whereLayer("arch").mayOnlyAccessLayers("JDK")
            .whereLayer("i18n").mayOnlyAccessLayers("JDK")
            .whereLayer("io").mayOnlyAccessLayers("JDK")
            .whereLayer("graph").mayOnlyAccessLayers("arch", "io", "JDK", "other libraries")
            .whereLayer("report").mayOnlyAccessLayers("arch", "JDK", "other libraries")
            .whereLayer("dl4j").mayOnlyAccessLayers("arch", "io", "JDK", "ND4J/DL4J", "other libraries")
            .whereLayer("data").mayOnlyAccessLayers("arch", "i18n", "io", "JDK", "other libraries")
            .whereLayer("train").mayOnlyAccessLayers("dl4j", "data", "arch", "i18n", "io", "JDK", "ND4J/DL4J",
                    "other libraries")
            .whereLayer("onnx").mayOnlyAccessLayers("dl4j", "data", "arch", "io", "JDK", "other libraries")
            .whereLayer("ui").mayOnlyAccessLayers("graph", "report", "arch", "i18n", "io", "JDK", "JavaFX",
                    "other libraries")
            .whereLayer("lessons").mayOnlyAccessLayers("dl4j", "data", "train", "arch", "i18n", "io", "JDK",
                    "other libraries")
            .whereLayer("live").mayOnlyAccessLayers("ui", "lessons", "train", "onnx", "data", "dl4j", "graph", "arch",
                    "i18n", "io", "JDK", "JavaFX", "other libraries")
            .whereLayer("cli").mayOnlyAccessLayers("lessons", "train", "onnx", "data", "dl4j", "graph", "report", "arch",
                    "i18n", "io", "JDK", "other libraries")
            .whereLayer("app").mayOnlyAccessLayers("cli", "live", "lessons", "ui", "train", "onnx", "data", "dl4j", "graph",
                    "report", "arch", "i18n", "io", "JDK", "ND4J/DL4J", "JavaFX", "other libraries");

    /**
     * The live views may use dl4j's plain-Java API only: {@code Model.graph()} hands out the DL4J network, whose
     * arrays must never reach the FX thread, and a call that only passes it on is no dependency the rule above sees.
     */
    @ArchTest
    static final ArchRule liveViewsNeverReachIntoTheDl4jGraph = noClasses().that()
            .resideInAPackage("org.cnnexplorer.live..")
            .should().callMethod(Model.class, "graph");
}
