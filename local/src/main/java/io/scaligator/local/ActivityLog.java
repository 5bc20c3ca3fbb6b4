package io.scaligator.local;

import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaleOutcome;
import io.scaligator.common.event.ScaligatorEvent;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.serde.EventSerde;
import io.scaligator.common.util.SafeText;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints one line per decision that scales and one per outcome, as they are committed to Kafka, from the moment the
 * runner starts. A decision that scales is read from its command, which the engine writes in the same transaction
 * for each such decision and no other: the decisions topic, where every observation of every target yields one,
 * is never read. Reads outside any consumer group, so it never affects the services.
 */
final class ActivityLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ActivityLog.class);
    private static final Duration POLL = Duration.ofMillis(250);

    private final KafkaConsumer<String, ScaligatorEvent> consumer;
    private final PrintStream out;
    private final Thread thread;
    private volatile boolean running = true;

    private ActivityLog(KafkaConsumer<String, ScaligatorEvent> consumer, PrintStream out) {
        this.consumer = consumer;
        this.out = out;
        this.thread = new Thread(this::run, "activity-log");
        thread.setDaemon(true);
    }

    static ActivityLog start(KafkaDefaults kafka, Topics topics, PrintStream out) {
        KafkaConsumer<String, ScaligatorEvent> consumer = new KafkaConsumer<>(
                kafka.groupLessConsumer("activity-log"),
                new StringDeserializer(),
                EventSerde.any().deserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(topics.commands(), topics.outcomes())) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        ActivityLog log = new ActivityLog(consumer, out);
        log.thread.start();
        return log;
    }

    /**
     * Prints until closed. A record that cannot be read or printed is logged and skipped: the console is how a
     * person watches the all-in-one, so it must not stop silently on one malformed record.
     */
    private void run() {
        try {
            while (running) {
                ConsumerRecords<String, ScaligatorEvent> records;
                try {
                    records = consumer.poll(POLL);
                } catch (RecordDeserializationException e) {
                    skip(e.topicPartition(), e.offset(), e);
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                    continue;
                }
                for (ConsumerRecord<String, ScaligatorEvent> record : records) {
                    try {
                        String line = format(record.value());
                        if (line != null) {
                            out.println(line);
                        }
                    } catch (RuntimeException e) {
                        skip(new TopicPartition(record.topic(), record.partition()), record.offset(), e);
                    }
                }
            }
        } catch (WakeupException e) {
            // close() woke the poll up: stop
        } catch (RuntimeException e) {
            LOG.error("activity log stopped: {}; scaling goes on, see the services' logs", SafeText.of(e), e);
            out.println("activity log stopped: " + SafeText.of(e));
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void skip(TopicPartition partition, long offset, RuntimeException e) {
        LOG.warn("activity log: skipped record {}@{}: {}", partition, offset, SafeText.of(e.getMessage()));
        out.println("skipped   unreadable record " + partition + "@" + offset + " (see the log)");
    }

    /** The line for a command (its decision) or an outcome; null for any other event. */
    static String format(ScaligatorEvent event) {
        if (event instanceof ScaleCommand c) {
            return "decision  " + c.target() + "  " + c.fromReplicas() + " -> " + c.toReplicas() + "  "
                    + SafeText.of(c.reason())
                    + "  [" + c.rule() + ", " + c.id() + "]";
        }
        if (event instanceof ScaleOutcome o) {
            String replicas = o.observedReplicas() == null
                    ? "-> " + o.requestedReplicas()
                    : o.observedReplicas() + " -> " + o.requestedReplicas();
            // An applied outcome repeats the decision's reason; any other outcome says why it did not apply.
            String why = o.status() == ScaleOutcome.Status.APPLIED ? "" : "  " + SafeText.of(o.message());
            return "outcome   " + o.target() + "  " + statusName(o.status()) + "  " + replicas + why + "  ["
                    + o.commandId() + ", " + o.durationMillis() + " ms]";
        }
        return null;
    }

    private static String statusName(ScaleOutcome.Status status) {
        return status.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
