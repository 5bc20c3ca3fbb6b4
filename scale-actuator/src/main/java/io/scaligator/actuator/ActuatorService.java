package io.scaligator.actuator;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.scaligator.actuator.kube.EventSink;
import io.scaligator.actuator.kube.Fabric8ScaleEvents;
import io.scaligator.actuator.kube.Fabric8WorkloadScaler;
import io.scaligator.actuator.kube.QueuedScaleEvents;
import io.scaligator.actuator.kube.WorkloadScaler;
import io.scaligator.actuator.policy.CommandHandler;
import io.scaligator.actuator.policy.CommandLimits;
import io.scaligator.common.config.ActuatorSettings;
import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.kafka.QuickClosingAdmin;
import io.scaligator.common.kafka.TopicAdmin;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.ops.HealthCheck;
import io.scaligator.common.ops.OpsServer;
import io.scaligator.common.service.Exit;
import io.scaligator.common.service.Resources;
import io.scaligator.common.service.ServiceContext;
import io.scaligator.kube.Leadership;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One actuator instance: ops endpoints, a campaign for the Lease, and while leading a {@link CommandLoop}.
 * Loops run one after another on a single thread, so a new loop never starts before the previous one closed.
 */
public final class ActuatorService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ActuatorService.class);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);
    /**
     * Workloads and reasons with an Event waiting (to be written, or for its budget) beyond this are dropped (and
     * logged): a scale never waits for its Event.
     */
    private static final int EVENT_QUEUE = 10_000;

    private final ActuatorSettings settings;
    private final KubernetesClient client;
    private final Exit exit;
    private final KafkaDefaults kafka;
    private final Topics topics;
    private final Resources resources;
    private final OpsServer ops;
    private final Admin admin;
    private final Leadership leadership;
    private final ActuatorMetrics metrics;
    private final ApplyLanes lanes;
    private final ExecutorService loops;
    private volatile CommandLoop loop;
    private volatile boolean closing;

    /** Opens everything in the order it is closed in reverse; each piece is tracked the moment it exists. */
    private ActuatorService(ServiceContext context, KubernetesClient client, WorkloadScaler scaler, EventSink events) {
        ScaligatorConfig config = context.config();
        this.settings = config.actuator();
        this.client = client;
        this.exit = context.exit();
        this.resources = context.resources();
        this.kafka = new KafkaDefaults(
                config.kafka().bootstrapServers(), config.kafka().properties());
        this.topics = new Topics(config.kafka().topicPrefix());
        resources.track(scaler);
        Admin created = resources.track(QuickClosingAdmin.open(kafka, clientId()));
        this.admin = created;
        // a plain close() waits for calls still pending against an unreachable broker
        resources.track(() -> created.close(Duration.ofSeconds(2)));
        this.ops = context.startOps(settings.opsBindAddress(), settings.opsPort());
        this.leadership = resources.track(new Leadership(client, settings.lease(), new Leadership.Listener() {
            @Override
            public void startedLeading() {
                onStartedLeading();
            }

            @Override
            public void stoppedLeading() {
                onStoppedLeading();
            }
        }));
        this.metrics = new ActuatorMetrics(ops.registry(), leadership::leading);
        CommandLimits limits = CommandLimits.of(config);
        QueuedScaleEvents queued =
                resources.track(new QueuedScaleEvents(events, EVENT_QUEUE, context.clock(), Duration.ofSeconds(5)));
        this.lanes = resources.track(new ApplyLanes(
                new CommandApplier(
                        new CommandHandler(limits),
                        scaler,
                        queued,
                        context.clock(),
                        Sleeper.REAL,
                        settings.applyDeadline()),
                settings.parallelism(),
                "actuator-" + settings.lease().identity()));
        this.loops = Executors.newSingleThreadExecutor(
                r -> new Thread(r, "actuator-loop-" + settings.lease().identity()));
        resources.track(this::stopLoops);
    }

    /**
     * Starts an instance that scales through and reports Events to the context's Kubernetes client (fabric8's own
     * retries off: the actuator retries within apply_deadline), its reads served by informers on the watched
     * namespaces.
     */
    public static ActuatorService start(ServiceContext context) {
        KubernetesClient client = context.client(KubernetesClient.class, ActuatorService::kubernetesClient);
        ScaligatorConfig config = context.config();
        return start(
                context,
                client,
                Fabric8WorkloadScaler.start(client, config.namespaceScope().scalable()),
                new Fabric8ScaleEvents(
                        client, context.clock(), config.actuator().lease().identity()));
    }

    /**
     * Starts an instance: creates the commands and outcomes topics if missing, opens the ops endpoints and stands
     * for leadership. The context's exit is called only with exit_on_leadership_loss, or when the command loop dies
     * of an Error. The instance owns
     * {@code scaler} and closes it.
     */
    public static ActuatorService start(
            ServiceContext context, KubernetesClient client, WorkloadScaler scaler, EventSink events) {
        ActuatorService service = new ActuatorService(context, client, scaler, events);
        ScaligatorConfig config = context.config();
        new TopicAdmin(service.admin, service.topics, config.kafka().retention(), KAFKA_TIMEOUT)
                .ensureTopics(
                        List.of(service.topics.commands(), service.topics.outcomes()),
                        config.kafka().partitions(),
                        config.kafka().replicationFactor());
        service.ops.addCheck("kafka", service::kafkaReachable);
        service.ops.addCheck("kubernetes", service::kubernetesReachable);
        service.leadership.stand();
        return service;
    }

    /** In-cluster or kubeconfig client; fabric8's own retries are off: the actuator retries within apply_deadline. */
    private static KubernetesClient kubernetesClient() {
        Config config = Config.autoConfigure(null);
        config.setRequestRetryBackoffLimit(0);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** The port of /healthz, /readyz and /metrics. */
    public int opsPort() {
        return ops.port();
    }

    /** Whether this instance leads (and so applies commands) right now. */
    public boolean leading() {
        return leadership.leading();
    }

    /** The identity this instance uses in the Lease. */
    public String identity() {
        return settings.lease().identity();
    }

    private String clientId() {
        return "scale-actuator-" + settings.lease().identity();
    }

    /** One transactional id for every instance: a new leader's initTransactions fences the old leader. */
    private String transactionalId() {
        return "scaligator-actuator-" + settings.lease().name();
    }

    private void onStartedLeading() {
        if (closing) {
            return;
        }
        CommandLoop next = new CommandLoop(
                kafka,
                topics.commands(),
                topics.outcomes(),
                clientId(),
                transactionalId(),
                lanes,
                metrics,
                leadership::leading,
                Sleeper.REAL);
        loop = next;
        loops.execute(() -> {
            try {
                next.run();
            } catch (Error e) {
                // The loop is gone while this instance still holds the Lease: nothing would be scaled any more.
                LOG.error("the command loop died ({}); exiting so that a standby takes over", e.toString(), e);
                exit.exit(1);
                throw e;
            }
        });
    }

    private void onStoppedLeading() {
        CommandLoop current = loop;
        if (current != null) {
            current.stop();
        }
        if (settings.exitOnLeadershipLoss() && !closing) {
            LOG.warn("leadership lost and exit_on_leadership_loss is set: exiting once the loop has closed");
            loops.execute(() -> exit.exit(1));
        }
    }

    private HealthCheck.Status kafkaReachable() {
        try {
            String cluster = admin.describeCluster().clusterId().get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return HealthCheck.Status.ready("cluster " + cluster);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return HealthCheck.Status.notReady("Kafka unreachable: " + e);
        }
    }

    private HealthCheck.Status kubernetesReachable() {
        // Reading the Lease needs only the permission leader election needs anyway.
        client.leases()
                .inNamespace(settings.lease().namespace())
                .withName(settings.lease().name())
                .get();
        return HealthCheck.Status.ready(
                (leading() ? "leader" : "standby") + " " + settings.lease().identity());
    }

    /**
     * Graceful shutdown: finishes the commands in hand, commits, closes Kafka clients, writes the queued Events,
     * then releases the Lease.
     */
    @Override
    public void close() {
        resources.close();
        LOG.info("scale-actuator {} stopped", settings.lease().identity());
    }

    /** Stops the running command loop (it commits what it completed) before anything it uses is closed. */
    private void stopLoops() {
        closing = true;
        CommandLoop current = loop;
        if (current != null) {
            current.stop();
        }
        loops.shutdown();
        awaitLoops();
    }

    private void awaitLoops() {
        try {
            if (!loops.awaitTermination(settings.applyDeadline().plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("the command loop did not stop in time; interrupting it");
                loops.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            loops.shutdownNow();
        }
    }
}
