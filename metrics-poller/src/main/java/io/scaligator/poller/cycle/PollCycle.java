package io.scaligator.poller.cycle;

import io.scaligator.common.config.MetricRule;
import io.scaligator.common.event.Observation;
import io.scaligator.common.target.TargetRef;
import io.scaligator.common.util.SafeText;
import io.scaligator.poller.core.ClusterSnapshot;
import io.scaligator.poller.core.ClusterView;
import io.scaligator.poller.core.MetricMapper;
import io.scaligator.poller.core.ObservationFactory;
import io.scaligator.poller.core.RuleSamples;
import io.scaligator.poller.core.TargetState;
import io.scaligator.poller.kafka.ObservationPublisher;
import io.scaligator.poller.prometheus.PrometheusClient;
import io.scaligator.poller.prometheus.QueryResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One observation cycle: a single timestamp, each rule's query run once for all targets (all rules concurrently),
 * results mapped to targets, one Observation per target published and acknowledged, plus one deleted observation
 * per workload observed in the last published cycle that the listing no longer holds. Cycles run one at a time
 * (one scheduler thread).
 *
 * <p>Only the poller that leads publishes. A standby's cycle queries nothing and publishes nothing; it only notes
 * the targets of its snapshot, and the workloads its snapshots stopped holding, so that, once elected, it reports a
 * workload deleted since then as deleted, and also one deleted before its last snapshot that the old leader may
 * have died before reporting (noticed within the standby memory). A leader that lost the Lease while its cycle ran
 * drops that cycle's observations instead of publishing them.
 */
public final class PollCycle {

    private static final Logger LOG = LoggerFactory.getLogger(PollCycle.class);

    /**
     * What a cycle did: targets observed, workloads reported deleted, each rule's samples, and whether it published
     * them (false: this poller does not lead).
     */
    public record Report(Instant observedAt, int targets, int deleted, List<RuleSamples> rules, boolean published) {}

    private final Clock clock;
    private final ClusterView cluster;
    private final PrometheusClient prometheus;
    private final List<MetricRule> rules;
    private final ObservationPublisher publisher;
    private final PollerMetrics metrics;
    private final PrometheusHealth health;
    private final BooleanSupplier leading;
    private final MetricMapper mapper = new MetricMapper();
    private final QueryFailureLog failureLog = new QueryFailureLog();
    /**
     * The targets of the last cycle whose observations were published, or, while standing by, of the last snapshot;
     * empty after a start.
     */
    private Set<TargetRef> lastObserved = Set.of();

    /**
     * Workloads that disappeared between two cycles of this poller that published nothing (standing by, or dropped
     * after the Lease was lost), with when that was noticed. The poller leading meanwhile may have died before its
     * next cycle, and the snapshot a standby keeps no longer holds them: once leading, this poller reports them.
     */
    private final Map<TargetRef, Instant> goneUnpublished = new HashMap<>();

    private final Duration standbyMemory;

    /**
     * A cycle whose standby remembers the workloads it saw for {@code standbyMemory}: at least the longest time
     * from the old leader's last published cycle to this poller's first one as leader.
     */
    public PollCycle(
            Clock clock,
            ClusterView cluster,
            PrometheusClient prometheus,
            List<MetricRule> rules,
            ObservationPublisher publisher,
            PollerMetrics metrics,
            PrometheusHealth health,
            BooleanSupplier leading,
            Duration standbyMemory) {
        this.clock = clock;
        this.cluster = cluster;
        this.prometheus = prometheus;
        this.rules = List.copyOf(rules);
        this.publisher = publisher;
        this.metrics = metrics;
        this.health = health;
        this.leading = leading;
        this.standbyMemory = standbyMemory;
    }

