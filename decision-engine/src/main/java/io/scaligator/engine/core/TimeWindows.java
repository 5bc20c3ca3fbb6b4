package io.scaligator.engine.core;

import io.scaligator.common.config.TimeRule;
import io.scaligator.common.schedule.Schedule;
import io.scaligator.common.schedule.ScheduleException;
import io.scaligator.common.schedule.ScheduleParser;
import java.time.Instant;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Decides whether a target is in a downtime window at an instant: its own uptime/downtime annotations replace
 * the namespace's time rules; among several rules, the first one in downtime wins.
 */
final class TimeWindows {

    /** The applicable schedule's verdict; {@code replicas} is what downtime sets. */
    record Verdict(String source, boolean downtime, int replicas, String reason) {}

    private TimeWindows() {}

    /** The verdict, or null when no schedule applies to the target. */
    static Verdict at(Instant now, String namespace, Overrides overrides, Policy policy)
            throws Overrides.BadAnnotation {
        if (overrides.hasSchedule()) {
            int replicas = overrides.downtimeReplicas() >= 0 ? overrides.downtimeReplicas() : policy.downtimeReplicas();
            boolean down = overrides.downtime() != null
                    && schedule(overrides.downtime(), Overrides.DOWNTIME).matches(now);
            boolean outsideUptime = overrides.uptime() != null
                    && !schedule(overrides.uptime(), Overrides.UPTIME).matches(now);
            return verdict(
                    "time:annotation",
                    down || outsideUptime,
                    replicas,
                    down ? Overrides.DOWNTIME : Overrides.UPTIME,
                    down ? overrides.downtime() : overrides.uptime());
        }
        Verdict first = null;
        for (TimeRule rule : policy.timeRules()) {
            if (!rule.appliesTo(namespace)) {
                continue;
            }
            boolean isDowntimeRule = rule.downtime() != null;
            String text = isDowntimeRule ? rule.downtime() : rule.uptime();
            boolean matches = ScheduleParser.parseCached(text).matches(now);
            int replicas = overrides.downtimeReplicas() >= 0 ? overrides.downtimeReplicas() : rule.downtimeReplicas();
            Verdict verdict = verdict(
                    "time:" + rule.name(),
                    isDowntimeRule == matches,
                    replicas,
                    isDowntimeRule ? "downtime" : "uptime",
                    text);
            if (verdict.downtime()) {
                return verdict;
            }
            if (first == null) {
                first = verdict;
            }
        }
        return first;
    }

    /**
     * The instants strictly between {@code after} and {@code until} at which the verdict may change: the
     * boundaries of every schedule {@link #at} may consult for the target.
     */
    static NavigableSet<Instant> boundaries(
            Instant after, Instant until, String namespace, Overrides overrides, Policy policy)
            throws Overrides.BadAnnotation {
        NavigableSet<Instant> boundaries = new TreeSet<>();
        if (overrides.hasSchedule()) {
            if (overrides.downtime() != null) {
                schedule(overrides.downtime(), Overrides.DOWNTIME).addBoundaries(after, until, boundaries);
            }
            if (overrides.uptime() != null) {
                schedule(overrides.uptime(), Overrides.UPTIME).addBoundaries(after, until, boundaries);
            }
            return boundaries;
        }
        for (TimeRule rule : policy.timeRules()) {
            if (rule.appliesTo(namespace)) {
                String text = rule.downtime() != null ? rule.downtime() : rule.uptime();
                ScheduleParser.parseCached(text).addBoundaries(after, until, boundaries);
            }
        }
        return boundaries;
    }

    private static Verdict verdict(String source, boolean downtime, int replicas, String kind, String text) {
        String reason = downtime
                ? (kind.endsWith("uptime") ? "outside " + kind : "inside " + kind) + " \"" + text + "\": downtime, "
                        + replicas + " replicas"
                : (kind.endsWith("uptime") ? "inside " + kind : "outside " + kind) + " \"" + text + "\": uptime";
        return new Verdict(source, downtime, replicas, reason);
    }

    private static Schedule schedule(String text, String annotation) throws Overrides.BadAnnotation {
        try {
            return ScheduleParser.parseCached(text);
        } catch (ScheduleException e) {
            throw new Overrides.BadAnnotation("annotation " + annotation + ": " + e.getMessage());
        }
    }
}
