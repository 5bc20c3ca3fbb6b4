package io.scaligator.receiver;

import io.scaligator.common.config.ConfigLoader;
import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.event.AlertSignal;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.kafka.PublishException;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.serde.EventJson;
import io.scaligator.common.service.ServiceContext;
import io.scaligator.receiver.core.PodOwnerResolver;
import io.scaligator.receiver.kafka.AlertPublisher;
import io.scaligator.receiver.kafka.KafkaAlertPublisher;
import io.scaligator.testkit.CommittedRecords;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A receiver started the way Main starts it, on loopback and free ports, against a given broker. */
public final class ReceiverHarness implements AutoCloseable {

    public static final String TOKEN = "test-token-0123456789";
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private final ReceiverApp app;
    private final KafkaDefaults kafka;
    private final Topics topics;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private ReceiverHarness(ReceiverApp app, KafkaDefaults kafka, Topics topics) {
        this.app = app;
        this.kafka = kafka;
        this.topics = topics;
    }

    /** Bearer auth with {@link #TOKEN}, watch_namespaces shop and dev, a fresh topic prefix. */
    public static ReceiverHarness start(String bootstrap, PodOwnerResolver pods, Map<String, String> env) {
        return start(bootstrap, pods, env, publisher -> publisher);
    }

    /** As above, with the publisher wrapped by {@code decorate} (to hold requests in flight, for example). */
    public static ReceiverHarness start(
            String bootstrap, PodOwnerResolver pods, Map<String, String> env, UnaryOperator<AlertPublisher> decorate) {
        Map<String, String> all = new HashMap<>();
        all.put("SCALIGATOR_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        all.put("SCALIGATOR_KAFKA_TOPIC_PREFIX", "rcv" + PREFIXES.incrementAndGet() + "-" + System.nanoTime() + ".");
        all.put("SCALIGATOR_KAFKA_PARTITIONS", "3");
        all.put("SCALIGATOR_RECEIVER_BIND_ADDRESS", "127.0.0.1");
        all.put("SCALIGATOR_RECEIVER_PORT", "0");
        all.put("SCALIGATOR_RECEIVER_OPS_PORT", "0");
        all.put("SCALIGATOR_RECEIVER_TOKEN", TOKEN);
        all.put("SCALIGATOR_WATCH_NAMESPACES", "shop,dev");
        all.putAll(env);
        ScaligatorConfig config =
                ConfigLoader.load((java.nio.file.Path) null, all).config();
        KafkaDefaults kafka = new KafkaDefaults(
                config.kafka().bootstrapServers(), config.kafka().properties());
        Topics topics = new Topics(config.kafka().topicPrefix());
        KafkaAlertPublisher publisher = KafkaAlertPublisher.start(
                kafka,
                topics,
                config.kafka().partitions(),
                config.kafka().replicationFactor(),
                config.kafka().retention(),
                config.receiver().publishTimeout(),
                config.receiver().maxBodyBytes());
        return new ReceiverHarness(
                ReceiverApp.start(
                        ServiceContext.of("alert-receiver", config, status -> {
                            throw new IllegalStateException("exit(" + status + ")");
                        }),
                        decorate.apply(publisher),
                        pods),
                kafka,
                topics);
    }

    public static ReceiverHarness start(String bootstrap, PodOwnerResolver pods) {
        return start(bootstrap, pods, Map.of());
    }

    /** Something a test runs before each publish to Kafka: holding a request in flight, or making Kafka slow. */
    @FunctionalInterface
    public interface BeforePublish {
        void run() throws InterruptedException;
    }

    /** A decoration for {@link #start(String, PodOwnerResolver, Map, UnaryOperator)}: runs {@code hook} first. */
    public static UnaryOperator<AlertPublisher> beforeEachPublish(BeforePublish hook) {
        return kafkaPublisher -> new AlertPublisher() {
            @Override
            public void publish(List<AlertSignal> signals, Duration timeout) throws PublishException {
                try {
                    hook.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                kafkaPublisher.publish(signals, timeout);
            }

            @Override
            public Reachability reachability() {
                return kafkaPublisher.reachability();
            }

            @Override
            public void close() {
                kafkaPublisher.close();
            }
        };
    }

    public String url(String path) {
        return "http://127.0.0.1:" + app.port() + path;
    }

    public String opsUrl(String path) {
        return "http://127.0.0.1:" + app.opsPort() + path;
    }

    public String alertsTopic() {
        return topics.alerts();
    }

    public HttpClient http() {
        return http;
    }

    /** POSTs JSON with the bearer token. */
    public HttpResponse<String> post(String path, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every committed record of the alerts topic, read from the beginning (read_committed). */
    public List<ConsumerRecord<String, AlertSignal>> readAll(Duration timeout) {
        return CommittedRecords.readAll(kafka.bootstrapServers(), topics.alerts(), timeout).stream()
                .map(r -> new ConsumerRecord<>(
                        r.topic(), r.partition(), r.offset(), r.key(), EventJson.read(r.value(), AlertSignal.class)))
                .toList();
    }

    public List<AlertSignal> signals() {
        return readAll(Duration.ofSeconds(10)).stream()
                .map(ConsumerRecord::value)
                .toList();
    }

    @Override
    public void close() {
        app.close();
    }
}
