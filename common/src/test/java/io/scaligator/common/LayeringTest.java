package io.scaligator.common;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The event, config and target packages are the contract every module shares: they stay free of clients. */
class LayeringTest {

    private static final JavaClasses COMMON = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.scaligator.common");

    @Test
    void eventConfigAndTargetPackagesImportNoKafkaFabric8OrJavalin() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.scaligator.common.event..",
                        "io.scaligator.common.config..",
                        "io.scaligator.common.target..",
                        "io.scaligator.common.schedule..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..", "io.fabric8..", "io.javalin..")
                .because("the event and config model must not depend on any client library")
                .check(COMMON);
    }

    @Test
    void eventConfigAndTargetPackagesDoNotDependOnTheSerdeKafkaOrOpsPackages() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.scaligator.common.event..",
                        "io.scaligator.common.config..",
                        "io.scaligator.common.target..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.scaligator.common.serde..", "io.scaligator.common.kafka..", "io.scaligator.common.ops..")
                .check(COMMON);
    }

    @Test
    void eventsDoNotReadTheWallClock() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.scaligator.common.event..",
                        "io.scaligator.common.target..",
                        "io.scaligator.common.schedule..")
                .should()
                .callMethod(java.time.Instant.class, "now")
                .orShould()
                .callMethod(System.class, "currentTimeMillis")
                .because("event time comes from the records, never from the wall clock")
                .check(COMMON);
    }
}
