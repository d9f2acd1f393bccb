package org.cnnexplorer.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Dependencies point inward: ui → engine (dl4j, train, data) → core (arch). */
@AnalyzeClasses(packages = "org.cnnexplorer", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule coreIsPlainJava = classes().that().resideInAPackage("org.cnnexplorer.arch..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.cnnexplorer.arch..");

    @ArchTest
    static final ArchRule i18nIsALeaf = classes().that().resideInAPackage("org.cnnexplorer.i18n..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.cnnexplorer.i18n..");

    @ArchTest
    static final ArchRule ioIsALeaf = classes().that().resideInAPackage("org.cnnexplorer.io..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.cnnexplorer.io..");

    @ArchTest
    static final ArchRule uiNeverTouchesNd4jOrDl4j = noClasses().that()
            .resideInAnyPackage("org.cnnexplorer.ui..", "org.cnnexplorer.live..", "org.cnnexplorer.graph..")
            .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "org.deeplearning4j..")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule nothingButUiAndAppUsesJavaFx = noClasses().that()
            .resideInAnyPackage("org.cnnexplorer.arch..", "org.cnnexplorer.dl4j..", "org.cnnexplorer.data..",
                    "org.cnnexplorer.train..", "org.cnnexplorer.report..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..");

    @ArchTest
    static final ArchRule engineNeverReachesOutward = noClasses().that()
            .resideInAnyPackage("org.cnnexplorer.arch..", "org.cnnexplorer.dl4j..", "org.cnnexplorer.data..",
                    "org.cnnexplorer.train..", "org.cnnexplorer.report..", "org.cnnexplorer.graph..")
            .should().dependOnClassesThat().resideInAnyPackage("org.cnnexplorer.ui..", "org.cnnexplorer.live..",
                    "org.cnnexplorer.cli..", "org.cnnexplorer.app..");

    /** Lessons are drawn with Java2D for the window, the PNG and the PDF alike: no toolkit, no ND4J arrays. */
    @ArchTest
    static final ArchRule lessonsUseTheEngineThroughPlainJava = noClasses().that()
            .resideInAPackage("org.cnnexplorer.lessons..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.nd4j..", "org.deeplearning4j..",
                    "org.cnnexplorer.ui..", "org.cnnexplorer.live..", "org.cnnexplorer.cli..", "org.cnnexplorer.app..");

    @ArchTest
    static final ArchRule dataKnowsNoDeepLearningLibrary = noClasses().that().resideInAPackage("org.cnnexplorer.data..")
            .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "org.deeplearning4j..")
            .allowEmptyShould(true);
}
