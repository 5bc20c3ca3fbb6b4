package io.scaligator.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.common.event.Decision;
import io.scaligator.common.event.MetricSample;
import io.scaligator.common.event.Observation;
import io.scaligator.common.event.Recommendation;
import io.scaligator.engine.Fixtures;
import io.scaligator.engine.topology.TargetStateCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The forecast source in the decision core: a workload whose demand rises from 2 to 12 pods' worth every day from
 * 09:00 to 10:00 UTC, observed every minute, its commands applied at once, its utilization averaged over the ready
 * window (2 minutes: this observation and the one before), as {@code rate(...[2m])} would.
 */
class ForecastDecisionTest {

    private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");
    private static final String RULE = """
            watch_namespaces = ["default"]
            [[metric_rules]]
            name = "cpu"
            kind = "utilization"
            mode = "proportional"
            target = 0.7
            forecast = "%s"
            """;

    private static double demand(Instant at) {
        int hour = at.atZone(java.time.ZoneOffset.UTC).getHour();
        return hour == 9 ? 12 : 2;
    }

    /** Runs the workload until {@code until} (exclusive) and returns every decision and the last state. */
    private static Run run(String mode, Instant until, Map<String, String> annotations) {
        return run(Fixtures.policy(RULE.formatted(mode)), until, annotations);
    }

    private static Run run(Policy policy, Instant until, Map<String, String> annotations) {
        DecisionCore core = new DecisionCore();
        TargetState state = null;
        int replicas = 3;
        List<Decision> decisions = new ArrayList<>();
        List<Observation> observations = new ArrayList<>();
        long offset = 0;
        double before = demand(START) / replicas;
        for (Instant at = START; at.isBefore(until); at = at.plusSeconds(60)) {
            double utilization = demand(at) / replicas;
            Observation obs = new Observation(
                    "obs-" + at,
                    Fixtures.WEB,
                    at,
                    replicas,
                    replicas,
                    List.of(MetricSample.present("cpu", (before + utilization) / 2)),
                    null,
                    annotations);
            before = utilization;
            observations.add(obs);
            Evaluation e = core.evaluate(state, Signal.of(obs, "in", 0, offset++), policy);
            state = e.state();
            decisions.add(e.decision());
            if (e.command() != null) {
                replicas = e.command().toReplicas();
            }
        }
        return new Run(decisions, observations, state);
    }

    private record Run(List<Decision> decisions, List<Observation> observations, TargetState state) {
        Decision last() {
            return decisions.get(decisions.size() - 1);
        }
    }

    private static Recommendation forecast(Decision d) {
        return d.recommendations().stream()
                .filter(r -> r.source().equals("forecast:cpu"))
                .findFirst()
                .orElseThrow();
    }

    private static Instant day(int d, String time) {
        return Instant.parse("2026-11-0" + (2 + d) + "T" + time + "Z");
    }

    @Test
    void abstainsWithoutHistorySoTheReactiveRuleAloneDecides() {
        Decision d = run("forecast-and-scale", day(0, "09:01:00"), Map.of()).last();
        assertThat(forecast(d).replicas()).isNull();
        assertThat(forecast(d).reason()).startsWith("abstains: too little history");
        assertThat(d.rule()).isNotEqualTo("forecast:cpu");
        assertThat(d.reason()).startsWith("cpu ");
    }

    @Test
    void scalesUpAheadOfTheRecurringRise() {
        Run r = run("forecast-and-scale", day(5, "08:59:30"), Map.of());
        Decision d = r.last();
        assertThat(d.decidedAt()).isEqualTo(day(5, "08:59:00"));
        // Demand is still 2 pods' worth, on 3 replicas: the reactive rule keeps 3; the forecast sees 09:00 coming.
        Recommendation f = forecast(d);
        assertThat(f.replicas()).as(f.reason()).isEqualTo(19);
        assertThat(f.reason()).contains("daily fallback").contains("12.0 x 1.1 / 0.7 = 19 replicas");
        assertThat(d.result()).isEqualTo(Decision.Result.SCALE);
        assertThat(d.desiredReplicas()).isGreaterThan(3);
    }

