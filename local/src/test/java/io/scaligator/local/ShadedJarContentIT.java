package io.scaligator.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the all-in-one jar ships: the product (the four services, the embedded broker and simulated cluster) and
 * nothing of the tests. The jar is built by the shade plugin in {@code package}, before Failsafe runs this.
 */
class ShadedJarContentIT {

    private static final Path JAR = Path.of("target", "scaligator-local.jar");
    /** Every module's compiled tests, next to this one in the reactor. */
    private static final Path REACTOR = Path.of("..");
    /** Test libraries, by package and by the Maven metadata the shade plugin copies. */
    private static final List<String> TEST_LIBRARIES = List.of(
            "org/junit/",
            "org/opentest4j/",
            "org/apiguardian/",
            "org/assertj/",
            "org/awaitility/",
            "org/hamcrest/",
            "META-INF/maven/org.junit",
            "META-INF/maven/org.assertj/",
            "META-INF/maven/org.awaitility/");
    /** Scaligator classes named as tests, benchmarks, or from the testkit. */
    private static final Pattern TEST_CLASS =
            Pattern.compile("io/scaligator/(testkit/.*|.*(Test|IT|Benchmark)(\\$.*)?\\.class)");

    private static Set<String> entries;

    @BeforeAll
    static void listJar() throws IOException {
        assertThat(JAR).as("the shaded jar; run mvn package first").isRegularFile();
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            entries = jar.stream().map(ZipEntry::getName).collect(Collectors.toUnmodifiableSet());
        }
    }

    @Test
    void theJarHoldsTheRunnerTheServicesAndTheEmbeddedBrokerAndCluster() {
        assertThat(entries)
                .contains(
                        "io/scaligator/local/LocalMain.class",
                        "io/scaligator/receiver/ReceiverApp.class",
                        "io/scaligator/poller/PollerService.class",
                        "io/scaligator/engine/DecisionEngine.class",
                        "io/scaligator/actuator/ActuatorService.class",
                        "io/scaligator/embedded/kafka/KafkaBroker.class",
                        "io/scaligator/embedded/kube/SimulatedCluster.class");
    }

    @Test
    void theJarHoldsTheLibrariesTheServicesNeedAtRunTime() {
        // A dependency declared with test scope in local's pom would drop these from the jar, though the services
        // need them: the fabric8 models, fabric8's Jackson 3, the Kafka client and broker.
        assertThat(entries)
                .contains(
                        "io/fabric8/kubernetes/api/model/HasMetadata.class",
                        "io/fabric8/kubernetes/api/model/apps/Deployment.class",
                        "tools/jackson/databind/ObjectMapper.class",
                        "org/apache/kafka/clients/producer/KafkaProducer.class",
                        "kafka/server/KafkaRaftServer.class");
    }

    @Test
    void noTestLibraryIsInside() {
        assertThat(entries.stream()
                        .filter(entry -> TEST_LIBRARIES.stream().anyMatch(entry::startsWith))
                        .sorted())
                .as("JUnit, AssertJ, Awaitility or Hamcrest entries in " + JAR)
                .isEmpty();
    }

    @Test
    void noTestClassIsInside() throws IOException {
        assertThat(entries.stream()
                        .filter(entry -> TEST_CLASS.matcher(entry).matches())
                        .sorted())
                .as("test, benchmark or testkit classes in " + JAR)
                .isEmpty();
        Set<String> compiledTests = compiledTestClasses();
        assertThat(compiledTests)
                .as("the reactor's compiled tests (is this run from the local module?)")
                .contains("io/scaligator/local/ShadedJarContentIT.class");
        assertThat(compiledTests.stream().filter(entries::contains).sorted())
                .as("classes of some module's src/test in " + JAR)
                .isEmpty();
    }

    /** The entry names of every class under any module's {@code target/test-classes}. */
    private static Set<String> compiledTestClasses() throws IOException {
        try (Stream<Path> modules = Files.list(REACTOR)) {
            Set<String> classes = new TreeSet<>();
            for (Path testClasses : modules.map(
                            module -> module.resolve("target").resolve("test-classes"))
                    .filter(Files::isDirectory)
                    .toList()) {
                try (Stream<Path> files = Files.walk(testClasses)) {
                    files.filter(file -> file.toString().endsWith(".class"))
                            .map(file -> testClasses.relativize(file).toString().replace('\\', '/'))
                            .forEach(classes::add);
                }
            }
            return classes;
        }
    }
}
