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
 * Applies an alert or trigger to a target's state. Alerts: one floor per alert rule; the rule's first firing alert
 * sets it, later ones join it (a re-sent notification of a member only refreshes it), the last member's resolution
 * releases it, and an alert instance counts once: once it resolved or its floor ended it never joins or sets a floor
 * again (a late copy from another Alertmanager of an HA pair changes nothing). Triggers: a newer
 * trigger of the same source replaces the older one, a cancel removes the trigger it names, a repeated trigger id
 * changes nothing.
 */
final class SignalIntake {

    /** The state after the signal and one sentence on what the signal did; {@code refused}: a bound was hit. */
    record Applied(TargetState state, String note, boolean duplicate, boolean refused) {

        static Applied changed(TargetState state, String note) {
            return new Applied(state, note, false, false);
        }

        static Applied duplicate(TargetState state, String note) {
            return new Applied(state, note, true, false);
        }

        static Applied refused(TargetState state, String note) {
            return new Applied(state, note, false, true);
        }
    }

    private SignalIntake() {}

    /**
     * Applies the signal; {@code current} is the count the target's evaluations start from (null before its first
     * observation): the base of a relative floor and of a trigger's step.
     */
    static Applied apply(TargetState state, AlertSignal signal, Policy policy, Integer current) {
        return signal.kind() == AlertSignal.SignalKind.ALERT
                ? alert(state, signal.alert(), signal.receivedAt(), policy, current)
                : trigger(state, signal, policy, current);
    }

    /** Fills in replicas that depend on the target's size once the first observation of it arrives. */
    static TargetState resolvePending(TargetState state, int specReplicas) {
        boolean pendingFloor = state.floors().stream().anyMatch(f -> f.replicasAtFiring() == null);
        boolean pendingTrigger = state.triggers().stream().anyMatch(t -> t.replicas() == null && t.step() != null);
        if (!pendingFloor && !pendingTrigger) {
            return state;
        }
        List<TargetState.AlertFloor> floors = state.floors().stream()
                .map(f -> f.replicasAtFiring() != null ? f : f.withReplicasAtFiring(specReplicas))
                .toList();
        List<TargetState.ActiveTrigger> triggers = state.triggers().stream()
                .map(t -> t.replicas() != null || t.step() == null ? t : t.withReplicas(plus(specReplicas, t.step())))
                .toList();
        return state.withFloors(floors).withTriggers(triggers);
    }

    /**
     * Releases floors with no firing notification for {@code alert_floor_ttl} (Alertmanager re-sends firing alerts
     * every repeat_interval, so a floor whose resolve was lost does not hold forever); the note names them, or is
     * null when none expired.
     */
    static Applied expire(TargetState state, Instant now, Policy policy) {
        List<TargetState.AlertFloor> kept = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        List<String> instances = new ArrayList<>();
        for (TargetState.AlertFloor floor : state.floors()) {
            boolean timed = floor.lastFiringAt() != null;
            if (timed
                    && now.isBefore(floor.lastFiringAt().plus(policy.behavior().alertFloorTtl()))) {
                kept.add(floor);
            } else {
                expired.add("alert-expired: the floor of rule " + floor.rule() + " is released (no firing "
                        + "notification of its " + floor.alerts().size() + " alert(s) since " + floor.lastFiringAt()
                        + ", alert_floor_ttl "
                        + TargetState.human(policy.behavior().alertFloorTtl()) + ")");
                floor.alerts().forEach(a -> instances.add(a.instance()));
            }
        }
        if (expired.isEmpty()) {
            return Applied.changed(state, null);
        }
        return Applied.changed(state.withFloors(kept).withCounted(instances), String.join("; ", expired));
    }