    @Test
    void skipsTheRestOfTheDownWindowWhenTheForecastSaysDemandStaysLow() {
        Decision d = run("forecast-and-scale", day(5, "10:00:30"), Map.of()).last();
        assertThat(d.reason()).as(d.toString()).contains("so its rest is skipped");
        // The 10:00 slot learned 7 pods' worth, the last minute of the 2-minute metric window at 12: 7 x 1.1 / 0.7.
        assertThat(d.desiredReplicas()).isEqualTo(11);
        Decision reactive = run("off", day(5, "10:00:30"), Map.of()).last();
        assertThat(reactive.desiredReplicas()).isGreaterThan(11);
        assertThat(reactive.rule()).isEqualTo("stabilization");
    }

    @Test
    void theWayDownSkipStopsAtTheCountTheRulesOwnTargetNeedsWhateverTheForecastIsSizedAt() {
        // forecast_target 1.0 sizes the forecast's recommendation at full use (7 x 1.1 / 1.0 = 8). Sized so, the skip
        // went to 10, what the rule read from a utilization of 18 pods, below the 11 its 70 % needs for the forecast
        // demand, and the rule, reading the utilization of fewer pods next, scaled straight back up: flapping.
        Policy policy = Fixtures.policy(RULE.formatted("forecast-and-scale") + "forecast_target = 1.0\n");
        Decision d = run(policy, day(5, "10:00:30"), Map.of()).last();
        assertThat(d.reason()).as(d.toString()).contains("so its rest is skipped");
        assertThat(d.desiredReplicas()).isEqualTo(11);
    }

    @Test
    void forecastOnlyRecordsTheRecommendationAndNeverActs() {
        Run r = run("forecast-only", day(5, "08:59:30"), Map.of());
        Recommendation f = forecast(r.last());
        assertThat(f.replicas()).isNull();
        assertThat(f.reason()).startsWith("forecast-only, does not act").contains("= 19 replicas");
        assertThat(r.last().result()).isEqualTo(Decision.Result.HOLD);
        assertThat(r.last().desiredReplicas()).isEqualTo(3);
    }

    @Test
    void theAnnotationSwitchesTheForecastPerWorkload() {
        Run off = run("forecast-and-scale", day(5, "08:59:30"), Map.of("scaligator.io/forecast", "off"));
        assertThat(off.last().recommendations()).noneMatch(rec -> rec.source().startsWith("forecast:"));
        assertThat(off.state().profiles()).isEmpty();
        Run on = run("off", day(5, "08:59:30"), Map.of("scaligator.io/forecast", "forecast-and-scale"));
        assertThat(forecast(on.last()).replicas()).isEqualTo(19);
        Decision bad = run("off", START.plusSeconds(30), Map.of("scaligator.io/forecast", "maybe"))
                .last();
        assertThat(bad.rule()).isEqualTo("annotation");
        assertThat(bad.reason()).contains("scaligator.io/forecast=\"maybe\"");
    }

    /** As audit verify re-runs it: from the stored state, each decision is the same, byte for byte. */
    @Test
    void decisionsAreReproducedFromTheStoredState() throws Exception {
        Policy policy = Fixtures.policy(RULE.formatted("forecast-and-scale"));
        DecisionCore core = new DecisionCore();
        Run first = run("forecast-and-scale", day(5, "12:00:00"), Map.of());
        assertThat(run("forecast-and-scale", day(5, "12:00:00"), Map.of()).decisions())
                .isEqualTo(first.decisions());
        Run before = run("forecast-and-scale", day(5, "08:00:00"), Map.of());
        TargetState state = TargetStateCodec.decode(TargetStateCodec.encode(before.state()));
        var json = io.scaligator.common.serde.EventJson.mapper();
        for (int i = before.decisions().size(); i < first.decisions().size(); i++) {
            Evaluation e = core.evaluate(state, Signal.of(first.observations().get(i), "in", 0, i), policy);
            assertThat(json.writeValueAsBytes(e.decision()))
                    .isEqualTo(json.writeValueAsBytes(first.decisions().get(i)));
            state = TargetStateCodec.decode(TargetStateCodec.encode(e.state()));
        }
        assertThat(state).isEqualTo(first.state());
    }
}
