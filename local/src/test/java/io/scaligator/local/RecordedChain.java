package io.scaligator.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.common.event.Decision;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaleOutcome;
import io.scaligator.common.event.ScaligatorEvent;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.serde.EventJson;
import io.scaligator.common.target.TargetRef;
import io.scaligator.testkit.CommittedRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The decisions, commands and outcomes committed to Kafka, read back to check that every scale is fully linked. */
record RecordedChain(List<Decision> decisions, Map<String, ScaleCommand> commands, Map<String, ScaleOutcome> outcomes) {

    static RecordedChain read(String bootstrapServers, Topics topics) {
        List<Decision> decisions = readAll(bootstrapServers, topics.decisions(), Decision.class);
        Map<String, ScaleCommand> commands = readAll(bootstrapServers, topics.commands(), ScaleCommand.class).stream()
                .collect(Collectors.toMap(ScaleCommand::id, Function.identity()));
        Map<String, ScaleOutcome> outcomes = readAll(bootstrapServers, topics.outcomes(), ScaleOutcome.class).stream()
                .collect(Collectors.toMap(ScaleOutcome::commandId, Function.identity()));
        return new RecordedChain(decisions, commands, outcomes);
    }

    /** The scale decisions of one target, in the order the engine made them (one partition, offset order). */
    List<Decision> scales(TargetRef target) {
        return decisions.stream()
                .filter(d -> d.target().equals(target) && d.result() == Decision.Result.SCALE)
                .toList();
    }

    List<Decision> of(TargetRef target) {
        return decisions.stream().filter(d -> d.target().equals(target)).toList();
    }

    /** Asserts decision -> command -> applied outcome for a scale decision, linked by ids, and returns the outcome. */
    ScaleOutcome assertLinked(Decision decision) {
        ScaleCommand command = commands.get(decision.commandId());
        assertThat(command)
                .as("command %s of decision %s", decision.commandId(), decision.id())
                .isNotNull();
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

    private static <T extends ScaligatorEvent> List<T> readAll(String bootstrapServers, String topic, Class<T> type) {
        List<T> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record :
                CommittedRecords.readAll(bootstrapServers, topic, Duration.ofSeconds(30))) {
            events.add(EventJson.read(record.value(), type));
        }
        return events;
    }
}
