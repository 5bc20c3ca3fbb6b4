package io.scaligator.engine.core;

import io.scaligator.common.config.AlertRule;
import io.scaligator.common.config.MetricRule;
import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.config.TimeRule;
import io.scaligator.common.target.NamespaceScope;
import java.util.List;

/**
 * Everything a decision depends on besides the target's state and the input: rules, bounds, behaviour, and the
 * engine's own decision semantics ({@link DecisionCore#SEMANTICS}; null in policies published before engines recorded
 * it). Its {@code version} is a hash of its canonical JSON ({@code io.scaligator.engine.policy.Policies}), recorded in
 * every decision and published to the {@code policies} topic, so a decision can later be re-run with exactly the
 * policy it was made with, and {@code audit verify} knows which engine semantics made it.
 */
public record Policy(
        String version,
        Integer semantics,
        List<String> watchNamespaces,
        String ownNamespace,
        List<String> excludeNamespaces,
        int minReplicas,
        int maxReplicas,
        int downtimeReplicas,
        Behavior behavior,
        List<MetricRule> metricRules,
        List<AlertRule> alertRules,
        List<TimeRule> timeRules) {

    public Policy {
        watchNamespaces = List.copyOf(watchNamespaces);
        // absent from policies published before exclude_namespaces existed
        excludeNamespaces = excludeNamespaces == null ? List.of() : List.copyOf(excludeNamespaces);
        metricRules = List.copyOf(metricRules);
        alertRules = List.copyOf(alertRules);
        timeRules = List.copyOf(timeRules);
    }

    /**
     * The policy's content from the loaded config (whose schedules were checked when it was loaded), without a
     * version yet.
     */
    public static Policy content(ScaligatorConfig config) {
        return new Policy(
                null,
                DecisionCore.SEMANTICS,
                config.watchNamespaces(),
                config.namespace(),
                config.excludeNamespaces(),
                config.minReplicas(),
                config.maxReplicas(),
                config.downtimeReplicas(),
                Behavior.from(config.engine(), config.actuator().commandTtl()),
                config.metricRules(),
                config.alertRules(),
                config.timeRules());
    }

    /** This policy with {@code version} as its version. */
    public Policy withVersion(String v) {
        return new Policy(
                v,
                semantics,
                watchNamespaces,
                ownNamespace,
                excludeNamespaces,
                minReplicas,
                maxReplicas,
                downtimeReplicas,
                behavior,
                metricRules,
                alertRules,
                timeRules);
    }

    /** Where Scaligator may scale: common's one namespace rule, over this policy's namespaces. */
    public NamespaceScope scope() {
        return new NamespaceScope(watchNamespaces, ownNamespace, excludeNamespaces);
    }
}
