package io.scaligator.receiver.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class Rfc3339Test {

    @Test
    void agreesWithTheJdkParserOnTheFormsAlertmanagerAndPrometheusWrite() {
        for (String text : new String[] {
            "2026-11-28T05:41:02Z",
            "0001-01-01T00:00:00Z",
            "2026-11-28T05:41:02.5Z",
            "2026-11-28T05:41:02.123456789Z",
            "2026-11-28T05:41:02.0001Z",
            "2026-11-28T06:41:02+01:00",
            "2026-11-27T23:41:02.25-05:30",
            "2024-02-29T23:59:59Z",
            "2026-11-28T05:41:02.Z",
            "1999-12-31T23:59:59.999999999+14:00"
        }) {
            assertThat(Rfc3339.parse(text))
                    .as(text)
                    .isEqualTo(OffsetDateTime.parse(text).toInstant());
        }
    }

    @Test
    void refusesWhatTheJdkParserRefuses() {
        for (String text : new String[] {
            "2026-13-01T00:00:00Z",
            "2026-02-30T00:00:00Z",
            "2026-11-28T24:00:00Z",
            "2026-11-28T05:41:02",
            "2026-11-28 05:41:02Z",
            "yesterday",
            "2026-11-28T05:41:02.1234567891Z",
            "2026-11-28T05:41:02+1:00",
            "+2026-11-28T05:41:02Z"
        }) {
            assertThatThrownBy(() -> Rfc3339.parse(text)).as(text).isInstanceOf(DateTimeException.class);
            assertThatThrownBy(() -> OffsetDateTime.parse(text)).as(text).isInstanceOf(DateTimeException.class);
        }
    }
}
