package io.scaligator.actuator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.scaligator.common.event.ScaleOutcome;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The actuator's own meters: {@code scaligator_actuator_commands_total{status}} (committed outcomes),
 * {@code scaligator_actuator_apply_seconds} (histogram of command handling time) and
 * {@code scaligator_actuator_leader} (1 while this instance leads).
 */
final class ActuatorMetrics {

    private final Map<ScaleOutcome.Status, Counter> outcomes = new EnumMap<>(ScaleOutcome.Status.class);
    private final Timer applyLatency;

    ActuatorMetrics(MeterRegistry registry, BooleanSupplier leader) {
        for (ScaleOutcome.Status status : ScaleOutcome.Status.values()) {
            outcomes.put(
                    status,
                    Counter.builder("scaligator.actuator.commands")
                            .description("Commands whose outcome was committed, by outcome status")
                            .tag("status", status.name().toLowerCase().replace('_', '-'))
                            .register(registry));
        }
        applyLatency = Timer.builder("scaligator.actuator.apply")
                .description("Time from taking a command to its outcome (reads, patch, retries)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry);
        Gauge.builder("scaligator.actuator.leader", () -> leader.getAsBoolean() ? 1 : 0)
                .description("1 while this instance holds the Lease and applies commands, else 0")
                .register(registry);
    }

    /** Counts an outcome once its Kafka transaction committed. */
    void committed(ScaleOutcome outcome) {
        outcomes.get(outcome.status()).increment();
        applyLatency.record(outcome.durationMillis(), TimeUnit.MILLISECONDS);
    }
}
