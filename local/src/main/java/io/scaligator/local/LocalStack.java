package io.scaligator.local;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.scaligator.actuator.ActuatorService;
import io.scaligator.common.config.ConfigLoader;
import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.kafka.QuickClosingAdmin;
import io.scaligator.common.kafka.TopicAdmin;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.service.Resources;
import io.scaligator.common.service.ServiceContext;
import io.scaligator.common.service.ServiceFactory;
import io.scaligator.embedded.kafka.KafkaBroker;
import io.scaligator.embedded.kube.SimulatedCluster;
import io.scaligator.engine.DecisionEngine;
import io.scaligator.poller.PollerService;
import io.scaligator.receiver.ReceiverApp;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the all-in-one runner starts, in order (broker, activity log, cluster, engine, actuator, poller,
 * receiver), and closes in reverse. The services are the same classes their own jars run; only the wiring is shared.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    private static final String LOOPBACK = "127.0.0.1";
    /**
     * Partitions of the topics the runner creates, unless {@code kafka.partitions} is configured. One broker and one
     * engine thread in one JVM gain no parallelism from more; each partition adds a batch per commit, a transaction
     * marker and a fetch entry.
     */
    private static final int ONE_BROKER_PARTITIONS = 1;

    private final Resources started = new Resources();
    private ScaligatorConfig config;
    private KafkaBroker broker;
    private KubernetesClient kube;
    private ReceiverApp receiver;
    private String generatedToken;

    private LocalStack() {}

    /** Starts the stack; on any failure what was already started is closed again before the exception propagates. */
    public static LocalStack start(LocalOptions options, Map<String, String> env, PrintStream out) {
        LocalStack stack = new LocalStack();
        try {
            stack.startAll(options, env, out);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(LocalOptions options, Map<String, String> env, PrintStream out) {
        createDirectories(options.dataDir());
        track(DataDirLock.acquire(options.dataDir()));
        String token = WebhookToken.loadOrGenerate(options.dataDir());
        String bootstrap = LOOPBACK + ":" + options.kafkaPort();
        ConfigLoader.Loaded loaded = ConfigLoader.load(
                options.config() != null ? options.config() : ConfigLoader.configPath(new String[0], env),
                env,
                Map.of(
                        "receiver.token",
                        token,
                        "receiver.bind_address",
                        LOOPBACK,
                        "engine.ops_bind_address",
                        LOOPBACK,
                        "poller.ops_bind_address",
                        LOOPBACK,
                        "actuator.ops_bind_address",
                        LOOPBACK,
                        "engine.state_dir",
                        options.dataDir().resolve("streams").toAbsolutePath().toString(),
                        // one runner per data directory (it is locked), so one engine per id: restarted after a
                        // crash it takes its partitions back at once, not after its old session expires (45 s)
                        "engine.instance_id",
                        "scaligator-local",
                        "kafka.partitions",
                        ONE_BROKER_PARTITIONS),
                Map.of("kafka.bootstrap_servers", bootstrap, "kafka.replication_factor", 1));
        config = loaded.config();
        generatedToken =
                config.receiver().token() != null && config.receiver().token().matches(token) ? token : null;
        LOG.info("configuration from {}: {}", loaded.file() == null ? "built-in defaults" : loaded.file(), config);

        requireFree(options.kafkaPort());
        broker = track(KafkaBroker.builder(options.dataDir().resolve("kafka"))
                .port(options.kafkaPort())
                .start());
        KafkaDefaults kafka =
                new KafkaDefaults(broker.bootstrapServers(), config.kafka().properties());
        Topics topics = new Topics(config.kafka().topicPrefix());
        try (Admin admin = QuickClosingAdmin.open(kafka, "scaligator-local-admin")) {
            new TopicAdmin(admin, topics, config.kafka().retention(), Duration.ofSeconds(30))
                    .ensureAll(config.kafka().partitions(), config.kafka().replicationFactor());
        }
        // Positioned before any service starts, so that it prints everything they commit: after a crash the actuator
        // re-applies the commands its predecessor left uncommitted within its first moments.
        track(ActivityLog.start(kafka, topics, out));

        String clusterDescription;
        if (options.simulatedCluster()) {
            SimulatedCluster cluster = track(SimulatedCluster.start());
            kube = cluster.client();
            clusterDescription = "SIMULATED Kubernetes API at " + cluster.masterUrl()
                    + " (in memory, seeded with " + SimulatedCluster.SAMPLES.size()
                    + " sample Deployments; nothing really runs)";
        } else {
            kube = track(new KubernetesClientBuilder().build());
            clusterDescription = "Kubernetes API at " + kube.getMasterUrl() + " (current kubeconfig context)";
        }
        start("decision-engine", DecisionEngine::start);
        start("scale-actuator", ActuatorService::start);
        start("metrics-poller", PollerService::start);
        receiver = start("alert-receiver", ReceiverApp::start);
        printBanner(out, clusterDescription);
    }

    private void printBanner(PrintStream out, String cluster) {
        String webhook = "http://" + LOOPBACK + ":" + receiver.port();
        out.println();
        out.println("Scaligator is running (all-in-one).");
        out.println("  Kafka:      " + broker.bootstrapServers() + " (embedded, data in " + broker.logDir() + ")");
        out.println("  Cluster:    " + cluster);
        out.println("  Webhook:    " + webhook + "/alerts (Alertmanager), " + webhook + "/v1/triggers");
        out.println("  Token:      "
                + (generatedToken != null
                        ? generatedToken + "  (generated; kept in " + WebhookToken.FILE + " of the data directory)"
                        : "the one configured in receiver.token/token_file"));
        out.println("  Watching:   " + config.watchNamespaces() + ", every "
                + config.reconcileInterval().toSeconds() + " s; Prometheus at " + config.prometheusUrl());
        out.println("Scaling decisions and outcomes are printed below. Ctrl-C stops everything cleanly.");
        out.println();
    }

    /** The loaded configuration (with the embedded broker's address). */
    public ScaligatorConfig config() {
        return config;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The port the webhook listens on. */
    public int receiverPort() {
        return receiver.port();
    }

    /** The client of the cluster the stack scales (simulated or real). */
    public KubernetesClient kube() {
        return kube;
    }

    private <T extends AutoCloseable> T track(T resource) {
        return started.track(resource);
    }

    /**
     * Starts one service as its own jar would, on the shared cluster client; what it opened is closed with the
     * stack, also when its start fails. A service that asks to exit stays stopped while the others keep running.
     */
    private <S extends AutoCloseable> S start(String name, ServiceFactory<S> factory) {
        ServiceContext context = ServiceContext.builder(name, config)
                .share(KubernetesClient.class, kube)
                .exit(code -> LOG.error(
                        "{} asked to exit with status {}; it stays stopped until the runner is " + "restarted",
                        name,
                        code))
                .build();
        track(context.resources());
        return track(factory.start(context));
    }

    /** Fails naming the port before the broker starts, which would otherwise fail with pages of its own logs. */
    private static void requireFree(int kafkaPort) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(LOOPBACK, kafkaPort));
        } catch (IOException e) {
            throw new IllegalStateException("Kafka's port " + LOOPBACK + ":" + kafkaPort + " is in use ("
                    + e.getMessage() + "); stop what listens there, or choose another with --kafka-port");
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir, e);
        }
    }

    /** Closes everything in reverse start order; one failing close does not keep the others from closing. */
    @Override
    public void close() {
        started.close();
    }
}