    /**
     * Runs the cycle; returns null when the informer caches have not synced yet (nothing is observed then), a report
     * that did not publish when this poller does not lead.
     */
    public Report run() {
        if (!cluster.syncStatus().ready()) {
            LOG.info("cycle skipped: {}", cluster.syncStatus().detail());
            return null;
        }
        // Millisecond precision: the time Prometheus evaluates at is sent with millisecond precision too.
        Instant observedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        ClusterSnapshot snapshot = cluster.snapshot();
        if (!leading.getAsBoolean()) {
            Set<TargetRef> seen = refs(snapshot);
            noteGoneUnpublished(seen, observedAt);
            lastObserved = seen;
            return new Report(observedAt, snapshot.targets().size(), 0, List.of(), false);
        }
        Map<MetricRule, CompletableFuture<QueryResult>> queries = new LinkedHashMap<>();
        for (MetricRule rule : rules) {
            queries.put(rule, prometheus.query(rule.query(), observedAt));
        }
        List<RuleSamples> results = new ArrayList<>(rules.size());
        queries.forEach((rule, query) -> {
            QueryResult result = query.join();
            metrics.query(rule.name(), result);
            health.record(rule.name(), result);
            String reason = result instanceof QueryResult.Failure failure ? SafeText.of(failure.reason()) : null;
            switch (failureLog.next(rule.name(), observedAt, result)) {
                case FAILING ->
                    LOG.warn(
                            "rule {} at {}: {}; every target gets a missing marker until the query answers (logged again"
                                    + " when the failure changes, and every {} while it goes on)",
                            rule.name(),
                            observedAt,
                            reason,
                            QueryFailureLog.REMINDER);
                case STILL_FAILING ->
                    LOG.warn(
                            "rule {} at {}: still failing: {}; every target gets a missing marker",
                            rule.name(),
                            observedAt,
                            reason);
                case RECOVERED -> LOG.info("rule {} at {}: the query answers again", rule.name(), observedAt);
                case NONE -> {}
            }
            if (result instanceof QueryResult.Vector vector
                    && !vector.warnings().isEmpty()) {
                LOG.warn(
                        "rule {} at {}: Prometheus warnings {}",
                        rule.name(),
                        observedAt,
                        SafeText.of(vector.warnings()));
            }
            RuleSamples samples = mapper.map(rule, result, snapshot);
            metrics.samples(samples);
            results.add(samples);
        });
        List<Observation> observations = new ArrayList<>(snapshot.targets().size());
        Set<TargetRef> observed = new HashSet<>(snapshot.targets().size() * 2);
        for (TargetState target : snapshot.targets()) {
            observations.add(ObservationFactory.build(target, observedAt, results));
            observed.add(target.ref());
        }
        // The snapshot comes from synced informer caches, which drop an object only when the API server said it
        // is gone (a watch event or a re-list), never because a watch was lost: absence here is a deletion.
        Set<TargetRef> before = new HashSet<>(lastObserved);
        Instant horizon = observedAt.minus(standbyMemory);
        goneUnpublished.forEach((ref, noticed) -> {
            if (!noticed.isBefore(horizon)) {
                before.add(ref);
            }
        });
        List<Observation> deleted = before.stream()
                .filter(ref -> !observed.contains(ref))
                .sorted(Comparator.comparing(TargetRef::key))
                .map(ref -> ObservationFactory.deleted(ref, observedAt))
                .toList();
        List<Observation> all = new ArrayList<>(observations);
        all.addAll(deleted);
        if (!leading.getAsBoolean()) {
            // Another poller may lead by now: publishing could observe a target twice within one interval.
            LOG.warn(
                    "cycle at {}: leadership was lost while observing; {} observation(s) dropped, the new leader"
                            + " observes",
                    observedAt,
                    all.size());
            noteGoneUnpublished(observed, observedAt);
            lastObserved = observed;
            return new Report(observedAt, observations.size(), 0, results, false);
        }
        publisher.publish(all);
        // Only after the publish was acknowledged: a failed cycle reports the same deletions again next time.
        lastObserved = observed;
        goneUnpublished.clear();
        metrics.observed(observations.size());
        deleted.forEach(
                o -> LOG.info("{} is gone from the cluster: published deleted observation {}", o.target(), o.id()));
        if (LOG.isDebugEnabled()) {
            observations.forEach(o -> LOG.debug("observed {} id {}: {}", o.target(), o.id(), o.metrics()));
        }
        return new Report(observedAt, observations.size(), deleted.size(), results, true);
    }

    /**
     * In a cycle that publishes nothing, notes the workloads of the last snapshot that {@code seen} no longer holds:
     * the poller leading then may have died before reporting them. Forgets those created again, and those noticed
     * longer than standbyMemory ago (whoever led then has reported them).
     */
    private void noteGoneUnpublished(Set<TargetRef> seen, Instant at) {
        lastObserved.stream().filter(ref -> !seen.contains(ref)).forEach(ref -> goneUnpublished.put(ref, at));
        goneUnpublished.keySet().removeAll(seen);
        Instant horizon = at.minus(standbyMemory);
        goneUnpublished.values().removeIf(noticed -> noticed.isBefore(horizon));
    }

    private static Set<TargetRef> refs(ClusterSnapshot snapshot) {
        Set<TargetRef> refs = new HashSet<>(snapshot.targets().size() * 2);
        snapshot.targets().forEach(t -> refs.add(t.ref()));
        return refs;
    }
}
