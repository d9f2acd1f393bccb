package org.cnnexplorer.ui;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The explorer draws from the catalog only: no DL4J/ND4J in ui or graph, and no JavaFX in the drawing model. */
class UiLayeringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.cnnexplorer");

    @Test
    void uiAndGraphNeverTouchTheEngine() {
        noClasses().that().resideInAnyPackage("org.cnnexplorer.ui..", "org.cnnexplorer.graph..")
                .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "org.deeplearning4j..",
                        "org.cnnexplorer.dl4j..", "org.cnnexplorer.train..", "org.cnnexplorer.data..")
                .check(CLASSES);
    }

    @Test
    void theDrawingModelNeedsNoToolkit() {
        noClasses().that().resideInAPackage("org.cnnexplorer.graph..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.cnnexplorer.ui..")
                .check(CLASSES);
    }
}
