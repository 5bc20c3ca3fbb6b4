package io.scaligator.engine.core;

import io.scaligator.common.event.MetricSample;
import io.scaligator.common.serde.EventJson;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the engine remembers about one target between records: the last observation, recent recommendations
 * (stabilization windows), recent scale commands (rate policies), active alert floors and triggers, ids of alert
 * signals already seen, the replicas to restore after downtime, and the last command until an observation shows
 * it applied (so a slow actuator does not make the engine issue the same change again). Everything is bounded:
 * history older than the longest window is pruned and the seen-id list keeps only the latest {@value #SEEN_LIMIT}
 * entries.
 */
public record TargetState(LastObservation observation, List<TimedReplicas> recommendations,
        List<ScaleEvent> scaleEvents, List<AlertFloor> floors, List<ActiveTrigger> triggers, List<String> seenSignals,
        Integer downtimeOriginalReplicas, ScaleEvent pendingCommand) {

    static final int SEEN_LIMIT = 256;
    static final int HISTORY_LIMIT = 512;

    public TargetState {
        recommendations = List.copyOf(recommendations == null ? List.of() : recommendations);
        scaleEvents = List.copyOf(scaleEvents == null ? List.of() : scaleEvents);
        floors = List.copyOf(floors == null ? List.of() : floors);
        triggers = List.copyOf(triggers == null ? List.of() : triggers);
        seenSignals = List.copyOf(seenSignals == null ? List.of() : seenSignals);
    }

    /** The state of a target nothing is known about yet. */
    public static TargetState empty() {
        return new TargetState(null, List.of(), List.of(), List.of(), List.of(), List.of(), null, null);
    }

    /** The parts of the latest observation later signals are evaluated against. */
    public record LastObservation(Instant observedAt, int specReplicas, String otherAutoscaler,
            Map<String, String> annotations, List<MetricSample> metrics) {
        public LastObservation {
            annotations = Collections.unmodifiableSortedMap(new TreeMap<>(annotations == null ? Map.of() : annotations));
            metrics = metrics == null ? List.of() : List.copyOf(metrics);
        }
    }

    /**
     * A recommendation at a point in time (epoch milliseconds: history is read on every record, and numbers parse
     * far faster than ISO text), for the stabilization windows.
     */
    public record TimedReplicas(long atMillis, int replicas) {
        TimedReplicas(Instant at, int replicas) {
            this(at.toEpochMilli(), replicas);
        }

        boolean after(Instant instant) {
            return atMillis > instant.toEpochMilli();
        }
    }

    /** A scale command issued at a point in time (epoch milliseconds), for the rate policies. */
    public record ScaleEvent(long atMillis, int from, int to) {
        ScaleEvent(Instant at, int from, int to) {
            this(at.toEpochMilli(), from, to);
        }

        boolean after(Instant instant) {
            return atMillis > instant.toEpochMilli();
        }

        Instant at() {
            return Instant.ofEpochMilli(atMillis);
        }
    }

    /**
     * A firing alert's floor, keyed by the alert's fingerprint. {@code replicasAtFiring} is null while no
     * observation has been seen yet; it is filled in from the first one.
     */
    public record AlertFloor(String fingerprint, String alertName, String rule, Integer replicasAtFiring,
            Instant startsAt, Instant firedAt) {
    }

    /** An accepted trigger, its replica target fixed when it was received, valid until {@code expiresAt}. */
    public record ActiveTrigger(String source, String signalId, String action, Integer replicas, Integer step,
            Instant expiresAt, String reason) {

        ActiveTrigger withReplicas(int resolved) {
            return new ActiveTrigger(source, signalId, action, resolved, step, expiresAt, reason);
        }

        boolean holds() {
            return "hold".equals(action);
        }
    }

    public boolean hasObservation() {
        return observation != null;
    }

    TargetState withObservation(LastObservation o) {
        return new TargetState(o, recommendations, scaleEvents, floors, triggers, seenSignals, downtimeOriginalReplicas,
                pendingCommand);
    }

    TargetState withFloors(List<AlertFloor> f) {
        return new TargetState(observation, recommendations, scaleEvents, f, triggers, seenSignals,
                downtimeOriginalReplicas, pendingCommand);
    }

    TargetState withTriggers(List<ActiveTrigger> t) {
        return new TargetState(observation, recommendations, scaleEvents, floors, t, seenSignals,
                downtimeOriginalReplicas, pendingCommand);
    }

    TargetState withDowntimeOriginal(Integer original) {
        return new TargetState(observation, recommendations, scaleEvents, floors, triggers, seenSignals, original,
                pendingCommand);
    }

    TargetState withRecommendation(TimedReplicas r) {
        return new TargetState(observation, append(recommendations, r, HISTORY_LIMIT), scaleEvents, floors, triggers,
                seenSignals, downtimeOriginalReplicas, pendingCommand);
    }

    TargetState withScaleEvent(ScaleEvent e) {
        return new TargetState(observation, recommendations, append(scaleEvents, e, HISTORY_LIMIT), floors, triggers,
                seenSignals, downtimeOriginalReplicas, pendingCommand);
    }

    TargetState withPendingCommand(ScaleEvent command) {
        return new TargetState(observation, recommendations, scaleEvents, floors, triggers, seenSignals,
                downtimeOriginalReplicas, command);
    }

    TargetState withSeen(String key) {
        return new TargetState(observation, recommendations, scaleEvents, floors, triggers,
                append(seenSignals, key, SEEN_LIMIT), downtimeOriginalReplicas, pendingCommand);
    }

    /** Drops history no window or period can still need at {@code now}, and triggers that have expired. */
    TargetState pruned(Instant now, Behavior behavior) {
        Instant windowStart = now.minus(behavior.longestWindow());
        Instant periodStart = now.minus(behavior.longestPeriod());
        return new TargetState(observation,
                recommendations.stream().filter(r -> r.after(windowStart)).toList(),
                scaleEvents.stream().filter(e -> e.after(periodStart)).toList(), floors,
                triggers.stream().filter(t -> t.expiresAt().isAfter(now)).toList(), seenSignals,
                downtimeOriginalReplicas, pendingCommand);
    }

    /** Reads the JSON that earlier engines kept in their store (now only read, never written). */
    public static TargetState fromJson(byte[] json) {
        try {
            return EventJson.mapper().readValue(json, TargetState.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a target state: " + e.getMessage(), e);
        }
    }

    /** How long a time span is, for reasons written into decisions. */
    static String human(Duration d) {
        return d.toSeconds() + "s";
    }

    private static <T> List<T> append(List<T> list, T item, int limit) {
        List<T> copy = new ArrayList<>(list.size() + 1);
        int skip = Math.max(0, list.size() + 1 - limit);
        copy.addAll(list.subList(skip, list.size()));
        copy.add(item);
        return copy;
    }
}
