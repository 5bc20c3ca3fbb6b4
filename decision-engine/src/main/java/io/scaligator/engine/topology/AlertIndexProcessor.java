package io.scaligator.engine.topology;

import io.scaligator.common.event.AlertDetails.AlertStatus;
import io.scaligator.common.event.AlertSignal;
import io.scaligator.common.target.TargetRef;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers which target each counted alert was mapped to, keyed by fingerprint, and maps resolves the receiver could
 * not map (a pod-level alert whose pod is gone, or a receiver replica with a cold cache) back to that target: the
 * resolve is written to the alerts topic again, keyed by the target, where the floor it belonged to is released.
 * Names are never cut to find the workload.
 *
 * <p>Input, keyed by fingerprint: a mapped firing alert (joined a floor: remember), a mapped resolved alert (left its
 * floor: forget), an unmapped resolved alert (look up, forward, forget).
 */
final class AlertIndexProcessor extends ContextualProcessor<String, AlertSignal, String, AlertSignal> {

    private static final Logger LOG = LoggerFactory.getLogger(AlertIndexProcessor.class);

    private KeyValueStore<String, String> index;

    @Override
    public void init(ProcessorContext<String, AlertSignal> context) {
        super.init(context);
        index = context.getStateStore(EngineTopology.ALERT_INDEX_STORE);
    }

    @Override
    public void process(Record<String, AlertSignal> record) {
        AlertSignal signal = record.value();
        if (signal == null || signal.alert() == null) {
            return;
        }
        String fingerprint = signal.alert().fingerprint();
        if (signal.target() != null) {
            if (signal.alert().status() == AlertStatus.FIRING) {
                index.put(fingerprint, signal.target().key());
            } else {
                index.delete(fingerprint);
            }
            return;
        }
        String target = index.get(fingerprint);
        if (target == null) {
            return;
        }
        index.delete(fingerprint);
        AlertSignal mapped = new AlertSignal(
                signal.id(),
                signal.kind(),
                TargetRef.parse(target),
                null,
                true,
                null,
                signal.receivedAt(),
                signal.alert(),
                null);
        LOG.info(
                "{} {}: resolved alert {} could not be mapped by the receiver ({}); mapped by its fingerprint to the "
                        + "target whose floor it joined",
                target,
                signal.id(),
                fingerprint,
                signal.unmappedReason());
        context().forward(record.withKey(target).withValue(mapped));
    }
}
