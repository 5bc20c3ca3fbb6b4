package io.scaligator.poller.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.poller.cycle.QueryFailureLog.Line;
import io.scaligator.poller.prometheus.QueryResult;
import io.scaligator.poller.prometheus.QueryResult.Failure.Kind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryFailureLogTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final QueryResult DOWN = new QueryResult.Failure(Kind.UNREACHABLE, "connection refused");
    private static final QueryResult TIMEOUT = new QueryResult.Failure(Kind.TIMEOUT, "timed out after 10 s");
    private static final QueryResult ANSWER = new QueryResult.Vector(List.of(), List.of());

    private final QueryFailureLog log = new QueryFailureLog();

    @Test
    void aFailureIsLoggedWhenItStartsChangesAndEveryTenMinutesThenOnceWhenItEnds() {
        assertThat(log.next("cpu", T0, ANSWER)).isEqualTo(Line.NONE);
        assertThat(log.next("cpu", T0.plusSeconds(10), DOWN)).isEqualTo(Line.FAILING);
        assertThat(log.next("cpu", T0.plusSeconds(20), DOWN)).isEqualTo(Line.NONE);
        assertThat(log.next("cpu", T0.plusSeconds(609), DOWN)).isEqualTo(Line.NONE);
        assertThat(log.next("cpu", T0.plusSeconds(610), DOWN)).isEqualTo(Line.STILL_FAILING);
        assertThat(log.next("cpu", T0.plusSeconds(620), DOWN)).isEqualTo(Line.NONE);
        assertThat(log.next("cpu", T0.plusSeconds(630), TIMEOUT)).isEqualTo(Line.FAILING);
        assertThat(log.next("cpu", T0.plusSeconds(640), ANSWER)).isEqualTo(Line.RECOVERED);
        assertThat(log.next("cpu", T0.plusSeconds(650), ANSWER)).isEqualTo(Line.NONE);
        assertThat(log.next("cpu", T0.plusSeconds(660), DOWN)).isEqualTo(Line.FAILING);
    }

    @Test
    void eachRuleHasItsOwnState() {
        assertThat(log.next("cpu", T0, DOWN)).isEqualTo(Line.FAILING);
        assertThat(log.next("rps", T0, DOWN)).isEqualTo(Line.FAILING);
        assertThat(log.next("rps", T0.plusSeconds(10), ANSWER)).isEqualTo(Line.RECOVERED);
        assertThat(log.next("cpu", T0.plusSeconds(10), DOWN)).isEqualTo(Line.NONE);
    }
}
