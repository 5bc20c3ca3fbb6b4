package io.scaligator.audit.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.common.event.Decision;
import io.scaligator.common.event.Recommendation;
import io.scaligator.engine.explain.TargetPage;
import io.scaligator.engine.explain.TargetView;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DescribeReportTest {

    static final Instant T = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void aTargetWithNothingActiveSaysNoneForEachSection() {
        TargetView view = quiet(List.of());

        assertThat(text(out -> DescribeReport.describe(view, out))).isEqualTo("""
                        Target:             dev/Deployment/api
                        Observed:           2026-12-02T10:00:00Z
                        Replicas:           3 (2 ready)
                        Bounds:             min 1, max 10
                        Sources:            <none>
                        Floors:             <none>
                        Triggers:           <none>
                        Schedule (now):     <none>
                        Pending command:    <none>
                        Last decision:      <none>
                        """);
    }

    @Test
    void textFromAlertsAndTriggersCannotDriveTheTerminal() {
        TargetView view = new TargetView(
                "dev/Deployment/api",
                T,
                3,
                3,
                1,
                10,
                null,
                null,
                null,
                List.of(new Recommendation("trigger:ci", 5, "deploy \u001b[31mred\u001b[0m")),
                List.of(),
                List.of(new TargetView.Trigger("t-1", "ci", "scale_to", 5, null, T, "line\nbreak")),
                null,
                null,
                new TargetView.LastDecision(
                        "dec-1", T, Decision.Result.SCALE, 3, 5, "trigger:ci", "set", "cmd-1", "p-1"));

        String text = text(out -> DescribeReport.describe(view, out));

        assertThat(text).doesNotContain("\u001b").doesNotContain("line\nbreak");
        assertThat(text).contains("  t-1               scale_to 5 from ci, expires 2026-12-02T10:00:00Z: line");
        assertThat(text)
                .contains("  Result:           scale 3 -> 5\n")
                .contains("  Decision:         dec-1, command cmd-1");
    }

    @Test
    void aTriggerIdIsShownWholeSoThatItCanBeCopiedIntoACancel() {
        String id = "tr-" + "0123456789abcdef".repeat(4);
        TargetView view = quiet(List.of(new TargetView.Trigger(id, "ci", "hold", null, null, T, "freeze")));

        assertThat(text(out -> DescribeReport.describe(view, out)))
                .contains("  " + id + " hold from ci, expires 2026-12-02T10:00:00Z: freeze");
    }

    @Test
    void aStepTriggerShowsItsSignedStepAndTheCountItAimsAt() {
        TargetView view = quiet(List.of(
                new TargetView.Trigger("t-down", "ci", "scale_down", 4, -1, T, "quiet"),
                new TargetView.Trigger("t-up", "ops", "scale_up", 7, 2, T, "sale")));

        assertThat(text(out -> DescribeReport.describe(view, out)))
                .contains("  t-down            scale_down step -1 (to 4) from ci")
                .contains("  t-up              scale_up step +2 (to 7) from ops");
    }

    @Test
    void aListWithMoreTargetsSaysHowToGoOn() {
        TargetPage page = new TargetPage(
                List.of(new TargetPage.Summary("dev/Deployment/api", 3, Decision.Result.HOLD, 3, "metric:cpu", T)),
                "dev/Deployment/api");

        assertThat(text(out -> DescribeReport.list(page, " --namespace dev", out)))
                .contains("dev/Deployment/api")
                .contains("1 targets\nmore: audit explain --namespace dev --after dev/Deployment/api\n");
    }

    interface Render {
        void to(PrintStream out);
    }

    static String text(Render render) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        render.to(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** A target at 3 replicas (2 ready) with no sources, floors, schedule or decision, and these triggers. */
    private static TargetView quiet(List<TargetView.Trigger> triggers) {
        return new TargetView(
                "dev/Deployment/api",
                T,
                3,
                2,
                1,
                10,
                null,
                null,
                null,
                List.of(),
                List.of(),
                triggers,
                null,
                null,
                null);
    }
}
