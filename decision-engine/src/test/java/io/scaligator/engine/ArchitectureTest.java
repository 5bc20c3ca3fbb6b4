package io.scaligator.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** The decision core stays pure: no Kafka, HTTP, Kubernetes client, JSON or wall clock. */
class ArchitectureTest {

    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.scaligator.engine");
    private static final String[] PURE = {"io.scaligator.engine.core.."};

    @Test
    void coreImportsNoKafkaHttpOrKubernetes() {
        ArchRule rule = noClasses()
                .that()
                .resideInAnyPackage(PURE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.kafka..",
                        "io.fabric8..",
                        "io.javalin..",
                        "com.sun.net.httpserver..",
                        "java.net.http..",
                        "io.micrometer..",
                        "io.scaligator.common.kafka..",
                        "io.scaligator.common.ops..",
                        "io.scaligator.engine");
        rule.check(ENGINE);
    }

    @Test
    void coreReadsAndWritesNoJson() {
        ArchRule rule = noClasses()
                .that()
                .resideInAnyPackage(PURE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.fasterxml.jackson..", "tools.jackson..", "io.scaligator.common.serde..");
        rule.check(ENGINE);
    }

    @Test
    void coreNeverReadsTheWallClock() {
        ArchRule rule = noClasses()
                .that()
                .resideInAnyPackage(PURE)
                .should()
                .callMethod(Instant.class, "now")
                .orShould()
                .callMethod(System.class, "currentTimeMillis")
                .orShould()
                .callMethod(System.class, "nanoTime")
                .orShould()
                .callMethod(Clock.class, "systemUTC")
                .orShould()
                .callMethod(Clock.class, "systemDefaultZone")
                .orShould()
                .callMethod(ZonedDateTime.class, "now")
                .orShould()
                .callMethod(LocalDateTime.class, "now")
                .orShould()
                .dependOnClassesThat()
                .areAssignableTo(java.util.Random.class);
        rule.check(ENGINE);
    }
}
