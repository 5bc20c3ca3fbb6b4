package io.scaligator.common.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A schedule's boundaries are complete: checked minute by minute over eight days, including both DST changes of
 * Europe/Berlin and America/New_York, a start inside a skipped hour and an end inside a repeated one.
 */
class ScheduleBoundariesTest {

    static final Duration HORIZON = Duration.ofDays(8);

    @ParameterizedTest(name = "{0} from {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Mon-Fri 08:00-20:00 Europe/Berlin | 2026-11-30T10:17:00Z",
                "Mon-Fri 20:00-08:00 UTC | 2026-11-27T12:00:00Z",
                "Sat-Sun 00:00-24:00 UTC, Mon-Fri 22:00-06:00 UTC | 2026-11-26T03:00:00Z",
                "Fri 18:00-24:00 UTC | 2026-11-25T00:00:00Z",
                "Mon-Sun 02:30-05:00 Europe/Berlin | 2026-03-26T00:00:00Z",
                "Mon-Sun 01:00-02:30 Europe/Berlin | 2026-10-22T00:00:00Z",
                "Mon-Sun 02:15-02:45 America/New_York | 2026-03-05T00:00:00Z",
                "Sun 01:30-01:45 America/New_York | 2026-10-29T00:00:00Z",
                "2026-12-24T00:00:00+01:00-2026-12-27T00:00:00+01:00 | 2026-12-20T00:00:00Z",
                "always | 2026-12-20T00:00:00Z"
            })
    void theMatchIsConstantBetweenBoundaries(String text, String from) {
        Schedule schedule = ScheduleParser.parse(text);
        Instant after = Instant.parse(from);
        NavigableSet<Instant> boundaries = new TreeSet<>();
        schedule.addBoundaries(after, after.plus(HORIZON), boundaries);

        int changes = 0;
        for (Instant t = after.plus(Duration.ofMinutes(1));
                t.isBefore(after.plus(HORIZON));
                t = t.plus(Duration.ofMinutes(1))) {
            Instant lastBoundary = boundaries.floor(t);
            Instant sameAs = lastBoundary == null ? after : lastBoundary;
            assertThat(schedule.matches(t))
                    .as("%s at %s, last boundary %s", text, t, sameAs)
                    .isEqualTo(schedule.matches(sameAs));
            if (schedule.matches(t) != schedule.matches(t.minus(Duration.ofMinutes(1)))) {
                changes++;
            }
        }
        assertThat(boundaries).allMatch(b -> b.isAfter(after) && b.isBefore(after.plus(HORIZON)));
        if (!text.equals("always")) {
            assertThat(changes).as("the scan saw the schedule change").isPositive();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "2026-12-24T00:00:30+00:00-2026-12-24T00:00:45+00:00 | 2026-12-24T00:00:30Z",
                "Mon-Sun 02:30-05:00 Europe/Berlin | 2026-03-29T01:00:00Z"
            })
    void aChangeOffTheMinuteOrInsideASkippedHourIsABoundaryItself(String text, String change) {
        Schedule schedule = ScheduleParser.parse(text);
        Instant at = Instant.parse(change);
        NavigableSet<Instant> boundaries = new TreeSet<>();
        schedule.addBoundaries(at.minus(Duration.ofHours(1)), at.plus(Duration.ofHours(1)), boundaries);

        assertThat(boundaries).contains(at);
        assertThat(schedule.matches(at)).isNotEqualTo(schedule.matches(at.minusSeconds(1)));
    }
}
