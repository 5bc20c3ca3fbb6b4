package io.scaligator.audit.report;

import io.scaligator.audit.read.AuditLog;
import io.scaligator.audit.read.Recorded;
import io.scaligator.common.event.AlertSignal;
import io.scaligator.common.event.Decision;
import io.scaligator.common.event.MetricSample;
import io.scaligator.common.event.Observation;
import io.scaligator.common.event.Recommendation;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaleOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Joins one target's records into a timeline: each decision with its input (by the decision's input
 * coordinates), its command (by {@code decision.commandId}) and the command's outcome (by {@code commandId});
 * inputs no decision refers to yet are listed on their own.
 */
public final class Timeline {

    private Timeline() {}

    public static List<TimelineEntry> of(AuditLog log, String target) {
        Map<String, Recorded> inputs = new HashMap<>();
        log.inputs().stream().filter(r -> target.equals(r.key())).forEach(r -> inputs.put(r.coordinates(), r));
        Map<String, ScaleCommand> commands = new HashMap<>();
        log.commands().forEach(r -> {
            if (r.event() instanceof ScaleCommand c && target.equals(r.key())) {
                commands.put(c.id(), c);
            }
        });
        Map<String, ScaleOutcome> outcomes = new HashMap<>();
        log.outcomes().forEach(r -> {
            if (r.event() instanceof ScaleOutcome o && target.equals(r.key())) {
                outcomes.put(o.commandId(), o);
            }
        });
        List<TimelineEntry> entries = new ArrayList<>();
        Set<String> decided = new HashSet<>();
        for (Recorded r : log.decisions()) {
            if (r.event() instanceof Decision d && target.equals(r.key())) {
                decided.add(d.input().coordinates());
                entries.add(entry(
                        d,
                        inputs.get(d.input().coordinates()),
                        commands.get(d.commandId()),
                        d.commandId() == null ? null : outcomes.get(d.commandId())));
            }
        }
        inputs.values().stream()
                .filter(r -> !decided.contains(r.coordinates()) && r.event() != null)
                .forEach(r -> entries.add(undecided(r)));
        entries.sort(Comparator.comparing(TimelineEntry::time));
        return entries;
    }

    private static TimelineEntry entry(Decision d, Recorded input, ScaleCommand command, ScaleOutcome outcome) {
        Observation obs = input != null && input.event() instanceof Observation o ? o : null;
        List<String> alerts = new ArrayList<>();
        String schedule = null;
        for (Recommendation rec : d.recommendations()) {
            if (rec.source().startsWith("alert:") || rec.source().startsWith("trigger:")) {
                alerts.add(rec.reason());
            } else if (rec.source().startsWith("time:")) {
                schedule = rec.reason();
            }
        }
        if (input != null && input.event() instanceof AlertSignal a) {
            alerts.add(0, "input: " + describe(a));
        }
        return new TimelineEntry(
                d.decidedAt(),
                d.input().eventType(),
                d.input().eventId(),
                obs == null ? null : obs.specReplicas(),
                obs == null ? null : obs.readyReplicas(),
                metrics(d.metrics()),
                alerts,
                schedule,
                d.recommendations(),
                d.result().name().toLowerCase(Locale.ROOT),
                d.currentReplicas(),
                d.desiredReplicas(),
                d.rule(),
                d.reason(),
                d.policyVersion(),
                d.id(),
                command == null
                        ? null
                        : new TimelineEntry.Command(command.id(), command.fromReplicas(), command.toReplicas()),
                outcome == null
                        ? null
                        : new TimelineEntry.Outcome(
                                outcome.status().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                                outcome.appliedReplicas(),
                                outcome.message(),
                                outcome.completedAt()));
    }

    private static TimelineEntry undecided(Recorded r) {
        Observation obs = r.event() instanceof Observation o ? o : null;
        List<String> alerts = r.event() instanceof AlertSignal a ? List.of("input: " + describe(a)) : List.of();
        return new TimelineEntry(
                Instant.ofEpochMilli(r.timestamp()),
                obs != null ? "observation" : "alert-signal",
                r.event().id(),
                obs == null ? null : obs.specReplicas(),
                obs == null ? null : obs.readyReplicas(),
                obs == null ? List.of() : metrics(obs.metrics()),
                alerts,
                null,
                List.of(),
                "no decision (yet)",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private static String describe(AlertSignal a) {
        if (a.alert() != null) {
            return a.alert().name() + " " + a.alert().status().name().toLowerCase(Locale.ROOT);
        }
        return "trigger " + a.trigger().action().name().toLowerCase(Locale.ROOT).replace('_', '-')
                + (a.trigger().replicas() != null ? " " + a.trigger().replicas() : "")
                + " from " + a.trigger().source();
    }

    static List<String> metrics(List<MetricSample> samples) {
        return samples.stream()
                .map(m -> m.value() != null
                        ? m.rule() + "=" + format(m.value())
                        : m.rule() + "=missing (" + m.missingReason() + ")")
                .toList();
    }

    static String format(double v) {
        return String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
