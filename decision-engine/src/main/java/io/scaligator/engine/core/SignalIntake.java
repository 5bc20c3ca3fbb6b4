package io.scaligator.engine.core;

import io.scaligator.common.config.AlertRule;
import io.scaligator.common.event.AlertDetails;
import io.scaligator.common.event.AlertSignal;
import io.scaligator.common.event.TriggerDetails;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Applies an alert or trigger to a target's state: a firing alert that matches a rule sets a floor, a resolved one
 * releases it, a trigger replaces the previous trigger of the same source. Repeated signals are recognised by id
 * and, for alerts, by fingerprint + status + startsAt, and change nothing.
 */
final class SignalIntake {

    /** The state after the signal and one sentence on what the signal did. */
    record Applied(TargetState state, String note, boolean duplicate) {
    }

    private SignalIntake() {
    }

    static Applied apply(TargetState state, AlertSignal signal, Policy policy) {
        String alertKey = signal.alert() == null ? null : "alert:" + signal.alert().fingerprint() + "|"
                + signal.alert().status() + "|" + signal.alert().startsAt();
        if (state.seenSignals().contains(signal.id()) || (alertKey != null && state.seenSignals().contains(alertKey))) {
            return new Applied(state, "signal " + signal.id() + " was already seen"
                    + (alertKey == null ? "" : " (same fingerprint, status and startsAt)") + "; ignored", true);
        }
        TargetState seen = state.withSeen(signal.id());
        if (alertKey != null) {
            seen = seen.withSeen(alertKey);
        }
        return signal.kind() == AlertSignal.SignalKind.ALERT
                ? alert(seen, signal.alert(), signal.receivedAt(), policy)
                : trigger(seen, signal, policy);
    }

    /** Fills in replicas that depend on the target's size once the first observation of it arrives. */
    static TargetState resolvePending(TargetState state, int specReplicas) {
        boolean pendingFloor = state.floors().stream().anyMatch(f -> f.replicasAtFiring() == null);
        boolean pendingTrigger = state.triggers().stream().anyMatch(t -> t.replicas() == null && t.step() != null);
        if (!pendingFloor && !pendingTrigger) {
            return state;
        }
        List<TargetState.AlertFloor> floors = state.floors().stream().map(f -> f.replicasAtFiring() != null ? f
                : new TargetState.AlertFloor(f.fingerprint(), f.alertName(), f.rule(), specReplicas, f.startsAt(),
                        f.firedAt())).toList();
        List<TargetState.ActiveTrigger> triggers = state.triggers().stream().map(t -> t.replicas() != null
                || t.step() == null ? t : t.withReplicas(Math.max(0, specReplicas + t.step()))).toList();
        return state.withFloors(floors).withTriggers(triggers);
    }

    private static Applied alert(TargetState state, AlertDetails alert, Instant receivedAt, Policy policy) {
        String what = "alert " + alert.name() + " (" + alert.fingerprint() + ")";
        if (alert.status() == AlertDetails.AlertStatus.RESOLVED) {
            List<TargetState.AlertFloor> remaining = state.floors().stream()
                    .filter(f -> !f.fingerprint().equals(alert.fingerprint())).toList();
            String note = remaining.size() < state.floors().size() ? what + " resolved: its floor is released"
                    : what + " resolved: it held no floor";
            return new Applied(state.withFloors(remaining), note, false);
        }
        Optional<AlertRule> rule = policy.alertRules().stream().filter(r -> r.matches(alert.labels())).findFirst();
        if (rule.isEmpty()) {
            return new Applied(state, what + " firing: no alert rule matches its labels", false);
        }
        Integer atFiring = state.hasObservation() ? state.observation().specReplicas() : null;
        List<TargetState.AlertFloor> floors = new ArrayList<>(state.floors().stream()
                .filter(f -> !f.fingerprint().equals(alert.fingerprint())).toList());
        floors.add(new TargetState.AlertFloor(alert.fingerprint(), alert.name(), rule.get().name(), atFiring,
                alert.startsAt(), receivedAt));
        floors.sort(Comparator.comparing(TargetState.AlertFloor::fingerprint));
        return new Applied(state.withFloors(floors), what + " firing: rule " + rule.get().name() + " sets a floor",
                false);
    }

    private static Applied trigger(TargetState state, AlertSignal signal, Policy policy) {
        TriggerDetails t = signal.trigger();
        long ttl = Math.min(t.ttlSeconds(), policy.behavior().triggerTtlMaxSeconds());
        Instant expiresAt = signal.receivedAt().plusSeconds(ttl);
        Integer step = switch (t.action()) {
            case SCALE_UP -> t.step();
            case SCALE_DOWN -> -t.step();
            default -> null;
        };
        Integer replicas = t.action() == TriggerDetails.TriggerAction.SCALE_TO ? t.replicas() : null;
        if (step != null && state.hasObservation()) {
            replicas = Math.max(0, state.observation().specReplicas() + step);
        }
        String reason = t.reason() == null || t.reason().isBlank() ? "no reason given" : t.reason();
        var active = new TargetState.ActiveTrigger(t.source(), signal.id(), t.action().name().toLowerCase(Locale.ROOT), replicas, step, expiresAt, reason);
        List<TargetState.ActiveTrigger> triggers = new ArrayList<>(state.triggers().stream()
                .filter(a -> !a.source().equals(t.source())).toList());
        triggers.add(active);
        triggers.sort(Comparator.comparing(TargetState.ActiveTrigger::source));
        String note = "trigger " + signal.id() + " from " + t.source() + " (" + active.action()
                + (replicas != null ? " " + replicas : step != null ? " step " + step : "") + ", valid until "
                + expiresAt + (ttl < t.ttlSeconds() ? ", TTL cut to " + ttl + "s" : "") + ") accepted";
        return new Applied(state.withTriggers(triggers), note, false);
    }
}
