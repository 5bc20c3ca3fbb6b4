package io.scaligator.poller.kafka;

import io.scaligator.common.event.Observation;
import io.scaligator.common.kafka.PublishException;
import io.scaligator.common.serde.EventSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes observations with the idempotent producer (acks=all) from {@code KafkaDefaults}; the key is the target
 * ref, so one target's observations stay ordered in one partition.
 */
public final class KafkaObservationPublisher implements ObservationPublisher {

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final Duration ackTimeout;
    private final EventSerde<Observation> serde = EventSerde.of(Observation.class);

    public KafkaObservationPublisher(Producer<String, byte[]> producer, String topic, Duration ackTimeout) {
        this.producer = producer;
        this.topic = topic;
        this.ackTimeout = ackTimeout;
    }

    @Override
    public void publish(List<Observation> observations) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(observations.size());
        for (Observation observation : observations) {
            acks.add(
                    producer.send(new ProducerRecord<>(topic, observation.key(), serde.serialize(topic, observation))));
        }
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        int failed = 0;
        Throwable first = null;
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                failed++;
                first = first == null ? e.getCause() : first;
            } catch (TimeoutException e) {
                failed++;
                first = first == null ? e : first;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishException("interrupted while waiting for Kafka acks", e);
            }
        }
        if (failed > 0) {
            throw new PublishException(
                    failed + " of " + observations.size() + " observations not acknowledged by " + topic + " within "
                            + ackTimeout.toMillis() + " ms: " + first,
                    first);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
