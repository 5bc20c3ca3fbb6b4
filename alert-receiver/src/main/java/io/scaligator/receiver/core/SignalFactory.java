package io.scaligator.receiver.core;

import io.scaligator.common.event.AlertDetails;
import io.scaligator.common.event.AlertSignal;
import io.scaligator.common.event.AlertSignal.SignalKind;
import io.scaligator.common.event.TriggerDetails;
import io.scaligator.common.target.NamespaceScope;
import io.scaligator.common.target.TargetRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds AlertSignal records from validated alerts and triggers: target mapping, the namespace check and ids.
 * Pure: the receive time comes from the caller's clock.
 */
public final class SignalFactory {

    /** Kubernetes API lookups one webhook may cause (cache hits are free): a group of distinct pods' alerts. */
    public static final int POD_LOOKUPS_PER_REQUEST = 32;

    private final TargetMapper mapper;
    private final NamespaceScope scope;

    public SignalFactory(TargetMapper mapper, NamespaceScope scope) {
        this.mapper = mapper;
        this.scope = scope;
    }

    /** The signals of one webhook's alerts, in order; they share one budget of pod lookups. */
    public List<AlertSignal> alerts(List<AlertDetails> alerts, Instant receivedAt) {
        LookupBudget budget = new LookupBudget(POD_LOOKUPS_PER_REQUEST);
        List<AlertSignal> signals = new ArrayList<>(alerts.size());
        for (AlertDetails alert : alerts) {
            signals.add(alert(alert, receivedAt, budget));
        }
        return signals;
    }

    AlertSignal alert(AlertDetails alert, Instant receivedAt, LookupBudget budget) {
        TargetMapper.Mapping mapping = mapper.map(alert.labels(), scope::refusal, budget);
        String refusal =
                mapping.target() == null ? null : scope.refusal(mapping.target().namespace());
        return new AlertSignal(
                SignalIds.alertId(alert),
                SignalKind.ALERT,
                mapping.target(),
                mapping.unmappedReason(),
                refusal == null,
                refusal,
                receivedAt,
                alert,
                null);
    }

    /**
     * A trigger's id: with the caller's idempotency id, the same for every retry of this trigger (but not for another
     * trigger under the same caller id); without one, unique to this request.
     */
    public AlertSignal trigger(String callerId, TargetRef target, TriggerDetails trigger, Instant receivedAt) {
        String normalised = target + "\n" + trigger;
        String id = callerId != null
                ? SignalIds.callerTriggerId(trigger.source(), callerId, normalised)
                : SignalIds.receivedTriggerId(normalised, receivedAt.toString());
        String refusal = scope.refusal(target.namespace());
        return new AlertSignal(
                id, SignalKind.TRIGGER, target, null, refusal == null, refusal, receivedAt, null, trigger);
    }
}
