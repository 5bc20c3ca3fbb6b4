package io.scaligator.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.common.event.Decision;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaleOutcome;
import io.scaligator.common.event.ScaligatorEvent;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.serde.EventSerde;
import io.scaligator.common.target.TargetRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The decisions, commands and outcomes committed to Kafka, read back to check that every scale is fully linked. */
record RecordedChain(List<Decision> decisions, Map<String, ScaleCommand> commands, Map<String, ScaleOutcome> outcomes) {

    static RecordedChain read(String bootstrapServers, Topics topics) {
        KafkaDefaults kafka = new KafkaDefaults(bootstrapServers, Map.of());
        List<Decision> decisions = readAll(kafka, topics.decisions(), Decision.class);
        Map<String, ScaleCommand> commands = readAll(kafka, topics.commands(), ScaleCommand.class).stream()
                .collect(Collectors.toMap(ScaleCommand::id, Function.identity()));
        Map<String, ScaleOutcome> outcomes = readAll(kafka, topics.outcomes(), ScaleOutcome.class).stream()
                .collect(Collectors.toMap(ScaleOutcome::commandId, Function.identity()));
        return new RecordedChain(decisions, commands, outcomes);
    }

    /** The scale decisions of one target, in the order the engine made them. */
    List<Decision> scales(TargetRef target) {
        return decisions.stream().filter(d -> d.target().equals(target) && d.result() == Decision.Result.SCALE)
                .toList();
    }

    List<Decision> of(TargetRef target) {
        return decisions.stream().filter(d -> d.target().equals(target)).toList();
    }

    /** Asserts decision -> command -> applied outcome for a scale decision, linked by ids, and returns the outcome. */
    ScaleOutcome assertLinked(Decision decision) {
        ScaleCommand command = commands.get(decision.commandId());
        assertThat(command).as("command %s of decision %s", decision.commandId(), decision.id()).isNotNull();
        assertThat(command.decisionId()).isEqualTo(decision.id());
        assertThat(command.target()).isEqualTo(decision.target());
        assertThat(command.fromReplicas()).isEqualTo(decision.currentReplicas());
        assertThat(command.toReplicas()).isEqualTo(decision.desiredReplicas());
        ScaleOutcome outcome = outcomes.get(command.id());
        assertThat(outcome).as("outcome of command %s", command.id()).isNotNull();
        assertThat(outcome.id()).isEqualTo(ScaleOutcome.idFor(command.id()));
        assertThat(outcome.status()).isEqualTo(ScaleOutcome.Status.APPLIED);
        assertThat(outcome.appliedReplicas()).isEqualTo(command.toReplicas());
        return outcome;
    }

    private static <T extends ScaligatorEvent> List<T> readAll(KafkaDefaults kafka, String topic, Class<T> type) {
        List<T> events = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(kafka.groupLessConsumer("e2e-reader"),
                new StringDeserializer(), EventSerde.of(type).deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> events.add(r.value()));
            }
        }
        events.sort(java.util.Comparator.comparing(ScaligatorEvent::eventTime));
        return events;
    }
}
