package dev.neurite.apps;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The dependency rule of DESIGN.md: only apps names a backend; api needs nothing but the JDK; no cycles. */
class ArchitectureTest {
    private static JavaClasses neurite;

    @BeforeAll
    static void importClasses() {
        neurite = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.neurite");
    }

    @Test
    void apiDependsOnTheJdkOnly() {
        classes().that().resideInAPackage("dev.neurite.api..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.neurite.api..", "java..", "javax..", "jdk..")
                .check(neurite);
    }

    @Test
    void onlyAppsNamesABackend() {
        noClasses().that().resideOutsideOfPackages("dev.neurite.apps..", "dev.neurite.backend..")
                .should().dependOnClassesThat().resideInAPackage("dev.neurite.backend..")
                .check(neurite);
    }

    /** backend-nd4j is internal to the ND4J backends: not even apps names it, and it names no particular backend. */
    @Test
    void onlyBackendsNameTheSharedNd4jCode() {
        noClasses().that().resideOutsideOfPackages("dev.neurite.backend.cpu..", "dev.neurite.backend.cuda..",
                        "dev.neurite.backend.nd4j..")
                .should().dependOnClassesThat().resideInAPackage("dev.neurite.backend.nd4j..")
                .check(neurite);
        noClasses().that().resideInAPackage("dev.neurite.backend.nd4j..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.neurite.backend.cpu..",
                        "dev.neurite.backend.cuda..")
                .check(neurite);
    }

    @Test
    void featureModulesNeverTouchNd4j() {
        noClasses().that().resideOutsideOfPackage("dev.neurite.backend..")
                .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "org.bytedeco..")
                .check(neurite);
    }

    @Test
    void backendsDoNotDependOnFeatureModules() {
        noClasses().that().resideInAPackage("dev.neurite.backend..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.neurite.layers..", "dev.neurite.generative..",
                        "dev.neurite.apps..")
                .check(neurite);
    }

    @Test
    void layersDependOnlyOnApi() {
        noClasses().that().resideInAPackage("dev.neurite.layers..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.neurite.apps..", "dev.neurite.backend..")
                .check(neurite);
    }

    /** The conformance kit is written against api only (and JUnit), so it checks any backend without naming one. */
    @Test
    void conformanceKitNeedsOnlyApiAndJUnit() {
        classes().that().resideInAPackage("dev.neurite.conformance..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.neurite.conformance..", "dev.neurite.api..",
                        "org.junit..", "org.opentest4j..", "java..", "javax..", "jdk..")
                .check(neurite);
    }

    /** JUnit ships to users only inside the conformance kit (for neurite doctor): no other main code uses it. */
    @Test
    void onlyTheConformanceKitUsesJUnitOutsideTests() {
        noClasses().that().resideOutsideOfPackage("dev.neurite.conformance..")
                .should().dependOnClassesThat().resideInAnyPackage("org.junit..", "org.opentest4j..")
                .check(neurite);
        noClasses().that().resideInAnyPackage("dev.neurite.api..", "dev.neurite.layers..", "dev.neurite.generative..",
                        "dev.neurite.backend..")
                .should().dependOnClassesThat().resideInAPackage("dev.neurite.conformance..")
                .check(neurite);
    }

    /** generative is a feature module: api, layers and the JDK (javax.imageio for its PNG grids), nothing else. */
    @Test
    void generativeDependsOnlyOnApiAndLayers() {
        classes().that().resideInAPackage("dev.neurite.generative..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.neurite.generative..", "dev.neurite.api..",
                        "dev.neurite.layers..", "java..", "javax..", "jdk..")
                .check(neurite);
        noClasses().that().resideOutsideOfPackages("dev.neurite.generative..", "dev.neurite.apps..")
                .should().dependOnClassesThat().resideInAPackage("dev.neurite.generative..")
                .check(neurite);
    }

    /** interop-onnx sees api, layers and protobuf (its generated classes sit in dev.neurite.onnx.proto), nothing else. */
    @Test
    void onnxInteropDependsOnlyOnApiLayersAndProtobuf() {
        classes().that().resideInAPackage("dev.neurite.onnx..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.neurite.onnx..", "dev.neurite.api..",
                        "dev.neurite.layers..", "com.google.protobuf..", "java..", "javax..", "jdk..")
                .check(neurite);
        noClasses().that().resideOutsideOfPackages("dev.neurite.onnx..", "dev.neurite.apps..")
                .should().dependOnClassesThat().resideInAPackage("dev.neurite.onnx..")
                .check(neurite);
    }

    /** rl is written against api and layers only (DESIGN.md), and only apps builds on it. */
    @Test
    void rlDependsOnlyOnApiAndLayers() {
        classes().that().resideInAPackage("dev.neurite.rl..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.neurite.rl..", "dev.neurite.api..",
                        "dev.neurite.layers..", "java..", "javax..", "jdk..")
                .check(neurite);
        noClasses().that().resideOutsideOfPackages("dev.neurite.rl..", "dev.neurite.apps..")
                .should().dependOnClassesThat().resideInAPackage("dev.neurite.rl..")
                .check(neurite);
    }

    /** OSGi, Guice and the plotting library are how applications are assembled, not what models are made of. */
    @Test
    void onlyAppsUsesOsgiGuiceAndPlotting() {
        noClasses().that().resideOutsideOfPackage("dev.neurite.apps..")
                .should().dependOnClassesThat().resideInAnyPackage("org.osgi..", "org.apache.felix..", "com.google.inject..",
                        "org.knowm.xchart..")
                .check(neurite);
    }

    /** The example application bundle is carved out of the apps jar: it may use only the api and the OSGi core. */
    @Test
    void theExampleBundleUsesOnlyTheApiAndOsgi() {
        classes().that().resideInAPackage("dev.neurite.apps.examples.osgi..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.neurite.apps.examples.osgi..", "dev.neurite.api..",
                        "org.osgi.framework..", "org.osgi.util.tracker..", "java..")
                .check(neurite);
    }

    @Test
    void modulesHaveNoCycles() {
        slices().matching("dev.neurite.(*)..").should().beFreeOfCycles().check(neurite);
    }
}