    private static Applied alert(
            TargetState state, AlertDetails alert, Instant receivedAt, Policy policy, Integer current) {
        String what = "alert " + Limits.abbreviate(alert.name(), Limits.TEXT_CHARS) + " ("
                + Limits.shortId(alert.fingerprint()) + ")";
        if (alert.fingerprint().length() > Limits.IDENTIFIER_CHARS) {
            return Applied.refused(
                    state,
                    what + ": a fingerprint of " + alert.fingerprint().length()
                            + " characters is not an Alertmanager fingerprint (at most " + Limits.IDENTIFIER_CHARS
                            + ")");
        }
        if (alert.status() == AlertDetails.AlertStatus.RESOLVED) {
            return resolved(state, alert, what);
        }
        Optional<AlertRule> rule = policy.alertRules().stream()
                .filter(r -> r.matches(alert.labels()))
                .findFirst();
        if (rule.isEmpty()) {
            return Applied.changed(state, what + " firing: no alert rule matches its labels");
        }
        String ruleName = rule.get().name();
        TargetState.FloorAlert member = new TargetState.FloorAlert(
                alert.fingerprint(), Limits.abbreviate(alert.name(), Limits.TEXT_CHARS), alert.startsAt());
        Optional<TargetState.AlertFloor> existing =
                state.floors().stream().filter(f -> f.rule().equals(ruleName)).findFirst();
        if (existing.isPresent() && existing.get().holds(alert.fingerprint())) {
            TargetState.AlertFloor floor = existing.get();
            TargetState refreshed =
                    replace(state, floor.withAlerts(floor.alerts(), later(floor.lastFiringAt(), receivedAt)));
            return Applied.duplicate(
                    refreshed,
                    what + " is already part of the floor of rule " + ruleName
                            + "; this notification keeps the floor for another alert_floor_ttl");
        }
        // Checked before joining too: with Alertmanager HA, one peer's repeat may arrive after the other's resolve.
        if (state.countedAlerts().contains(member.instance())) {
            return Applied.duplicate(
                    state,
                    what + " firing since " + alert.startsAt() + " was already counted in "
                            + (existing.isPresent()
                                    ? "the floor of rule " + ruleName + " and has resolved; it does not join it again"
                                    : "a floor of rule " + ruleName + " that has ended; it does not set a new one"));
        }
        if (existing.isPresent()) {
            TargetState.AlertFloor floor = existing.get();
            if (floor.alerts().size() >= Limits.FLOOR_ALERTS) {
                return Applied.refused(
                        state,
                        what + " firing: the floor of rule " + ruleName + " already tracks " + Limits.FLOOR_ALERTS
                                + " alerts, the most one floor keeps; it is not added (the floor holds)");
            }
            List<TargetState.FloorAlert> members = new ArrayList<>(floor.alerts());
            members.add(member);
            members.sort(Comparator.comparing(TargetState.FloorAlert::fingerprint));
            return Applied.changed(
                    replace(state, floor.withAlerts(members, later(floor.lastFiringAt(), receivedAt))),
                    what + " firing: joins the floor of rule " + ruleName + " set at " + floor.firedAt() + " ("
                            + members.size() + " alerts; the floor is not raised)");
        }
        if (state.floors().size() >= Limits.FLOORS) {
            return Applied.refused(
                    state,
                    what + " firing: the target already has " + Limits.FLOORS + " alert floors, the most it keeps");
        }
        List<TargetState.AlertFloor> floors = new ArrayList<>(state.floors());
        floors.add(new TargetState.AlertFloor(ruleName, current, receivedAt, receivedAt, List.of(member)));
        floors.sort(Comparator.comparing(TargetState.AlertFloor::rule));
        return Applied.changed(state.withFloors(floors), what + " firing: rule " + ruleName + " sets a floor");
    }

    private static Applied resolved(TargetState state, AlertDetails alert, String what) {
        for (TargetState.AlertFloor floor : state.floors()) {
            if (!floor.holds(alert.fingerprint())) {
                continue;
            }
            List<TargetState.FloorAlert> remaining = floor.alerts().stream()
                    .filter(a -> !a.fingerprint().equals(alert.fingerprint()))
                    .toList();
            List<String> done = floor.alerts().stream()
                    .filter(a -> a.fingerprint().equals(alert.fingerprint()))
                    .map(TargetState.FloorAlert::instance)
                    .toList();
            if (!remaining.isEmpty()) {
                return Applied.changed(
                        replace(state, floor.withAlerts(remaining, floor.lastFiringAt()))
                                .withCounted(done),
                        what + " resolved: " + remaining.size() + " alert(s) of rule " + floor.rule()
                                + " still fire, so its floor stays");
            }
            List<TargetState.AlertFloor> floors =
                    state.floors().stream().filter(f -> f != floor).toList();
            return Applied.changed(
                    state.withFloors(floors).withCounted(done),
                    what + " resolved: it was the last " + "alert of rule " + floor.rule()
                            + ", so its floor is released");
        }
        return Applied.changed(state, what + " resolved: it held no floor");
    }

