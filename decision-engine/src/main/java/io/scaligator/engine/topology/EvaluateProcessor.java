package io.scaligator.engine.topology;

import io.scaligator.common.event.ScaligatorEvent;
import io.scaligator.common.target.TargetRef;
import io.scaligator.common.util.SafeText;
import io.scaligator.engine.core.DecisionCore;
import io.scaligator.engine.core.Evaluation;
import io.scaligator.engine.core.Policy;
import io.scaligator.engine.core.Signal;
import io.scaligator.engine.core.TargetState;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the decision core on each input record with the target's stored state and forwards the decision and
 * (for scale decisions) the command. Outputs keep the input's timestamp and carry no headers, so a replay writes
 * the same bytes.
 */
final class EvaluateProcessor extends ContextualProcessor<String, ScaligatorEvent, String, ScaligatorEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluateProcessor.class);

    private final Policy policy;
    private final DecisionListener listener;
    private final InputCoordinates coordinates;
    private final DecisionCore core = new DecisionCore();
    private KeyValueStore<String, TargetState> store;

    EvaluateProcessor(Policy policy, DecisionListener listener, InputCoordinates coordinates) {
        this.policy = policy;
        this.listener = listener;
        this.coordinates = coordinates;
    }

    @Override
    public void init(ProcessorContext<String, ScaligatorEvent> context) {
        super.init(context);
        store = context.getStateStore(EngineTopology.STATE_STORE);
    }

    @Override
    public void process(Record<String, ScaligatorEvent> record) {
        ScaligatorEvent event = record.value();
        if (event == null || TargetRef.UNMAPPED_KEY.equals(event.key())) {
            return; // tombstones and unmapped alerts: nothing to decide, the alerts topic already audits them
        }
        if (!event.key().equals(record.key())) {
            LOG.warn("{} {}: record key '{}' differs from the event's target; skipped, since its state lives under "
                    + "the target key", event.key(), event.id(), record.key());
            listener.skipped("key-mismatch");
            return;
        }
        RecordMetadata read = context().recordMetadata().orElseThrow();
        InputCoordinates.Coordinates meta = coordinates.of(read.topic(), read.partition(), read.offset());
        Evaluation evaluation;
        try {
            evaluation = core.evaluate(store.get(event.key()), Signal.of(event, meta.topic(), meta.partition(),
                    meta.offset()), policy);
        } catch (RuntimeException e) {
            LOG.error("{} {}: cannot evaluate {}-{}@{}: {}; skipped", event.key(), event.id(), meta.topic(),
                    meta.partition(), meta.offset(), SafeText.of(e));
            listener.skipped("evaluation-failed");
            return;
        }
        if (evaluation.state().equals(TargetState.empty())) {
            store.delete(event.key());
        } else {
            store.put(event.key(), evaluation.state());
        }
        if (evaluation.decision() == null) {
            return;
        }
        Record<String, ScaligatorEvent> out = record.withHeaders(new RecordHeaders());
        context().forward(out.withValue(evaluation.decision()), EngineTopology.DECISIONS_SINK);
        listener.decided(evaluation.decision());
        if (evaluation.command() != null) {
            LOG.info("{} {}: {} -> {} ({}), command {}", event.key(), event.id(), evaluation.command().fromReplicas(),
                    evaluation.command().toReplicas(), evaluation.command().rule(), evaluation.command().id());
            context().forward(out.withValue(evaluation.command()), EngineTopology.COMMANDS_SINK);
        }
    }
}
