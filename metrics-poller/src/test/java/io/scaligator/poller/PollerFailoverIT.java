package io.scaligator.poller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scaligator.common.event.Observation;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.serde.EventSerde;
import io.scaligator.common.target.TargetRef;
import io.scaligator.embedded.kube.MockKube;
import io.scaligator.embedded.kube.Workload;
import io.scaligator.testkit.KafkaBrokerExtension;
import io.scaligator.testkit.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pollers, each its own JVM, on one Lease, against the mock API and the real broker (Prometheus unreachable: every
 * observation carries missing markers, which changes nothing here). Only the leader publishes; after a SIGKILL of the
 * leader the standby publishes, after a SIGTERM the Lease is released at once and the next standby publishes; every
 * cycle observes every target exactly once (but the killed leader's last), and each target's observations stay in
 * time order.
 */
class PollerFailoverIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Logger LOG = LoggerFactory.getLogger(PollerFailoverIT.class);
    private static final Path JAR = Path.of("target", "metrics-poller.jar");
    private static final String NS = "shop";
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final List<TargetRef> TARGETS = List.of(
            TargetRef.deployment(NS, "web"), TargetRef.deployment(NS, "api"), TargetRef.deployment(NS, "worker"));
    private static final Pattern PUBLISHED =
            Pattern.compile("(?m)^scaligator_poller_observations_published_total(?:\\{[^}]*})? (\\S+)$");
    private static final Pattern LEADER = Pattern.compile("(?m)^scaligator_poller_leader(?:\\{[^}]*})? (\\S+)$");

    private final HttpClient http = HttpClient.newHttpClient();
    private final EventSerde<Observation> serde = EventSerde.of(Observation.class);
    private final Topics topics = new Topics("failover.");
    private MockKube kube;
    private KafkaConsumer<String, byte[]> consumer;
    /** Every observation read back, in offset order per partition. */
    private final List<Observation> read = new ArrayList<>();

    @BeforeEach
    void start() {
        kube = MockKube.start();
        for (TargetRef target : TARGETS) {
            kube.fixtures().deployment(Workload.of(NS, target.name(), 2));
            kube.fixtures().deploymentStatus(NS, target.name(), 2, 2);
        }
    }

    @AfterEach
    void stop() {
        if (consumer != null) {
            consumer.close();
        }
        kube.close();
    }

    private Map<String, String> env(String identity) {
        Map<String, String> env = new HashMap<>();
        env.put("SCALIGATOR_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers());
        env.put("SCALIGATOR_KAFKA_TOPIC_PREFIX", "failover.");
        env.put("SCALIGATOR_KAFKA_PARTITIONS", "3");
        env.put("SCALIGATOR_KAFKA_REPLICATION_FACTOR", "1");
        env.put("SCALIGATOR_WATCH_NAMESPACES", NS);
        env.put("SCALIGATOR_RECEIVER_AUTH", "none");
        env.put("SCALIGATOR_PROMETHEUS_URL", "http://127.0.0.1:1");
        env.put("SCALIGATOR_RECONCILE_INTERVAL", INTERVAL.toSeconds() + "s");
        env.put("SCALIGATOR_POLLER_OPS_PORT", "0");
        env.put("SCALIGATOR_POLLER_OPS_BIND_ADDRESS", "127.0.0.1");
        env.put("SCALIGATOR_POLLER_IDENTITY", identity);
        env.put("SCALIGATOR_POLLER_LEASE_DURATION", LEASE.toSeconds() + "s");
        env.put("SCALIGATOR_POLLER_RENEW_DEADLINE", "2s");
        env.put("SCALIGATOR_POLLER_RETRY_PERIOD", "200ms");
        return env;
    }

    private ServiceProcess poller(String identity, Path logs) throws IOException {
        return ServiceProcess.start(JAR, env(identity), kube.masterUrl(), logs.resolve("poller-" + identity + ".log"));
    }

    @Test
    void onlyTheLeaderPublishesAndAfterItIsKilledTheStandbyResumesWithoutAGapOrADoubleObservation() throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "it-logs"));
        Map<Instant, List<Observation>> cycles;
        Instant lastCycleOfAlpha;
        try (ServiceProcess alpha = poller("alpha", logs)) {
            await("alpha leads").atMost(Duration.ofSeconds(60)).until(() -> "alpha".equals(leaseHolder()));
            try (ServiceProcess beta = poller("beta", logs)) {
                int alphaOps = await().atMost(Duration.ofSeconds(30))
                        .ignoreExceptions()
                        .until(alpha::opsPort, p -> p > 0);
                int betaOps = await().atMost(Duration.ofSeconds(60))
                        .ignoreExceptions()
                        .until(beta::opsPort, p -> p > 0);
                // The standby is ready to take over although it queries nothing (and Prometheus is unreachable).
                await("beta ready as standby")
                        .atMost(Duration.ofSeconds(60))
                        .ignoreExceptions()
                        .until(() -> get(betaOps, "/readyz").statusCode() == 200);
                // Three cycles of alpha while beta runs.
                await("alpha publishes while beta stands by")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> cycles(readNew(), Instant.MIN).size() >= 3);
                assertThat(metric(LEADER, get(alphaOps, "/metrics").body())).isEqualTo(1);
                assertThat(metric(LEADER, get(betaOps, "/metrics").body())).isZero();
                assertThat(metric(PUBLISHED, get(alphaOps, "/metrics").body())).isPositive();
                assertThat(metric(PUBLISHED, get(betaOps, "/metrics").body()))
                        .as("the standby published nothing")
                        .isZero();
                assertThat(leaseHolder()).isEqualTo("alpha");

                Instant killedAt = Instant.now();
                alpha.kill();
                Instant lastOfAlpha = readNew().stream()
                        .map(Observation::observedAt)
                        .max(Instant::compareTo)
                        .orElseThrow();

                await("beta publishes after alpha was killed")
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() ->
                                readNew().stream().anyMatch(o -> o.observedAt().isAfter(killedAt)));
                Instant firstOfBeta = read.stream()
                        .map(Observation::observedAt)
                        .filter(at -> at.isAfter(killedAt))
                        .min(Instant::compareTo)
                        .orElseThrow();
                LOG.info(
                        "failover: first observation of the standby {} ms after the SIGKILL, {} ms after the killed"
                                + " leader's last one (interval {}, lease {})",
                        Duration.between(killedAt, firstOfBeta).toMillis(),
                        Duration.between(lastOfAlpha, firstOfBeta).toMillis(),
                        INTERVAL,
                        LEASE);
                await("beta leads and goes on")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> cycles(readNew(), killedAt).size() >= 3);
                assertThat(leaseHolder()).isEqualTo("beta");
                assertThat(metric(LEADER, get(betaOps, "/metrics").body())).isEqualTo(1);
                // Every observation after the kill is beta's, and each one it published is there once: between two
                // of its cycles, the topic holds exactly as many as beta counts as acknowledged.
                await("the observations after the kill are exactly those beta published")
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> metric(PUBLISHED, get(betaOps, "/metrics").body())
                                == readNew().stream()
                                        .filter(o -> o.observedAt().isAfter(killedAt))
                                        .count());

                // A third poller stands by; beta is shut down (SIGTERM): it finishes its cycle, then releases the
                // Lease rather than leaving it to expire, and gamma takes over.
                try (ServiceProcess gamma = poller("gamma", logs)) {
                    int gammaOps = await().atMost(Duration.ofSeconds(60))
                            .ignoreExceptions()
                            .until(gamma::opsPort, p -> p > 0);
                    await("gamma ready as standby")
                            .atMost(Duration.ofSeconds(60))
                            .ignoreExceptions()
                            .until(() -> get(gammaOps, "/readyz").statusCode() == 200);
                    Instant stoppedAt = Instant.now();
                    assertThat(beta.stop()).as("exit status after SIGTERM").isEqualTo(143);
                    assertThat(leaseHolder()).as("released by beta").isIn(null, "", "gamma");
                    await("gamma publishes after beta stopped")
                            .atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(50))
                            .until(() -> cycles(readNew(), stoppedAt).size() >= 2);
                    LOG.info(
                            "handover: first observation of gamma {} ms after the SIGTERM of beta",
                            Duration.between(
                                            stoppedAt,
                                            cycles(read, stoppedAt)
                                                    .keySet()
                                                    .iterator()
                                                    .next())
                                    .toMillis());
                    assertThat(leaseHolder()).isEqualTo("gamma");
                    // Stopped, gamma has finished its last cycle and every record it published is acknowledged: the
                    // read below holds whole cycles only (a read while a cycle is arriving may see part of it).
                    assertThat(gamma.stop()).as("exit status after SIGTERM").isEqualTo(143);
                    readNew();
                }
                cycles = cycles(read, Instant.MIN);
                lastCycleOfAlpha = cycles.keySet().stream()
                        .filter(at -> !at.isAfter(killedAt))
                        .max(Instant::compareTo)
                        .orElseThrow();
            }
        }
        LOG.info("{} observations in {} cycles", read.size(), cycles.size());
        // No double observation: no cycle observed a target twice; and each observed every target, but the killed
        // leader's last one, which the SIGKILL may have cut short.
        assertThat(cycles.values())
                .allSatisfy(cycle ->
                        assertThat(cycle).extracting(Observation::target).doesNotHaveDuplicates());
        assertThat(cycles.entrySet())
                .filteredOn(e -> !e.getKey().equals(lastCycleOfAlpha))
                .allSatisfy(e -> assertThat(e.getValue())
                        .extracting(Observation::target)
                        .containsExactlyInAnyOrderElementsOf(TARGETS));
        // Each target's observations in its partition: in time order, across the failover.
        for (TargetRef target : TARGETS) {
            List<Instant> times = read.stream()
                    .filter(o -> o.target().equals(target))
                    .map(Observation::observedAt)
                    .toList();
            assertThat(times).as("observations of %s", target).isSorted().doesNotHaveDuplicates();
        }
    }

    /** The observations read so far, grouped by cycle (observedAt), of the cycles after {@code after}. */
    private static Map<Instant, List<Observation>> cycles(List<Observation> observations, Instant after) {
        return observations.stream()
                .filter(o -> o.observedAt().isAfter(after))
                .collect(Collectors.groupingBy(Observation::observedAt, TreeMap::new, Collectors.toList()));
    }

    /** Reads what arrived since the last call; returns everything read so far. */
    private List<Observation> readNew() {
        if (consumer == null) {
            consumer = new KafkaConsumer<>(
                    new KafkaDefaults(KAFKA.bootstrapServers(), Map.of()).groupLessConsumer("failover-it"));
            List<TopicPartition> partitions = consumer.partitionsFor(topics.observations()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(r -> read.add(serde.deserialize(r.topic(), r.value())));
        return read;
    }

    private String leaseHolder() {
        var lease = kube.client()
                .leases()
                .inNamespace("scaligator")
                .withName("scaligator-metrics-poller")
                .get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    private static double metric(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no " + pattern + " in /metrics");
        }
        return Double.parseDouble(m.group(1));
    }

    private HttpResponse<String> get(int opsPort, String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
