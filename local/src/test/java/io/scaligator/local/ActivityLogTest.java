package io.scaligator.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.common.event.Decision;
import io.scaligator.common.event.InputRef;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaleOutcome;
import io.scaligator.common.target.TargetRef;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivityLogTest {

    private static final TargetRef WEB = TargetRef.deployment("default", "web");
    private static final Instant AT = Instant.parse("2026-11-28T06:00:00Z");

    @Test
    void aScaleDecisionIsOneLineFromItsCommandWithTargetReplicasReasonRuleAndCommandId() {
        ScaleCommand command = new ScaleCommand("cmd-1", "dec-1", WEB, 2, 4, "alert:high-cpu", "floor 4", AT, "p-1");

        assertThat(ActivityLog.format(command))
                .isEqualTo("decision  default/Deployment/web  2 -> 4  floor 4  [alert:high-cpu, cmd-1]");
    }

    @Test
    void decisionsThemselvesAreNotShownTheirCommandsAre() {
        assertThat(ActivityLog.format(decision(Decision.Result.SCALE, 4, "cmd-1")))
                .isNull();
        assertThat(ActivityLog.format(decision(Decision.Result.HOLD, 2, null))).isNull();
    }

    @Test
    void anAppliedOutcomeIsShortAndAnyOtherSaysWhy() {
        ScaleOutcome applied = new ScaleOutcome(
                "cmd-1/outcome",
                "cmd-1",
                WEB,
                ScaleOutcome.Status.APPLIED,
                2,
                4,
                4,
                "scaled from 2 to 4: floor 4",
                AT,
                21);
        ScaleOutcome refused = new ScaleOutcome(
                "cmd-2/outcome",
                "cmd-2",
                WEB,
                ScaleOutcome.Status.CONFLICT_WITH_HPA,
                2,
                4,
                null,
                "HorizontalPodAutoscaler/web manages this workload",
                AT,
                3);

        assertThat(ActivityLog.format(applied))
                .isEqualTo("outcome   default/Deployment/web  applied  2 -> 4  [cmd-1, 21 ms]");
        assertThat(ActivityLog.format(refused))
                .isEqualTo("outcome   default/Deployment/web  conflict-with-hpa  2 -> 4  "
                        + "HorizontalPodAutoscaler/web manages this workload  [cmd-2, 3 ms]");
    }

    private static Decision decision(Decision.Result result, int desired, String commandId) {
        return new Decision(
                "dec-1",
                WEB,
                AT,
                new InputRef("scaligator.alerts", 0, 7, "al-1", "alert-signal"),
                "p-1",
                2,
                List.of(),
                List.of(),
                result,
                desired,
                "alert:high-cpu",
                "floor " + desired,
                commandId);
    }
}
