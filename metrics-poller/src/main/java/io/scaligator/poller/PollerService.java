package io.scaligator.poller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.kafka.TopicAdmin;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.ops.OpsServer;
import io.scaligator.poller.cycle.CycleScheduler;
import io.scaligator.poller.cycle.PollCycle;
import io.scaligator.poller.cycle.PollerMetrics;
import io.scaligator.poller.cycle.PrometheusHealth;
import io.scaligator.poller.kafka.KafkaObservationPublisher;
import io.scaligator.poller.kafka.ObservationPublisher;
import io.scaligator.poller.kube.KubeCluster;
import io.scaligator.poller.prometheus.HttpPrometheusClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running poller: ops server, informers, Prometheus client, producer and the cycle scheduler, closed in order. */
public final class PollerService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PollerService.class);
    static final String SERVICE = "metrics-poller";

    private final OpsServer ops;
    private final KubeCluster cluster;
    private final ObservationPublisher publisher;
    private final CycleScheduler scheduler;

    private PollerService(OpsServer ops, KubeCluster cluster, ObservationPublisher publisher,
            CycleScheduler scheduler) {
        this.ops = ops;
        this.cluster = cluster;
        this.publisher = publisher;
        this.scheduler = scheduler;
    }

    /** Wires and starts everything; the first cycle runs as soon as the informers have synced. */
    public static PollerService start(ScaligatorConfig config, KubernetesClient kube, Clock clock,
            String opsBindAddress) {
        OpsServer ops = OpsServer.start(SERVICE, opsBindAddress, config.poller().opsPort());
        try {
            return start(config, kube, clock, ops);
        } catch (RuntimeException e) {
            ops.close();
            throw e;
        }
    }

    private static PollerService start(ScaligatorConfig config, KubernetesClient kube, Clock clock, OpsServer ops) {
        // First: an unusable credential or CA file stops the start before anything else is opened.
        HttpPrometheusClient prometheus = HttpPrometheusClient.of(config.prometheusUrl(), config.poller());
        KafkaDefaults kafka = new KafkaDefaults(config.kafka().bootstrapServers(), config.kafka().properties());
        Topics topics = new Topics(config.kafka().topicPrefix());
        try (Admin admin = Admin.create(kafka.admin(SERVICE + "-admin"))) {
            new TopicAdmin(admin, topics, Duration.ofSeconds(30))
                    .ensureAll(config.kafka().partitions(), config.kafka().replicationFactor());
        }
        List<String> namespaces = config.watchNamespaces().stream().filter(config::mayScale).toList();
        KubeCluster cluster = KubeCluster.start(kube, namespaces);
        ObservationPublisher publisher = new KafkaObservationPublisher(
                new KafkaProducer<>(kafka.producer(SERVICE)), topics.observations(), config.reconcileInterval());
        PrometheusHealth prometheusHealth = new PrometheusHealth();
        ops.addCheck("informers", cluster::syncStatus).addCheck("prometheus", prometheusHealth);
        PollerMetrics metrics = new PollerMetrics(ops.registry());
        PollCycle cycle = new PollCycle(clock, cluster, prometheus, config.metricRules(), publisher, metrics,
                prometheusHealth);
        CycleScheduler scheduler = new CycleScheduler(cycle, config.reconcileInterval(), metrics, System::nanoTime);
        scheduler.start();
        LOG.info("polling {} rule(s) {} every {} s for namespaces {}", config.metricRules().size(),
                config.metricRules().stream().map(r -> r.name()).toList(), config.reconcileInterval().toSeconds(),
                namespaces);
        return new PollerService(ops, cluster, publisher, scheduler);
    }

    /** The ops server's port (useful when configured as 0). */
    public int opsPort() {
        return ops.port();
    }

    /** Finishes the running cycle, then closes the producer (flushing), the informers and the ops server. */
    @Override
    public void close() {
        LOG.info("shutting down: finishing the running cycle");
        scheduler.close();
        publisher.close();
        cluster.close();
        ops.close();
        LOG.info("stopped");
    }
}
