package io.scaligator.engine.topology;

import io.scaligator.common.event.AlertDetails;
import io.scaligator.common.event.AlertDetails.AlertStatus;
import io.scaligator.common.event.AlertSignal;
import io.scaligator.common.event.Decision;
import io.scaligator.common.event.ScaligatorEvent;
import io.scaligator.common.serde.EventJson;
import io.scaligator.common.target.TargetRef;
import io.scaligator.common.util.SafeText;
import io.scaligator.engine.core.DecisionCore;
import io.scaligator.engine.core.Evaluation;
import io.scaligator.engine.core.Ids;
import io.scaligator.engine.core.Limits;
import io.scaligator.engine.core.Policy;
import io.scaligator.engine.core.RuleCode;
import io.scaligator.engine.core.Signal;
import io.scaligator.engine.core.TargetState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * the same bytes. Alerts that join or leave a floor are sent to the alert index (keyed by fingerprint), and so are
 * resolves the receiver could not map, which the index maps back to their target.
 *
 * <p>Sizes are checked before anything is stored or forwarded: a state larger than {@link Limits#STATE_BYTES} is not
 * stored and the input gets a refused decision instead; the core's bounds should make that impossible, this is the
 * last line of defence that keeps one target's input from failing the stream thread. An input the core cannot
 * evaluate at all is handed to Kafka Streams' processing exception handler, which records it in the dead-letter
 * topic and goes on.
 *
 * <p>The first decision of a target in each checkpoint interval of record time is preceded by a {@link Checkpoint}
 * of the state its input was applied to. Record time, not a wall-clock punctuator, decides when one is due, so a
 * re-run of the same records writes the same checkpoints; they go out in the decision's transaction.
 */
final class EvaluateProcessor extends ContextualProcessor<String, ScaligatorEvent, String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluateProcessor.class);

    private final Policy policy;
    private final DecisionListener listener;
    private final InputCoordinates coordinates;
    private final long checkpointMillis;
    private final DecisionCore core = new DecisionCore();
    private KeyValueStore<String, TargetState> store;
    private KeyValueStore<String, byte[]> lastDecisions;
    private KeyValueStore<String, Long> checkpointPeriods;
    /**
     * The task's checkpoint periods as written to {@link #checkpointPeriods}, so that the check on every signal is
     * a map lookup rather than a store read; a target not in it yet (after a restart) is read from the store once.
     */
    private final Map<String, Long> knownPeriods = new HashMap<>();

    EvaluateProcessor(
            Policy policy, DecisionListener listener, InputCoordinates coordinates, Duration checkpointInterval) {
        this.policy = policy;
        this.listener = listener;
        this.coordinates = coordinates;
        this.checkpointMillis = checkpointInterval.toMillis();
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        super.init(context);
        store = context.getStateStore(EngineTopology.STATE_STORE);
        lastDecisions = context.getStateStore(EngineTopology.LAST_DECISION_STORE);
        checkpointPeriods = context.getStateStore(EngineTopology.CHECKPOINT_PERIOD_STORE);
        knownPeriods.clear();
    }

    @Override
    public void process(Record<String, ScaligatorEvent> record) {
        ScaligatorEvent event = record.value();
        if (event == null) {
            return;
        }
        if (TargetRef.UNMAPPED_KEY.equals(event.key())) {
            routeUnmappedResolve(record, (AlertSignal) event);
            return; // nothing to decide: the alerts topic already audits unmapped signals
        }
        if (!event.key().equals(record.key())) {
            LOG.warn(
                    "{} {}: record key '{}' differs from the event's target; skipped, since its state lives under "
                            + "the target key",
                    event.key(),
                    event.id(),
                    Limits.abbreviate(record.key(), 200));
            listener.skipped("key-mismatch");
            return;
        }
        RecordMetadata read = context().recordMetadata().orElseThrow();
        InputCoordinates.Coordinates meta = coordinates.of(read.topic(), read.partition(), read.offset());
        Signal signal = Signal.of(event, meta.topic(), meta.partition(), meta.offset());
        TargetState before = store.get(event.key());
        Evaluation evaluation;
        try {
            evaluation = core.evaluate(before, signal, policy);
        } catch (RuntimeException e) {
            LOG.error(
                    "{} {}: cannot evaluate {}-{}@{}: {}; handed to the dead-letter topic",
                    event.key(),
                    event.id(),
                    meta.topic(),
                    meta.partition(),
                    meta.offset(),
                    SafeText.of(e));
            listener.skipped("evaluation-failed");
            throw new EvaluationException("cannot evaluate " + event.key() + " " + event.id(), e);
        }
        byte[] encoded = TargetStateCodec.encode(evaluation.state());
        if (encoded.length > Limits.STATE_BYTES) {
            LOG.warn(
                    "{} {}: the state would grow to {} bytes, above the bound of {}; input refused, state kept",
                    event.key(),
                    event.id(),
                    encoded.length,
                    Limits.STATE_BYTES);
            listener.skipped("state-bound");
            Decision refused = refusedForSize(evaluation.decision(), signal, encoded.length);
            checkpointIfDue(record, before, refused);
            forward(record, refused, before != null);
            return;
        }
        boolean kept = !evaluation.state().equals(TargetState.empty());
        if (!kept) {
            store.delete(event.key());
            lastDecisions.delete(event.key());
            forgetCheckpoint(record, event.key());
        } else {
            store.put(event.key(), evaluation.state());
        }
        indexChanges(record, event, before, evaluation.state());
        if (evaluation.decision() == null) {
            return;
        }
        if (kept) {
            checkpointIfDue(record, before, evaluation.decision());
        }
        forward(record, evaluation.decision(), kept);
        listener.decided(evaluation.decision());
        if (evaluation.command() != null) {
            LOG.info(
                    "{} {}: {} -> {} ({}), command {}",
                    event.key(),
                    event.id(),
                    evaluation.command().fromReplicas(),
                    evaluation.command().toReplicas(),
                    evaluation.command().rule(),
                    evaluation.command().id());
            context()
                    .forward(
                            record.withHeaders(new RecordHeaders()).withValue(evaluation.command()),
                            EngineTopology.COMMANDS_SINK);
        }
    }

    /**
     * Records the decision and, while the target has a state in the store ({@code kept}), keeps it as the target's
     * last one, so that both stores forget a target together. The decision is written as JSON once, for both.
     */
    private void forward(Record<String, ScaligatorEvent> record, Decision decision, boolean kept) {
        byte[] json = EventJson.write(decision);
        if (kept) {
            lastDecisions.put(decision.key(), json);
        }
        context().forward(record.withHeaders(new RecordHeaders()).withValue(json), EngineTopology.DECISIONS_SINK);
    }

    /**
     * Checkpoints the state {@code decision}'s input was applied to when the input is the target's first in a later
     * checkpoint interval than its last checkpoint (a target without one gets one at once).
     */
    private void checkpointIfDue(Record<String, ScaligatorEvent> record, TargetState before, Decision decision) {
        long period = Math.floorDiv(record.timestamp(), checkpointMillis);
        Long last = knownPeriods.computeIfAbsent(decision.key(), checkpointPeriods::get);
        if (last != null && period <= last) {
            return;
        }
        checkpointPeriods.put(decision.key(), period);
        knownPeriods.put(decision.key(), period);
        Checkpoint checkpoint = new Checkpoint(
                decision.key(),
                before == null ? TargetState.empty() : before,
                decision.input(),
                decision.id(),
                decision.policyVersion(),
                Instant.ofEpochMilli(record.timestamp()));
        context()
                .forward(
                        new Record<String, Object>(decision.key(), checkpoint, record.timestamp()),
                        EngineTopology.CHECKPOINTS_SINK);
    }

    /** A target whose state was dropped loses its checkpoint too (a tombstone), and gets one at its next input. */
    private void forgetCheckpoint(Record<String, ScaligatorEvent> record, String target) {
        knownPeriods.remove(target);
        if (checkpointPeriods.get(target) != null) {
            checkpointPeriods.delete(target);
            context()
                    .forward(
                            new Record<String, Object>(target, null, record.timestamp()),
                            EngineTopology.CHECKPOINTS_SINK);
        }
    }

    /** A resolve the receiver could not map goes to the alert index, which knows the target it joined a floor of. */
    private void routeUnmappedResolve(Record<String, ScaligatorEvent> record, AlertSignal signal) {
        AlertDetails alert = signal.alert();
        if (alert != null
                && alert.status() == AlertStatus.RESOLVED
                && alert.fingerprint().length() <= Limits.IDENTIFIER_CHARS) {
            context()
                    .forward(
                            record.withKey(alert.fingerprint()).withHeaders(new RecordHeaders()),
                            EngineTopology.ALERT_INDEX_SINK);
        }
    }

    /** Tells the alert index which alerts joined a floor of this target and which left one. */
    private void indexChanges(
            Record<String, ScaligatorEvent> record, ScaligatorEvent event, TargetState before, TargetState after) {
        if ((before == null || before.floors().isEmpty()) && after.floors().isEmpty()) {
            return;
        }
        Map<String, TargetState.FloorAlert> old = floorAlerts(before);
        Map<String, TargetState.FloorAlert> now = floorAlerts(after);
        if (old.equals(now)) {
            return;
        }
        TargetRef target = TargetRef.parse(event.key());
        now.forEach((fingerprint, alert) -> {
            if (!old.containsKey(fingerprint)) {
                indexRecord(record, target, alert, AlertStatus.FIRING);
            }
        });
        old.forEach((fingerprint, alert) -> {
            if (!now.containsKey(fingerprint)) {
                indexRecord(record, target, alert, AlertStatus.RESOLVED);
            }
        });
    }

    private void indexRecord(
            Record<String, ScaligatorEvent> record,
            TargetRef target,
            TargetState.FloorAlert alert,
            AlertStatus status) {
        AlertDetails details = new AlertDetails(
                alert.alertName() == null ? "(unknown)" : alert.alertName(),
                status,
                alert.fingerprint(),
                alert.startsAt() == null ? record.value().eventTime() : alert.startsAt(),
                null,
                Map.of(),
                Map.of(),
                null,
                null,
                null);
        AlertSignal entry = new AlertSignal(
                "index-" + status.name().toLowerCase(java.util.Locale.ROOT) + "-" + alert.fingerprint(),
                AlertSignal.SignalKind.ALERT,
                target,
                null,
                true,
                null,
                record.value().eventTime(),
                details,
                null);
        context()
                .forward(
                        new Record<String, ScaligatorEvent>(alert.fingerprint(), entry, record.timestamp()),
                        EngineTopology.ALERT_INDEX_SINK);
    }

    private static Map<String, TargetState.FloorAlert> floorAlerts(TargetState state) {
        Map<String, TargetState.FloorAlert> alerts = new TreeMap<>();
        if (state != null) {
            state.floors().forEach(f -> f.alerts().forEach(a -> alerts.put(a.fingerprint(), a)));
        }
        return alerts;
    }

    /** The decision recorded instead when the input would make the target's state exceed its bound. */
    private Decision refusedForSize(Decision attempted, Signal signal, int bytes) {
        int current = attempted == null ? 0 : attempted.currentReplicas();
        TargetRef target = TargetRef.parse(signal.event().key());
        return new Decision(
                Ids.decisionId(signal.input()),
                target,
                signal.event().eventTime(),
                signal.input(),
                policy.version(),
                current,
                List.of(),
                List.of(),
                Decision.Result.REFUSED,
                current,
                RuleCode.BOUND.code(),
                "the input would grow the target's state to " + bytes + " bytes, above the " + "bound of "
                        + Limits.STATE_BYTES + "; it is refused and the state is kept",
                null);
    }

    /** An input the core could not evaluate; Kafka Streams' processing exception handler records and skips it. */
    static final class EvaluationException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EvaluationException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