    private static Applied trigger(TargetState state, AlertSignal signal, Policy policy, Integer current) {
        if (state.seenSignals().contains(signal.id())) {
            return Applied.duplicate(state, "trigger " + Limits.shortId(signal.id()) + " was already seen; ignored");
        }
        TriggerDetails t = signal.trigger();
        if (t.source().length() > Limits.IDENTIFIER_CHARS || signal.id().length() > Limits.IDENTIFIER_CHARS) {
            return Applied.refused(
                    state,
                    "trigger " + Limits.shortId(signal.id()) + " from "
                            + Limits.shortId(t.source()) + ": its id or source is longer than "
                            + Limits.IDENTIFIER_CHARS
                            + " characters");
        }
        TargetState seen = state.withSeen(signal.id());
        if (t.action() == TriggerDetails.TriggerAction.CANCEL) {
            List<TargetState.ActiveTrigger> remaining = seen.triggers().stream()
                    .filter(a -> !a.signalId().equals(t.cancels()))
                    .toList();
            String note = remaining.size() < seen.triggers().size()
                    ? "trigger " + Limits.shortId(t.cancels()) + " is cancelled by " + Limits.shortId(t.source())
                    : "cancel of trigger " + Limits.shortId(t.cancels()) + ": no such active trigger (it ended,"
                            + " expired, or a later trigger from its source replaced it)";
            return Applied.changed(seen.withTriggers(remaining), note);
        }
        // One active trigger per source: a caller's latest instruction for the target replaces its earlier one.
        Optional<TargetState.ActiveTrigger> replaced = seen.triggers().stream()
                .filter(a -> a.source().equals(t.source()))
                .findFirst();
        if (replaced.isEmpty() && seen.triggers().size() >= Limits.TRIGGERS) {
            return Applied.refused(
                    state,
                    "trigger " + Limits.shortId(signal.id()) + " from " + t.source() + ": the target already has "
                            + Limits.TRIGGERS + " active triggers, the most it keeps");
        }
        long ttl = Math.min(t.ttlSeconds(), policy.behavior().triggerTtlMaxSeconds());
        Instant expiresAt = signal.receivedAt().plusSeconds(ttl);
        Integer step =
                switch (t.action()) {
                    case SCALE_UP -> t.step();
                    case SCALE_DOWN -> -t.step();
                    default -> null;
                };
        Integer replicas = t.action() == TriggerDetails.TriggerAction.SCALE_TO ? t.replicas() : null;
        if (step != null && current != null) {
            replicas = plus(current, step);
        }
        String reason = t.reason() == null || t.reason().isBlank()
                ? "no reason given"
                : Limits.abbreviate(t.reason(), Limits.TEXT_CHARS);
        var active = new TargetState.ActiveTrigger(
                t.source(), signal.id(), t.action().name().toLowerCase(Locale.ROOT), replicas, step, expiresAt, reason);
        List<TargetState.ActiveTrigger> triggers = new ArrayList<>(seen.triggers().stream()
                .filter(a -> !a.source().equals(t.source()))
                .toList());
        triggers.add(active);
        triggers.sort(Comparator.comparing(TargetState.ActiveTrigger::source));
        String note = "trigger " + Limits.shortId(signal.id()) + " from " + t.source() + " (" + active.action()
                + (replicas != null ? " " + replicas : step != null ? " step " + step : "") + ", valid until "
                + expiresAt + (ttl < t.ttlSeconds() ? ", TTL cut to " + ttl + "s" : "") + ") accepted"
                + replaced.map(r -> ", replacing " + r.action() + " trigger " + Limits.shortId(r.signalId())
                                + " from the same source")
                        .orElse("");
        return Applied.changed(seen.withTriggers(triggers), note);
    }

    private static TargetState replace(TargetState state, TargetState.AlertFloor floor) {
        return state.withFloors(state.floors().stream()
                .map(f -> f.rule().equals(floor.rule()) ? floor : f)
                .toList());
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** {@code replicas + step}, saturating at 0 and at Integer.MAX_VALUE. */
    static int plus(int replicas, int step) {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, (long) replicas + step));
    }
}
