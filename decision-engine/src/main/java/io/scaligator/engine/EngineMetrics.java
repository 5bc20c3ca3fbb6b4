package io.scaligator.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.scaligator.common.event.Decision;
import io.scaligator.engine.topology.DecisionListener;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's own meters: decisions by result and rule, commands by rule, skipped inputs by reason. Trigger
 * rules are reported as {@code trigger} alone, since their source names come from outside and are unbounded.
 */
final class EngineMetrics implements DecisionListener {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    EngineMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void decided(Decision decision) {
        String rule = label(decision.rule());
        String result = decision.result().name().toLowerCase(Locale.ROOT);
        counter("scaligator.engine.decisions", "result", result, "rule", rule).increment();
        if (decision.commandId() != null) {
            counter("scaligator.engine.commands", "rule", rule).increment();
        }
    }

    @Override
    public void skipped(String reason) {
        counter("scaligator.engine.skipped", "reason", reason).increment();
    }

    private Counter counter(String name, String... tags) {
        return counters.computeIfAbsent(
                name + String.join("|", tags),
                k -> Counter.builder(name).tags(tags).register(registry));
    }

    private static String label(String rule) {
        return rule.startsWith("trigger:") ? "trigger" : rule;
    }
}
