package io.scaligator.engine.core;

import io.scaligator.common.config.AlertRule;
import io.scaligator.common.config.ConfigException;
import io.scaligator.common.config.MetricRule;
import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.config.TimeRule;
import io.scaligator.engine.schedule.ScheduleException;
import io.scaligator.engine.schedule.ScheduleParser;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a decision depends on besides the target's state and the input: rules, bounds, behaviour. Its
 * {@code version} is a hash of its canonical JSON ({@code io.scaligator.engine.policy.Policies}), recorded in every
 * decision and published to the {@code policies} topic, so a decision can later be re-run with exactly the policy it
 * was made with.
 */
public record Policy(String version, List<String> watchNamespaces, String ownNamespace, int minReplicas,
        int maxReplicas, int downtimeReplicas, Behavior behavior, List<MetricRule> metricRules,
        List<AlertRule> alertRules, List<TimeRule> timeRules) {

    public Policy {
        watchNamespaces = List.copyOf(watchNamespaces);
        metricRules = List.copyOf(metricRules);
        alertRules = List.copyOf(alertRules);
        timeRules = List.copyOf(timeRules);
    }

    /**
     * The policy's content from the loaded config, without a version yet; a schedule that does not parse fails
     * naming its key.
     */
    public static Policy content(ScaligatorConfig config) {
        List<String> problems = new ArrayList<>();
        List<TimeRule> rules = config.timeRules();
        for (int i = 0; i < rules.size(); i++) {
            TimeRule rule = rules.get(i);
            boolean devKeys = config.disableDevAfter() != null && i == rules.size() - 1;
            String key = devKeys ? "disable_dev_after / enable_dev_after"
                    : "time_rules[" + i + "]." + (rule.uptime() != null ? "uptime" : "downtime");
            try {
                ScheduleParser.parse(rule.uptime() != null ? rule.uptime() : rule.downtime());
            } catch (ScheduleException e) {
                problems.add(key + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Policy(null, config.watchNamespaces(), config.namespace(), config.minReplicas(),
                config.maxReplicas(), config.downtimeReplicas(),
                Behavior.from(config.engine(), config.actuator().commandTtl()), config.metricRules(),
                config.alertRules(), rules);
    }

    /** This policy with {@code version} as its version. */
    public Policy withVersion(String v) {
        return new Policy(v, watchNamespaces, ownNamespace, minReplicas, maxReplicas, downtimeReplicas, behavior,
                metricRules, alertRules, timeRules);
    }

    /** Whether Scaligator may ever scale workloads of this namespace. */
    public boolean mayScale(String namespace) {
        return watchNamespaces.contains(namespace) && !namespace.equals(ownNamespace);
    }
}
