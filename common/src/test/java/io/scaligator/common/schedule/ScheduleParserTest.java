package io.scaligator.common.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleParserTest {

    @ParameterizedTest(name = "{0} at {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Mon-Fri 08:00-20:00 Europe/Berlin | 2026-11-30T07:00:00Z | true",
                "Mon-Fri 08:00-20:00 Europe/Berlin | 2026-11-30T06:59:00Z | false",
                "Mon-Fri 08:00-20:00 Europe/Berlin | 2026-11-30T19:00:00Z | false",
                "Mon-Fri 08:00-20:00 Europe/Berlin | 2026-11-29T10:00:00Z | false",
                "Sat-Sun 00:00-23:59 UTC, Mon-Fri 22:00-06:00 UTC | 2026-11-29T10:00:00Z | true",
                "Sat-Sun 00:00-23:59 UTC, Mon-Fri 22:00-06:00 UTC | 2026-12-01T05:00:00Z | true",
                "Sat-Sun 00:00-23:59 UTC, Mon-Fri 22:00-06:00 UTC | 2026-12-01T07:00:00Z | false",
                "Fri-Mon 10:00-11:00 UTC | 2026-11-30T10:30:00Z | true",
                "Fri-Mon 10:00-11:00 UTC | 2026-12-01T10:30:00Z | false",
                "Sat 10:00-11:00 UTC | 2026-11-28T10:30:00Z | true",
                "2026-12-24T00:00:00+00:00-2026-12-27T00:00:00+00:00 | 2026-12-26T23:59:59Z | true",
                "2026-12-24T00:00:00+00:00-2026-12-27T00:00:00+00:00 | 2026-12-27T00:00:00Z | false",
                "always | 2026-12-27T00:00:00Z | true",
                "never | 2026-12-27T00:00:00Z | false",
                "Mon-Sun 01:30-03:30 Europe/Berlin | 2026-03-29T00:45:00Z | true",
                "Mon-Sun 01:30-03:30 Europe/Berlin | 2026-03-29T01:15:00Z | true",
                "Mon-Sun 01:30-03:30 Europe/Berlin | 2026-03-29T01:30:00Z | false",
                "Sat-Sun 00:00-24:00 UTC | 2026-11-28T00:00:00Z | true",
                "Sat-Sun 00:00-24:00 UTC | 2026-11-29T23:59:59Z | true",
                "Sat-Sun 00:00-24:00 UTC | 2026-11-30T00:00:00Z | false",
                "Sat-Sun 00:00-24:00 UTC | 2026-11-27T23:59:59Z | false",
                "Fri 18:00-24:00 UTC | 2026-11-27T23:59:00Z | true",
                "Fri 18:00-24:00 UTC | 2026-11-28T00:00:00Z | false"
            })
    void matchesAtInstant(String text, String at, boolean expected) {
        assertThat(ScheduleParser.parse(text).matches(Instant.parse(at))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" is rejected: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Mon-Fri 8:00-20:00 UTC | is not a window",
                "Mon-Fry 08:00-20:00 UTC | 'Fry' is not a day",
                "Mon-Fri 08:00-25:00 UTC | is not a time of day",
                "Mon-Fri 24:00-08:00 UTC | 24:00 is not a time of day (00:00-23:59, or 24:00 as an end)",
                "Mon-Fri 08:00-20:00 Mars/Olympus | unknown time zone",
                "Mon-Fri 08:00-08:00 UTC | start and end time are both",
                "2026-12-27T00:00:00+00:00-2026-12-24T00:00:00+00:00 | must end after it starts",
                "'' | schedule is empty"
            })
    void rejectsBadTextNamingThePart(String text, String message) {
        assertThatThrownBy(() -> ScheduleParser.parse(text))
                .isInstanceOf(ScheduleException.class)
                .hasMessageContaining(message);
    }
}
