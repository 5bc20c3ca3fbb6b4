package io.scaligator.poller.cycle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.scaligator.poller.core.RuleSamples;
import io.scaligator.poller.prometheus.QueryResult;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** The poller's own meters, exposed on {@code /metrics} with the {@code scaligator_poller_} prefix. */
public final class PollerMetrics {

    /** The result of a cycle that published nothing because another poller leads. */
    static final String STANDBY = "standby";

    private final MeterRegistry registry;
    private final Timer cycleDuration;
    private final Counter overruns;
    private final Counter skippedTicks;
    private final Counter published;
    private final AtomicInteger targetsObserved = new AtomicInteger();

    public PollerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.cycleDuration = Timer.builder("scaligator.poller.cycle.duration")
                .description("Duration of one poll cycle: queries, mapping and Kafka acks")
                .publishPercentileHistogram()
                .register(registry);
        this.overruns = Counter.builder("scaligator.poller.cycles.overrun")
                .description("Cycles that took longer than reconcile_interval")
                .register(registry);
        this.skippedTicks = Counter.builder("scaligator.poller.ticks.skipped")
                .description("Scheduled cycle starts skipped because the previous cycle was still running")
                .register(registry);
        // Registered up front: a standby shows 0, not nothing.
        this.published = Counter.builder("scaligator.poller.observations.published")
                .description("Observations acknowledged by Kafka")
                .register(registry);
        registry.gauge("scaligator.poller.targets.observed", targetsObserved);
    }

    /** Registers {@code scaligator_poller_leader}: 1 while this poller holds the Lease and publishes, else 0. */
    public void leader(BooleanSupplier leading) {
        Gauge.builder("scaligator.poller.leader", () -> leading.getAsBoolean() ? 1 : 0)
                .description("1 while this poller holds the Lease and publishes observations, else 0")
                .register(registry);
    }

    void cycle(Duration duration, String result) {
        if (!result.equals(STANDBY)) { // a standby's tick only reads the informer caches: not a cycle's duration
            cycleDuration.record(duration);
        }
        registry.counter("scaligator.poller.cycles", "result", result).increment();
    }

    void overrun(long skipped) {
        overruns.increment();
        skippedTicks.increment(skipped);
    }

    void query(String rule, QueryResult result) {
        registry.counter("scaligator.poller.queries", "rule", rule, "result", result.outcome())
                .increment();
    }

    void samples(RuleSamples samples) {
        samples.missingByCategory().forEach((reason, n) -> registry.counter(
                        "scaligator.poller.missing.values", "rule", samples.rule(), "reason", reason)
                .increment(n));
        if (samples.unattributedSeries() > 0) {
            registry.counter("scaligator.poller.series.unattributed", "rule", samples.rule())
                    .increment(samples.unattributedSeries());
        }
    }

    void observed(int targets) {
        targetsObserved.set(targets);
        published.increment(targets);
    }
}
