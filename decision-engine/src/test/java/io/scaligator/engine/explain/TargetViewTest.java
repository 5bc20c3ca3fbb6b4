package io.scaligator.engine.explain;

import static io.scaligator.engine.Fixtures.alert;
import static io.scaligator.engine.Fixtures.observation;
import static io.scaligator.engine.Fixtures.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.common.event.AlertDetails;
import io.scaligator.common.event.Decision;
import io.scaligator.common.event.ScaligatorEvent;
import io.scaligator.common.event.TriggerDetails;
import io.scaligator.common.target.TargetRef;
import io.scaligator.engine.Fixtures;
import io.scaligator.engine.core.DecisionCore;
import io.scaligator.engine.core.Evaluation;
import io.scaligator.engine.core.Policy;
import io.scaligator.engine.core.Signal;
import io.scaligator.engine.core.TargetState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetViewTest {

    static final TargetRef API = TargetRef.deployment("dev", "api");
    static final Policy POLICY = Fixtures.policy("""
            watch_namespaces = ["dev"]
            scale_up_cpu_threshold = 0.7
            scale_down_cpu_threshold = 0.2
            min_replicas = 1
            max_replicas = 10
            [[alert_rules]]
            name = "latency"
            match = { alertname = "HighLatency" }
            floor_replicas = 6
            [[time_rules]]
            name = "night"
            namespaces = ["dev"]
            downtime = "Mon-Fri 20:00-08:00 UTC"
            """);

    TargetState state;
    Decision last;

    void run(ScaligatorEvent... events) {
        DecisionCore core = new DecisionCore();
        long offset = 0;
        for (ScaligatorEvent event : events) {
            Evaluation e = core.evaluate(state, Signal.of(event, "in", 0, offset++), POLICY);
            state = e.state();
            last = e.decision() == null ? last : e.decision();
        }
    }

    @Test
    void showsReplicasFloorsTriggersScheduleThePendingCommandAndTheLastDecision() {
        run(
                observation(API, "2026-11-30T10:00:00Z", 2, Map.of("cpu", 0.5), Map.of(), null),
                alert(
                        "a-1",
                        API,
                        "2026-11-30T10:01:00Z",
                        AlertDetails.AlertStatus.FIRING,
                        "fp-1",
                        "2026-11-30T10:00:30Z",
                        Map.of("alertname", "HighLatency")),
                trigger(
                        "t-1",
                        API,
                        "2026-11-30T10:02:00Z",
                        new TriggerDetails(
                                TriggerDetails.TriggerAction.SCALE_UP, null, 2, 600, "release", "ci", null)));

        TargetView view = TargetView.of(API, state, last, POLICY, Instant.parse("2026-11-30T12:00:00Z"));

        assertThat(view.target()).isEqualTo("dev/Deployment/api");
        assertThat(view.currentReplicas()).isEqualTo(2);
        assertThat(view.readyReplicas()).isEqualTo(2);
        assertThat(view.minReplicas()).isEqualTo(1);
        assertThat(view.maxReplicas()).isEqualTo(10);
        assertThat(view.floors())
                .containsExactly(new TargetView.Floor(
                        "latency",
                        6,
                        2,
                        1,
                        Instant.parse("2026-11-30T10:01:00Z"),
                        Instant.parse("2026-11-30T15:01:00Z")));
        assertThat(view.triggers()).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo("t-1");
            assertThat(t.action()).isEqualTo("scale_up");
            assertThat(t.step()).isEqualTo(2);
            assertThat(t.expiresAt()).isEqualTo(Instant.parse("2026-11-30T10:12:00Z"));
        });
        assertThat(view.schedule().source()).isEqualTo("time:night");
        assertThat(view.schedule().downtime()).isFalse();
        assertThat(view.schedule().nextChange()).isEqualTo(Instant.parse("2026-11-30T20:00:00Z"));
        assertThat(view.pendingCommand())
                .isEqualTo(new TargetView.PendingCommand(Instant.parse("2026-11-30T10:02:00Z"), 6, 8));
        assertThat(view.lastDecision().id()).isEqualTo(last.id());
        assertThat(view.lastDecision().rule()).isEqualTo(last.rule());
        assertThat(view.lastDecision().reason()).isEqualTo(last.reason());
        assertThat(view.sources()).isEqualTo(last.recommendations());
    }

    @Test
    void insideDowntimeTheNextChangeIsTheMorning() {
        run(observation(API, "2026-11-30T10:00:00Z", 2, Map.of("cpu", 0.5), Map.of(), null));

        TargetView view = TargetView.of(API, state, last, POLICY, Instant.parse("2026-11-30T21:30:00Z"));

        assertThat(view.schedule().downtime()).isTrue();
        assertThat(view.schedule().nextChange()).isEqualTo(Instant.parse("2026-12-01T08:00:00Z"));
    }

    @Test
    void anUnreadableAnnotationIsNamedAndThePolicyBoundsShown() {
        run(observation(
                API,
                "2026-11-30T10:00:00Z",
                2,
                Map.of("cpu", 0.5),
                Map.of("scaligator.io/max-replicas", "many"),
                null));

        TargetView view = TargetView.of(API, state, last, POLICY, Instant.parse("2026-11-30T12:00:00Z"));

        assertThat(view.annotationProblem()).contains("scaligator.io/max-replicas");
        assertThat(view.maxReplicas()).isEqualTo(10);
        assertThat(view.schedule()).isNull();
    }

    @Test
    void aTargetKnownOnlyByItsDecisionShowsNoObservation() {
        run(observation(API, "2026-11-30T10:00:00Z", 2, Map.of("cpu", 0.5), Map.of(), null));

        TargetView view = TargetView.of(API, null, last, POLICY, Instant.parse("2026-11-30T12:00:00Z"));

        assertThat(view.currentReplicas()).isNull();
        assertThat(view.floors()).isEmpty();
        assertThat(view.lastDecision().id()).isEqualTo(last.id());
    }

    @Test
    void mergedPagesKeepTheFirstTargetsInKeyOrderAndSayWhereToGoOn() {
        TargetPage a = new TargetPage(List.of(summary("a/Deployment/x"), summary("c/Deployment/x")), null);
        TargetPage b = new TargetPage(List.of(summary("b/Deployment/x"), summary("d/Deployment/x")), null);

        TargetPage first = ExplainApi.merge(List.of(a, b), 3);
        TargetPage all = ExplainApi.merge(List.of(a, b), 4);
        TargetPage afterMore = ExplainApi.merge(List.of(a, new TargetPage(List.of(summary("b/Deployment/x")), "b")), 3);

        assertThat(first.targets())
                .extracting(TargetPage.Summary::target)
                .containsExactly("a/Deployment/x", "b/Deployment/x", "c/Deployment/x");
        assertThat(first.next()).isEqualTo("c/Deployment/x");
        assertThat(all.next()).isNull();
        assertThat(afterMore.next()).isEqualTo("c/Deployment/x");
    }

    static TargetPage.Summary summary(String key) {
        return new TargetPage.Summary(key, 1, Decision.Result.HOLD, 1, "metric:cpu", Instant.EPOCH);
    }
}
