package org.cnnexplorer.live;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.cnnexplorer.dl4j.Model;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The live views use the engine only through plain-Java APIs: no ND4J array can reach the FX thread. */
class LiveLayeringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.cnnexplorer");

    @Test
    void liveViewsNeverTouchNd4jOrDl4j() {
        noClasses().that().resideInAPackage("org.cnnexplorer.live..")
                .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "org.deeplearning4j..")
                .check(CLASSES);
    }

    @Test
    void liveViewsNeverReachIntoTheDl4jGraph() {
        noClasses().that().resideInAPackage("org.cnnexplorer.live..")
                .should().callMethod(Model.class, "graph")
                .check(CLASSES);
    }

    @Test
    void nothingButTheLauncherDependsOnTheLiveViews() {
        noClasses().that().resideOutsideOfPackages("org.cnnexplorer.live..", "org.cnnexplorer.app..")
                .should().dependOnClassesThat().resideInAPackage("org.cnnexplorer.live..")
                .check(CLASSES);
    }
}
