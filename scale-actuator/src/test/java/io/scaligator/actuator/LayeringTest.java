package io.scaligator.actuator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The command policy stays pure: no Kafka, fabric8, HTTP or Micrometer, so it is decided the same everywhere. */
class LayeringTest {

    @Test
    void policyImportsNoOutsideSystem() {
        noClasses()
                .that()
                .resideInAPackage("io.scaligator.actuator.policy..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.kafka..",
                        "io.fabric8..",
                        "io.javalin..",
                        "io.micrometer..",
                        "com.sun.net.httpserver..",
                        "java.net.http..")
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.scaligator.actuator"));
    }
}
