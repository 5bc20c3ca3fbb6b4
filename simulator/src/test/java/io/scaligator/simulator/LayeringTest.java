package io.scaligator.simulator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The simulator drives the pure core on simulated time: no Kafka, Kubernetes or HTTP client, no wall clock, and
 * nothing of the engine beyond its core and policy building (so it cannot drift into a second topology).
 */
class LayeringTest {

    private static final JavaClasses SIMULATOR = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.scaligator.simulator");

    @Test
    void usesNoClientLibraryAndOnlyTheEnginesCore() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.kafka..", "io.fabric8..", "io.javalin..", "io.scaligator.engine.topology..")
                .check(SIMULATOR);
    }

    @Test
    void neverReadsTheWallClock() {
        noClasses()
                .should()
                .callMethod(Instant.class, "now")
                .orShould()
                .callMethod(System.class, "currentTimeMillis")
                .check(SIMULATOR);
    }
}
