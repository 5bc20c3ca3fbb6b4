package io.scaligator.receiver.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RefusalLogTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-04T12:00:00Z"));
    private final List<String> lines = new ArrayList<>();
    private final RefusalLog log = new RefusalLog(clock, lines::add);

    @Test
    void logsTheFirstRefusalAndCountsTheOnesItLeavesOutUntilTheIntervalHasPassed() {
        HttpProblem bad = new HttpProblem(400, "alerts[0].labels must not be empty", "alerts[0].labels", Map.of());
        log.refused("POST /alerts", bad, "10.0.0.7");
        for (int i = 0; i < 500; i++) {
            clock.advance(Duration.ofMillis(10));
            log.refused("POST /alerts", bad, "10.0.0.7");
        }
        clock.advance(RefusalLog.INTERVAL);
        log.refused("POST /alerts", bad, "10.0.0.8");

        assertThat(lines)
                .containsExactly(
                        "POST /alerts refused with 400 from 10.0.0.7: alerts[0].labels must not be empty",
                        "POST /alerts refused with 400 from 10.0.0.8: alerts[0].labels must not be empty (and 500 more"
                                + " since the previous such line, not logged)");
    }

    @Test
    void aFloodOfOneStatusDoesNotHideAnotherStatusOrEndpoint() {
        for (int i = 0; i < 100; i++) {
            log.refused("POST /v1/triggers", new HttpProblem(401, "invalid credentials"), "10.0.0.9");
        }
        log.refused("POST /v1/triggers", new HttpProblem(400, "reason must not be blank"), "10.0.0.7");
        log.refused("POST /alerts", new HttpProblem(401, "invalid credentials"), "10.0.0.7");

        assertThat(lines)
                .containsExactly(
                        "POST /v1/triggers refused with 401 from 10.0.0.9: invalid credentials",
                        "POST /v1/triggers refused with 400 from 10.0.0.7: reason must not be blank",
                        "POST /alerts refused with 401 from 10.0.0.7: invalid credentials");
    }

    @Test
    void logsAlertsRefusedFromAnAnsweredWebhookApartFromRefusedRequests() {
        log.refused("POST /alerts", new HttpProblem(400, "alerts[0].labels must not be empty"), "10.0.0.7");
        log.refusedAlerts("POST /alerts", 1, 4, "alerts[2].fingerprint must be 1-64 hex digits", "10.0.0.7");
        clock.advance(Duration.ofSeconds(1));
        log.refusedAlerts("POST /alerts", 2, 4, "alerts[0].labels.alertname is 300 characters long", "10.0.0.7");
        clock.advance(RefusalLog.INTERVAL);
        log.refusedAlerts("POST /alerts", 1, 2, "alerts[1].startsAt is 1970-01-01T00:00:00Z", "10.0.0.8");

        assertThat(lines)
                .containsExactly(
                        "POST /alerts refused with 400 from 10.0.0.7: alerts[0].labels must not be empty",
                        "POST /alerts refused 1 of 4 alerts (the others recorded, answered 200) from 10.0.0.7: "
                                + "alerts[2].fingerprint must be 1-64 hex digits",
                        "POST /alerts refused 1 of 2 alerts (the others recorded, answered 200) from 10.0.0.8: "
                                + "alerts[1].startsAt is 1970-01-01T00:00:00Z (and 1 more since the previous such "
                                + "line, not logged)");
    }

    @Test
    void escapesTheClientsTextSoItCannotForgeALogLine() {
        log.refused(
                "POST /alerts",
                new HttpProblem(
                        400, "alerts[0].status must be \"firing\" or \"resolved\", was \"x\n12:00 INFO forged\""),
                "10.0.0.7");

        assertThat(lines).singleElement().asString().doesNotContain("\n").endsWith("was \"x\\n12:00 INFO forged\"");
    }
}
