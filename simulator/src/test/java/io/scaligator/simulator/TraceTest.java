package io.scaligator.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Path;
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
                        "time,v\n2026-01-01T00:00:00Z,1\n2026-01-01T00:01:00Z,1\n" + "2026-01-01T00:03:00Z,1\n"))
                .hasMessageContaining("line 4")
                .hasMessageContaining("fixed step");
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

    @Test
    void shippedScenariosRead() {
        for (String name : new String[] {"step-up", "spike", "slow-ramp", "daily-sine", "flat"}) {
            Trace t = Trace.read(Path.of("scenarios", name + ".csv"));
            assertThat(t.points()).as(name).isGreaterThan(100);
            assertThat(t.peak()).as(name).isCloseTo(name.equals("flat") ? 20 : 40, offset(0.01));
        }
    }
}
