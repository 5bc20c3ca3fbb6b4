package io.scaligator.engine.core;

import io.scaligator.common.event.MetricSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the engine remembers about one target between records: the last observation, recent recommendations
 * (stabilization windows), recent scale commands (rate policies), active alert floors (one per alert rule, with the
 * alerts that joined it) and triggers, ids of triggers already seen, the alert instances already counted, the
 * replicas to restore after downtime, the last command until an observation shows it applied (so a slow actuator
 * does not make the engine issue the same change again), whether Scaligator itself set the count to 0, when the
 * workload was deleted, the ready counts within the ready window, and the demand profile of each metric rule with a
 * forecast ({@link DemandProfile}). Every part is bounded ({@link Limits}).
 */
public record TargetState(
        LastObservation observation,
        List<TimedReplicas> recommendations,
        List<ScaleEvent> scaleEvents,
        List<AlertFloor> floors,
        List<ActiveTrigger> triggers,
        List<String> seenSignals,
        Integer downtimeOriginalReplicas,
        ScaleEvent pendingCommand,
        List<String> countedAlerts,
        boolean zeroedByScaligator,
        Instant deletedAt,
        List<TimedReplicas> readyHistory,
        List<DemandProfile> profiles) {

    public TargetState {
        recommendations = List.copyOf(recommendations == null ? List.of() : recommendations);
        scaleEvents = List.copyOf(scaleEvents == null ? List.of() : scaleEvents);
        floors = List.copyOf(floors == null ? List.of() : floors);
        triggers = List.copyOf(triggers == null ? List.of() : triggers);
        seenSignals = List.copyOf(seenSignals == null ? List.of() : seenSignals);
        countedAlerts = List.copyOf(countedAlerts == null ? List.of() : countedAlerts);
        readyHistory = List.copyOf(readyHistory == null ? List.of() : readyHistory);
        profiles = List.copyOf(profiles == null ? List.of() : profiles);
    }

    /** The state of a target nothing is known about yet. */
    public static TargetState empty() {
        return new TargetState(
                null, List.of(), List.of(), List.of(), List.of(), List.of(), null, null, List.of(), false, null,
                List.of(), List.of());
    }

    /** The state of a target whose workload was deleted at {@code at}: nothing else is kept. */
    static TargetState deleted(Instant at) {
        return new TargetState(
                null, List.of(), List.of(), List.of(), List.of(), List.of(), null, null, List.of(), false, at,
                List.of(), List.of());
    }

    /**
     * The state of a target a person excluded, observed as {@code last}: floors, triggers and history are dropped, but
     * the alert instances and triggers already counted stay counted (those of the dropped floors with them), so that a
     * re-sent notification after the exclusion is lifted does not count a second time. While the workload still has
     * the 0 Scaligator set (a downtime's), that 0 stays Scaligator's, with the count the downtime restores: lifted, it
     * is not taken for a person's switch-off. Any count a person sets meanwhile ends both.
     */
    TargetState excluded(LastObservation last) {
        List<String> instances = floors.stream()
                .flatMap(f -> f.alerts().stream())
                .map(FloorAlert::instance)
                .toList();
        boolean ourZero = zeroedByScaligator && last.specReplicas() == 0;
        return empty().copy()
                .observation(last)
                .seenSignals(seenSignals)
                .countedAlerts(countedAlerts)
                .zeroedByScaligator(ourZero)
                .downtimeOriginalReplicas(ourZero ? downtimeOriginalReplicas : null)
                .build()
                .withCounted(instances);
    }

    /** The parts of the latest observation later signals are evaluated against. */
    public record LastObservation(
            Instant observedAt,
            int specReplicas,
            int readyReplicas,
            String otherAutoscaler,
            Map<String, String> annotations,
            List<MetricSample> metrics) {
        public LastObservation {
            annotations =
                    Collections.unmodifiableSortedMap(new TreeMap<>(annotations == null ? Map.of() : annotations));
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
     * The floor of one alert rule on this target: set once, from the replicas when the rule's first alert fired
     * ({@code replicasAtFiring} null until the first observation), joined by the rule's further alerts, released
     * when the last of them resolves or {@code alert_floor_ttl} after {@code lastFiringAt}.
     */
    public record AlertFloor(
            String rule, Integer replicasAtFiring, Instant firedAt, Instant lastFiringAt, List<FloorAlert> alerts) {
        public AlertFloor {
            alerts = alerts == null ? List.of() : List.copyOf(alerts);
            lastFiringAt = lastFiringAt == null ? firedAt : lastFiringAt;
        }

        /** Whether the alert with this fingerprint is part of the floor. */
        boolean holds(String fingerprint) {
            return alerts.stream().anyMatch(a -> a.fingerprint().equals(fingerprint));
        }

        AlertFloor withAlerts(List<FloorAlert> members, Instant lastFiring) {
            return new AlertFloor(rule, replicasAtFiring, firedAt, lastFiring, members);
        }

        AlertFloor withReplicasAtFiring(int replicas) {
            return new AlertFloor(rule, replicas, firedAt, lastFiringAt, alerts);
        }
    }

    /** One firing alert that is part of a floor: its fingerprint, name and when it started. */
    public record FloorAlert(String fingerprint, String alertName, Instant startsAt) {

        /** The key of this alert instance: an alert that fires again later has another startsAt. */
        String instance() {
            return instanceKey(fingerprint, startsAt);
        }
    }

    /** The key of one alert instance (fingerprint and startsAt), kept once counted so that it never counts twice. */
    static String instanceKey(String fingerprint, Instant startsAt) {
        return fingerprint + "@" + startsAt;
    }

    /** An accepted trigger, its replica target fixed when it was received, valid until {@code expiresAt}. */
    public record ActiveTrigger(
            String source,
            String signalId,
            String action,
            Integer replicas,
            Integer step,
            Instant expiresAt,
            String reason) {

        ActiveTrigger withReplicas(int resolved) {
            return new ActiveTrigger(source, signalId, action, resolved, step, expiresAt, reason);
        }

        boolean holds() {
            return "hold".equals(action);
        }

        /** scale_to and scale_down set the count for their TTL, overriding metric rules. */
        boolean sets() {
            return "scale_to".equals(action) || "scale_down".equals(action);
        }
    }

    public boolean hasObservation() {
        return observation != null;
    }

    /** Whether the last word about the workload was that it was deleted. */
    public boolean isDeleted() {
        return deletedAt != null;
    }

    /** This state with the observation as the latest, its ready count added to the ready history. */
    TargetState withObservation(LastObservation o) {
        return copy().observation(o)
                .deletedAt(null)
                .readyHistory(
                        append(readyHistory, new TimedReplicas(o.observedAt(), o.readyReplicas()), Limits.HISTORY))
                .build();
    }

    /**
     * The ready count a metric averaged over the ready window saw: the harmonic mean of the counts in it, as each
     * pod's utilization at a moment is the demand over the pods ready then, so demand = the averaged utilization /
     * mean(1 / ready) while demand holds. The latest count alone would overstate the demand just after a scale-up
     * (by as much as it added) and understate it after a scale-down. The latest count when any count is 0. The
     * ready history includes the latest observation; the count observed exactly {@code readyWindow} before it is
     * left out, as the window's samples are those after its start.
     */
    double windowReady(Duration readyWindow) {
        long start = observation.observedAt().minus(readyWindow).toEpochMilli();
        double inverse = 0;
        int counts = 0;
        for (TimedReplicas r : readyHistory) {
            if (r.atMillis() > start) {
                inverse += 1.0 / r.replicas();
                counts++;
            }
        }
        return inverse > 0 && !Double.isInfinite(inverse) ? counts / inverse : observation.readyReplicas();
    }

    /**
     * How many replicas have been ready for the whole ready window up to and including the latest observation: the
     * fewest ready in it, the count observed exactly a window ago included (a pod it did not show became ready
     * after it, less than the window ago). Pods ready for less than the window have a metric averaged partly over
     * the time before they were ready, so they do not count as ready when scaling (as HPA's rule for CPU).
     */
    int settledReady() {
        int settled = observation.readyReplicas();
        for (TimedReplicas r : readyHistory) {
            settled = Math.min(settled, r.replicas());
        }
        return settled;
    }

    TargetState withFloors(List<AlertFloor> f) {
        return copy().floors(f).build();
    }

    TargetState withTriggers(List<ActiveTrigger> t) {
        return copy().triggers(t).build();
    }

    TargetState withDowntimeOriginal(Integer original) {
        return copy().downtimeOriginalReplicas(original).build();
    }

    TargetState withRecommendation(TimedReplicas r) {
        return copy().recommendations(append(recommendations, r, Limits.HISTORY))
                .build();
    }

    TargetState withScaleEvent(ScaleEvent e) {
        return copy().scaleEvents(append(scaleEvents, e, Limits.HISTORY))
                .zeroedByScaligator(e.to() == 0)
                .build();
    }

    TargetState withPendingCommand(ScaleEvent command) {
        return copy().pendingCommand(command).build();
    }

    TargetState withSeen(String key) {
        return copy().seenSignals(append(seenSignals, key, Limits.SEEN)).build();
    }

    TargetState withCounted(List<String> instances) {
        List<String> counted = countedAlerts;
        for (String instance : instances) {
            if (!counted.contains(instance)) {
                counted = append(counted, instance, Limits.COUNTED);
            }
        }
        return copy().countedAlerts(counted).build();
    }

    /** This state with the count no longer at 0 by Scaligator's doing (an observation shows replicas again). */
    TargetState withZeroedByScaligator(boolean zeroed) {
        return copy().zeroedByScaligator(zeroed).build();
    }

    /**
     * Drops history no window or period can still need at {@code now}, triggers that have expired, and the memory
     * of a deletion older than {@code forget}. Floors expire separately ({@link SignalIntake#expire}), because
     * their release is reported.
     */
    TargetState pruned(Instant now, Behavior behavior) {
        if (deletedAt != null && !now.isBefore(deletedAt.plus(behavior.alertFloorTtl()))) {
            return empty();
        }
        Instant windowStart = now.minus(behavior.longestWindow());
        Instant periodStart = now.minus(behavior.longestPeriod());
        Instant readyStart = now.minus(behavior.readyWindow());
        return copy().recommendations(recommendations.stream()
                        .filter(r -> r.after(windowStart))
                        .toList())
                .scaleEvents(
                        scaleEvents.stream().filter(e -> e.after(periodStart)).toList())
                .triggers(triggers.stream()
                        .filter(t -> t.expiresAt().isAfter(now))
                        .toList())
                // the count observed exactly a ready window ago is kept: pods it did not show yet have been ready for
                // less than the window (see settledReady)
                .readyHistory(readyHistory.stream()
                        .filter(r -> r.atMillis() >= readyStart.toEpochMilli())
                        .toList())
                .build();
    }

    /** The demand profile of metric rule {@code rule}; empty if none is kept. */
    DemandProfile profile(String rule) {
        for (DemandProfile p : profiles) {
            if (p.rule().equals(rule)) {
                return p;
            }
        }
        return DemandProfile.empty(rule);
    }

    /** This state keeping {@code kept} as its demand profiles (those of the rules with a forecast, in rule order). */
    TargetState withProfiles(List<DemandProfile> kept) {
        return copy().profiles(kept).build();
    }

    /** A copy of this state to change a few parts of: each {@code with...} names only what it changes. */
    private Copy copy() {
        return new Copy(this);
    }

    /** The parts of a state while a changed copy is made. */
    private static final class Copy {
        private LastObservation observation;
        private List<TimedReplicas> recommendations;
        private List<ScaleEvent> scaleEvents;
        private List<AlertFloor> floors;
        private List<ActiveTrigger> triggers;
        private List<String> seenSignals;
        private Integer downtimeOriginalReplicas;
        private ScaleEvent pendingCommand;
        private List<String> countedAlerts;
        private boolean zeroedByScaligator;
        private Instant deletedAt;
        private List<TimedReplicas> readyHistory;
        private List<DemandProfile> profiles;

        Copy(TargetState s) {
            observation = s.observation;
            recommendations = s.recommendations;
            scaleEvents = s.scaleEvents;
            floors = s.floors;
            triggers = s.triggers;
            seenSignals = s.seenSignals;
            downtimeOriginalReplicas = s.downtimeOriginalReplicas;
            pendingCommand = s.pendingCommand;
            countedAlerts = s.countedAlerts;
            zeroedByScaligator = s.zeroedByScaligator;
            deletedAt = s.deletedAt;
            readyHistory = s.readyHistory;
            profiles = s.profiles;
        }

        Copy observation(LastObservation value) {
            observation = value;
            return this;
        }

        Copy recommendations(List<TimedReplicas> value) {
            recommendations = value;
            return this;
        }

        Copy scaleEvents(List<ScaleEvent> value) {
            scaleEvents = value;
            return this;
        }

        Copy floors(List<AlertFloor> value) {
            floors = value;
            return this;
        }

        Copy triggers(List<ActiveTrigger> value) {
            triggers = value;
            return this;
        }

        Copy seenSignals(List<String> value) {
            seenSignals = value;
            return this;
        }

        Copy downtimeOriginalReplicas(Integer value) {
            downtimeOriginalReplicas = value;
            return this;
        }

        Copy pendingCommand(ScaleEvent value) {
            pendingCommand = value;
            return this;
        }

        Copy countedAlerts(List<String> value) {
            countedAlerts = value;
            return this;
        }

        Copy zeroedByScaligator(boolean value) {
            zeroedByScaligator = value;
            return this;
        }

        Copy deletedAt(Instant value) {
            deletedAt = value;
            return this;
        }

        Copy readyHistory(List<TimedReplicas> value) {
            readyHistory = value;
            return this;
        }

        Copy profiles(List<DemandProfile> value) {
            profiles = value;
            return this;
        }

        TargetState build() {
            return new TargetState(
                    observation,
                    recommendations,
                    scaleEvents,
                    floors,
                    triggers,
                    seenSignals,
                    downtimeOriginalReplicas,
                    pendingCommand,
                    countedAlerts,
                    zeroedByScaligator,
                    deletedAt,
                    readyHistory,
                    profiles);
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
