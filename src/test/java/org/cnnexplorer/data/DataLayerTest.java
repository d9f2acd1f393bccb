package org.cnnexplorer.data;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The data package sits below the engine and the UI: it may use arch and i18n, never DL4J, ND4J or JavaFX. */
class DataLayerTest {
    @Test
    void dataDependsOnNeitherTheEngineNorTheUi() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.cnnexplorer.data");
        noClasses().that().resideInAPackage("org.cnnexplorer.data..")
                .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "org.deeplearning4j..",
                        "org.datavec..", "javafx..", "org.cnnexplorer.dl4j..", "org.cnnexplorer.train..",
                        "org.cnnexplorer.ui..", "org.cnnexplorer.cli..")
                .check(classes);
    }
}
