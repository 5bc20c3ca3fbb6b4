package io.scaligator.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TraceTest {

    @Test
    void interpolatesLinearlyBetweenPoints() {
        Trace t = Trace.parse("t", "time,v\n2026-01-01T00:00:00Z,0\n2026-01-01T00:01:00Z,60\n2026-01-01T00:02:00Z,0\n");
        long start = t.startSecond();
        assertThat(t.valueAt(start)).isEqualTo(0);
        assertThat(t.valueAt(start + 15)).isEqualTo(15);
        assertThat(t.valueAt(start + 90)).isEqualTo(30);
        assertThat(t.endSecond() - start).isEqualTo(120);
        assertThat(t.peak()).isEqualTo(60);
    }

    @Test
    void badInputNamesTheLine() {
        assertThatThrownBy(() -> Trace.parse("x.csv", "time,v\n2026-01-01T00:00:00Z,1\nyesterday,2\n"))
                .hasMessageContaining("x.csv: line 3")
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> Trace.parse("x.csv", "time,v\n2026-01-01T00:00:00Z,1\n2026-01-01T00:01:00Z,-2\n"))
                .hasMessageContaining("line 3")
                .hasMessageContaining(">= 0");
        assertThatThrownBy(() -> Trace.parse(
                        "x.csv",
                        "time,v\n2026-01-01T00:00:00Z,1\n2026-01-01T00:01:00Z,1\n" + "2026-01-01T00:02:30Z,1\n"))
                .hasMessage("x.csv: line 4: step 90 s is not a whole number of the trace's step 60 s (a trace has a"
                        + " fixed step)");
        assertThatThrownBy(() -> Trace.parse(
                        "x.csv", "time,v\n2026-01-01T00:00:00Z,\n2026-01-01T00:01:00Z,1\n2026-01-01T00:02:00Z,1\n"))
                .hasMessageContaining("the first and the last row need a value");
        assertThatThrownBy(() -> Trace.parse(
                        "x.csv", "time,v\n2026-01-01T00:00:00Z,1\n2026-01-01T00:00:01Z,1\n2036-01-01T00:00:00Z,1\n"))
                .hasMessageContaining("315532801 points from the first to the last row at a step of 1 s")
                .hasMessageContaining("at most 10000000");
        assertThatThrownBy(
                        () -> Trace.parse("x.csv", "time,v\n2026-01-01T00:00:00Z,1\n2026-01-01T00:01:00Z,Infinity\n"))
                .hasMessageContaining("must be a finite number >= 0");
        assertThatThrownBy(() -> Trace.parse("x.csv", "time,v\n2026-01-01T00:00:00Z,1\n"))
                .hasMessageContaining("at least two points");
        assertThatThrownBy(() -> Trace.parse("x.csv", "2026-01-01T00:00:00Z,1\n2026-01-01T00:01:00Z,2\n"))
                .hasMessage("x.csv: line 1 is data, expected a header first (time,value)");
        assertThatThrownBy(() -> Trace.parse(
                        "x.csv", "time,v\n2026-01-01T00:00:00Z,1\n2026-01-01T00:01:00Z,1\n2026-01-01T00:01:00Z,1\n"))
                .hasMessage("x.csv: line 4: time 2026-01-01T00:01:00Z repeats the line before (times must increase)");
        assertThatThrownBy(() -> Trace.parse("x.csv", "time;v\n2026-01-01T00:00:00Z;1\n"))
                .hasMessageContaining("two comma-separated columns");
    }

    /** What real exports do: a BOM, CRLF, quoted cells, a space for the T, an offset, rows and values left out. */
    @Test
    void readsExportedCsvAndFillsInMissingPointsLinearly() {
        Trace t = Trace.parse(
                "export.csv",
                "\uFEFF\"time\",\"value\"\r\n"
                        + "\"2026-01-01 00:00:00\",\"10\"\r\n"
                        + "2026-01-01T00:01:00+00:00,\r\n"
                        + "2026-01-01 00:02:00Z,30\r\n"
                        + "2026-01-01T01:03:00+01:00,NaN\r\n"
                        // 00:04 and 00:05 left out
                        + "2026-01-01T00:06:00.000Z,70\r\n");

        assertThat(t.startSecond())
                .isEqualTo(Instant.parse("2026-01-01T00:00:00Z").getEpochSecond());
        assertThat(t.stepSeconds()).isEqualTo(60);
        assertThat(t.points()).isEqualTo(7);
        assertThat(t.missingPoints()).isEqualTo(4);
        for (int minute = 0; minute <= 6; minute++) {
            assertThat(t.valueAt(t.startSecond() + 60L * minute))
                    .as("minute %d", minute)
                    .isCloseTo(10.0 * (minute + 1), offset(1e-9));
        }
    }

    @Test
    void readsADailyTraceOfDatesAlone() {
        Trace t = Trace.parse("daily.csv", "date,views\n2020-02-27,100\n2020-02-28,200\n2020-03-01,400\n");

        assertThat(t.startSecond())
                .isEqualTo(Instant.parse("2020-02-27T00:00:00Z").getEpochSecond());
        assertThat(t.stepSeconds()).isEqualTo(86_400);
        assertThat(t.points()).isEqualTo(4);
        assertThat(t.missingPoints()).as("2020-02-29, a leap day").isEqualTo(1);
        assertThat(t.valueAt(t.startSecond() + 2 * 86_400)).isEqualTo(300);
    }

    @Test
    void shippedScenariosRead() {
        for (String name : new String[] {"step-up", "spike", "slow-ramp", "daily-sine", "flat"}) {
            Trace t = Trace.read(Path.of("scenarios", name + ".csv"));
            assertThat(t.points()).as(name).isGreaterThan(100);
            assertThat(t.peak()).as(name).isCloseTo(name.equals("flat") ? 20 : 40, offset(0.01));
        }
    }
}
