package io.scaligator.poller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.scaligator.common.config.LeaseSettings;
import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.kafka.QuickClosingAdmin;
import io.scaligator.common.kafka.TopicAdmin;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.ops.HealthCheck;
import io.scaligator.common.ops.OpsServer;
import io.scaligator.common.service.Resources;
import io.scaligator.common.service.ServiceContext;
import io.scaligator.common.target.NamespaceScope;
import io.scaligator.kube.Leadership;
import io.scaligator.poller.cycle.CycleScheduler;
import io.scaligator.poller.cycle.PollCycle;
import io.scaligator.poller.cycle.PollerMetrics;
import io.scaligator.poller.cycle.PrometheusHealth;
import io.scaligator.poller.kafka.KafkaObservationPublisher;
import io.scaligator.poller.kafka.ObservationPublisher;
import io.scaligator.poller.kube.KubeCluster;
import io.scaligator.poller.prometheus.HttpPrometheusClient;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running poller: ops server, informers, Prometheus client, producer, the campaign for the poller's Lease and the
 * cycle scheduler, closed in order. Every replica keeps its informers synced; only the one holding the Lease queries
 * and publishes.
 */
public final class PollerService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PollerService.class);
    static final String SERVICE = "metrics-poller";

    private final Resources resources;
    private final OpsServer ops;

    private PollerService(Resources resources, OpsServer ops) {
        this.resources = resources;
        this.ops = ops;
    }

    /**
     * Wires and starts everything on the context's Kubernetes client and stands for the Lease; the first cycle that
     * publishes runs once the informers have synced and this poller leads. Everything opened is tracked in the
     * context's resources, so a failed start leaves nothing open.
     */
    public static PollerService start(ServiceContext context) {
        ScaligatorConfig config = context.config();
        // First: an unusable credential or CA file stops the start before anything else is opened.
        HttpPrometheusClient prometheus = HttpPrometheusClient.of(config.prometheusUrl(), config.poller());
        Resources resources = context.resources();
        KubernetesClient kube = context.client(KubernetesClient.class, () -> new KubernetesClientBuilder().build());
        KafkaDefaults kafka = new KafkaDefaults(
                config.kafka().bootstrapServers(), config.kafka().properties());
        Topics topics = new Topics(config.kafka().topicPrefix());
        try (Admin admin = QuickClosingAdmin.open(kafka, SERVICE + "-admin")) {
            new TopicAdmin(admin, topics, config.kafka().retention(), Duration.ofSeconds(30))
                    .ensureAll(config.kafka().partitions(), config.kafka().replicationFactor());
        }
        NamespaceScope scope = config.namespaceScope();
        KubeCluster cluster = resources.track(KubeCluster.start(kube, scope, config.scalableKinds()));
        ObservationPublisher publisher = resources.track(new KafkaObservationPublisher(
                new KafkaProducer<>(kafka.producer(SERVICE)), topics.observations(), config.reconcileInterval()));
        PrometheusHealth prometheusHealth = new PrometheusHealth();
        OpsServer ops = context.startOps(
                config.poller().opsBindAddress(), config.poller().opsPort());
        PollerMetrics metrics = new PollerMetrics(ops.registry());
        CycleScheduler scheduler = new CycleScheduler(config.reconcileInterval(), metrics, System::nanoTime);
        // Closed after the scheduler (resources close in reverse): the running cycle ends before the Lease is
        // released, so the next leader never publishes beside it.
        Leadership leadership =
                resources.track(new Leadership(kube, config.poller().lease(), scheduler));
        resources.track(scheduler);
        metrics.leader(leadership::leading);
        ops.addCheck("informers", cluster::syncStatus)
                .addCheck("prometheus", () -> leadership.leading() ? prometheusHealth.check() : standby(config));
        PollCycle cycle = new PollCycle(
                context.clock(),
                cluster,
                prometheus,
                config.metricRules(),
                publisher,
                metrics,
                prometheusHealth,
                leadership::leading,
                standbyMemory(config));
        scheduler.start(cycle);
        leadership.stand();
        LOG.info(
                "polling {} rule(s) {} every {} s for namespaces {}",
                config.metricRules().size(),
                config.metricRules().stream().map(r -> r.name()).toList(),
                config.reconcileInterval().toSeconds(),
                scope.allNamespaces() ? "all but " + scope.excludeNamespaces() : scope.scalable());
        return new PollerService(resources, ops);
    }

    /**
     * How long a standby remembers a workload it saw disappear: twice the longest time from the old leader's last
     * cycle to the new leader's first (reconcile_interval + poller.lease_duration + poller.retry_period).
     */
    private static Duration standbyMemory(ScaligatorConfig config) {
        LeaseSettings lease = config.poller().lease();
        return config.reconcileInterval()
                .plus(lease.duration())
                .plus(lease.retryPeriod())
                .multipliedBy(2);
    }

    /** A standby queries nothing, so Prometheus is no reason for it not to be ready to take over. */
    private static HealthCheck.Status standby(ScaligatorConfig config) {
        return HealthCheck.Status.ready(
                "standby " + config.poller().lease().identity() + ": another poller holds the Lease and queries");
    }

    /** The ops server's port (useful when configured as 0). */
    public int opsPort() {
        return ops.port();
    }

    /** Finishes the running cycle, then closes the ops server, the producer (flushing) and the informers. */
    @Override
    public void close() {
        LOG.info("shutting down: finishing the running cycle");
        resources.close();
        LOG.info("stopped");
    }
}
