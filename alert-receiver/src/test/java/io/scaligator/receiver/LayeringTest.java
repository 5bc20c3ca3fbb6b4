package io.scaligator.receiver;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Mapping, ids and payload validation stay pure; each outside system is reached through one class only. */
class LayeringTest {

    private static final JavaClasses RECEIVER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.scaligator.receiver");

    @Test
    void coreAndPayloadImportNoClientOrServerLibrary() {
        noClasses()
                .that()
                .resideInAnyPackage("io.scaligator.receiver.core..", "io.scaligator.receiver.payload..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.kafka..", "io.fabric8..", "io.javalin..", "org.eclipse.jetty..", "io.micrometer..")
                .check(RECEIVER);
    }

    @Test
    void onlyTheKafkaPackageTalksToKafkaAndOnlyTheKubePackageToKubernetes() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.scaligator.receiver.kafka..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..")
                .check(RECEIVER);
        noClasses()
                .that()
                .resideOutsideOfPackages("io.scaligator.receiver.kube..", "io.scaligator.receiver")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.fabric8..")
                .check(RECEIVER);
    }

    @Test
    void logicReadsTimeOnlyFromAnInjectedClock() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.scaligator.receiver.core..",
                        "io.scaligator.receiver.payload..",
                        "io.scaligator.receiver.http..")
                .should()
                .callMethod(java.time.Instant.class, "now")
                .orShould()
                .callMethod(System.class, "currentTimeMillis")
                .orShould()
                .callMethod(java.time.Clock.class, "systemUTC")
                .check(RECEIVER);
    }
}
