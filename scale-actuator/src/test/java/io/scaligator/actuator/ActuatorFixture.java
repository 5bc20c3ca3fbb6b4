package io.scaligator.actuator;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.scaligator.actuator.kube.Fabric8ScaleEvents;
import io.scaligator.actuator.kube.Fabric8WorkloadScaler;
import io.scaligator.actuator.kube.WorkloadScaler;
import io.scaligator.common.config.ConfigLoader;
import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaleOutcome;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.serde.EventSerde;
import io.scaligator.common.service.Exit;
import io.scaligator.common.service.ServiceContext;
import io.scaligator.common.target.TargetRef;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Wires actuator instances to a real broker and a mock API for one test: its own topic prefix and Lease, a
 * command producer and a read_committed outcome reader.
 */
final class ActuatorFixture implements AutoCloseable {

    static final String WATCHED = "apps";
    static final String OWN = "scaligator";
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final String bootstrap;
    private final String masterUrl;
    private final String prefix;
    private final Map<String, String> env = new HashMap<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> outcomeConsumer;
    private final List<ScaleOutcome> outcomes = new ArrayList<>();
    private final EventSerde<ScaleCommand> commandSerde = EventSerde.of(ScaleCommand.class);
    private final EventSerde<ScaleOutcome> outcomeSerde = EventSerde.of(ScaleOutcome.class);
    private boolean outcomesAssigned;

    ActuatorFixture(String bootstrap, String masterUrl, Map<String, String> overrides) {
        this.bootstrap = bootstrap;
        this.masterUrl = masterUrl;
        this.prefix = "run" + RUNS.incrementAndGet() + ".";
        env.put("SCALIGATOR_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("SCALIGATOR_KAFKA_TOPIC_PREFIX", prefix);
        env.put("SCALIGATOR_KAFKA_PARTITIONS", "3");
        env.put("SCALIGATOR_WATCH_NAMESPACES", WATCHED);
        env.put("SCALIGATOR_RECEIVER_AUTH", "none");
        env.put("SCALIGATOR_NAMESPACE", OWN);
        env.put("SCALIGATOR_MAX_REPLICAS", "10");
        env.put("SCALIGATOR_ACTUATOR_OPS_PORT", "0");
        env.put("SCALIGATOR_ACTUATOR_OPS_BIND_ADDRESS", "127.0.0.1");
        env.put("SCALIGATOR_ACTUATOR_LEASE_NAME", "actuator-" + prefix.replace(".", ""));
        env.put("SCALIGATOR_ACTUATOR_LEASE_NAMESPACE", OWN);
        env.put("SCALIGATOR_ACTUATOR_LEASE_DURATION", "3s");
        env.put("SCALIGATOR_ACTUATOR_RENEW_DEADLINE", "2s");
        env.put("SCALIGATOR_ACTUATOR_RETRY_PERIOD", "200ms");
        env.put("SCALIGATOR_ACTUATOR_APPLY_DEADLINE", "2s");
        env.putAll(overrides);
        KafkaDefaults kafka = new KafkaDefaults(bootstrap, Map.of());
        producer = new KafkaProducer<>(kafka.producer("it-commands"));
        outcomeConsumer = new KafkaConsumer<>(kafka.groupLessConsumer("it-outcomes"));
    }

    Topics topics() {
        return new Topics(prefix);
    }

    ScaligatorConfig config(String identity) {
        return ConfigLoader.load((Path) null, env(identity)).config();
    }

    /** The {@code SCALIGATOR_*} variables that configure the instance {@code identity}. */
    Map<String, String> env(String identity) {
        Map<String, String> instanceEnv = new HashMap<>(env);
        instanceEnv.put("SCALIGATOR_ACTUATOR_IDENTITY", identity);
        return instanceEnv;
    }

    /** A client like Main's: no fabric8 retries, so the actuator's own retry policy is what is tested. */
    KubernetesClient newClient() {
        KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder()
                        .withMasterUrl(masterUrl)
                        .withTrustCerts(true)
                        .withRequestRetryBackoffLimit(0)
                        .withNamespace(OWN)
                        .build())
                .build();
        closeables.add(client);
        return client;
    }

    /** The real scaler on this client, its cache watching the fixture's namespace. */
    static Fabric8WorkloadScaler scaler(KubernetesClient client) {
        return Fabric8WorkloadScaler.start(client, List.of(WATCHED));
    }

    /** Starts an instance with its own API client; {@code scaler} wraps the real one built on that client. */
    ActuatorService start(String identity, KubernetesClient client, WorkloadScaler scaler) {
        return start(identity, client, scaler, status -> {
            throw new IllegalStateException("exit(" + status + ") called");
        });
    }

    /** Starts an instance as {@link #start(String, KubernetesClient, WorkloadScaler)} does, with its own exit. */
    ActuatorService start(String identity, KubernetesClient client, WorkloadScaler scaler, Exit exit) {
        ServiceContext context = ServiceContext.of("scale-actuator", config(identity), exit);
        closeables.add(0, context.resources());
        ActuatorService service = ActuatorService.start(
                context, client, scaler, new Fabric8ScaleEvents(client, Clock.systemUTC(), identity));
        closeables.add(0, service);
        return service;
    }

    static ScaleCommand command(String id, TargetRef target, int from, int to, Instant decidedAt) {
        return new ScaleCommand(
                id, "decision-" + id, target, from, to, "cpu", "cpu 0.93 above 0.7", decidedAt, "policy-1");
    }

    void send(ScaleCommand... commands) {
        for (ScaleCommand command : commands) {
            producer.send(new ProducerRecord<>(
                    topics().commands(), command.key(), commandSerde.serialize(topics().commands(), command)));
        }
        producer.flush();
    }

    /** Every outcome committed so far (read_committed), in read order. */
    synchronized List<ScaleOutcome> outcomes() {
        if (!outcomesAssigned) {
            List<TopicPartition> partitions = outcomeConsumer.partitionsFor(topics().outcomes()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            outcomeConsumer.assign(partitions);
            outcomeConsumer.seekToBeginning(partitions);
            outcomesAssigned = true;
        }
        for (ConsumerRecord<String, byte[]> record : outcomeConsumer.poll(Duration.ofMillis(100))) {
            outcomes.add(outcomeSerde.deserialize(record.topic(), record.value()));
        }
        return List.copyOf(outcomes);
    }

    List<ScaleOutcome> outcomesOf(String commandId) {
        return outcomes().stream().filter(o -> o.commandId().equals(commandId)).toList();
    }

    /** Waits for the one outcome of a command and returns it. */
    ScaleOutcome awaitOutcome(String commandId) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !outcomesOf(commandId).isEmpty());
        return outcomesOf(commandId).get(0);
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        producer.close();
        outcomeConsumer.close();
    }
}
