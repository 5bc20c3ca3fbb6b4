package io.scaligator.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.serde.EventSerde;
import io.scaligator.common.target.TargetRef;
import io.scaligator.testkit.KafkaBrokerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The console's activity thread on the real broker: a malformed record is reported and skipped, never fatal. */
class ActivityLogIT {

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @Test
    void skipsAMalformedRecordAndKeepsPrintingTheNextOnes() throws Exception {
        KafkaDefaults defaults = new KafkaDefaults(kafka.bootstrapServers(), Map.of());
        Topics topics = new Topics("activity.");
        try (Admin admin = Admin.create(defaults.admin("activity-test"))) {
            admin.createTopics(List.of(
                            new NewTopic(topics.commands(), 1, (short) 1),
                            new NewTopic(topics.outcomes(), 1, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
        ScaleCommand command = new ScaleCommand(
                "cmd-1",
                "dec-1",
                TargetRef.deployment("shop", "web"),
                2,
                4,
                "alert:high-cpu",
                "floor 4\n2026-12-02 forged line",
                Instant.parse("2026-12-02T10:00:00Z"),
                "p-1");

        try (ActivityLog log = ActivityLog.start(defaults, topics, out);
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                        defaults.producer("activity-test"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            topics.commands(),
                            "shop/Deployment/web",
                            "{\"type\":\"scale-command\",\"id\":".getBytes(StandardCharsets.UTF_8)))
                    .get();
            producer.send(new ProducerRecord<>(
                            topics.commands(),
                            "shop/Deployment/web",
                            EventSerde.any().serialize(topics.commands(), command)))
                    .get();

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(text(console))
                    .contains("decision  shop/Deployment/web  2 -> 4  floor 4\\n2026-12-02 forged line"));
        }
        assertThat(text(console))
                .contains("skipped   unreadable record activity.commands-0@0")
                .doesNotContain("floor 4\n");
    }

    private static String text(ByteArrayOutputStream console) {
        synchronized (console) {
            return console.toString(StandardCharsets.UTF_8);
        }
    }
}
