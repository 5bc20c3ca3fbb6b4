package io.scaligator.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DemandProfileTest {

    /** A Monday, 00:00 UTC. */
    private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");

    private static final Duration DAY = Duration.ofDays(1);

    /** Learns {@code days} days from START, one value per slot: weekdays {@code weekday}, else weekend. */
    private static DemandProfile days(DemandProfile p, int from, int days, double weekday, double weekend) {
        for (int d = from; d < from + days; d++) {
            double v = d % 7 < 5 ? weekday : weekend;
            for (int slot = 0; slot < DemandProfile.DAY; slot++) {
                p = p.learn(
                        START.plus(DAY.multipliedBy(d)).plusSeconds(slot * DemandProfile.SLOT_SECONDS + 30), v, false);
            }
        }
        return p;
    }

    private static long slot(int day, int hour) {
        return DemandProfile.slotOf(START.plus(DAY.multipliedBy(day)).plusSeconds(hour * 3600L));
    }

    @Test
    void noForecastWithLessThanThreeDaysOfTheSlot() {
        DemandProfile p = days(DemandProfile.empty("cpu"), 0, 2, 10, 10);
        assertThat(p.estimate(slot(2, 9))).isNull();
        assertThat(days(p, 2, 1, 10, 10).estimate(slot(3, 9))).isNotNull();
    }

    @Test
    void lessThanTwoWeeksKnownFallsBackToTheDailyMedian() {
        DemandProfile p = days(DemandProfile.empty("cpu"), 0, 8, 10, 2);
        DemandProfile.Estimate monday = p.estimate(slot(8, 9));
        assertThat(monday.demand()).isEqualTo(10);
        assertThat(monday.basis()).startsWith("daily fallback");
    }

    @Test
    void threeWeeksKnownForecastFromTheSameWeekday() {
        DemandProfile p = days(DemandProfile.empty("cpu"), 0, 21, 10, 2);
        assertThat(p.estimate(slot(21, 9)).basis()).startsWith("same slot, last 3 weeks");
        // Day 26 is a Saturday: its daily median would be a weekday's 10, the weekly one is the weekend's 2.
        DemandProfile.Estimate saturday = p.estimate(slot(26, 9));
        assertThat(saturday.demand()).isEqualTo(2);
        assertThat(saturday.basis()).isEqualTo("same slot, last 3 weeks: 2.0, 2.0, 2.0 -> median 2.0");
    }

    @Test
    void twoWeeksKnownVoteWithTheDailyMedian() {
        DemandProfile p = days(DemandProfile.empty("cpu"), 0, 19, 10, 2);
        DemandProfile.Estimate saturday = p.estimate(slot(19, 9));
        assertThat(saturday.demand()).isEqualTo(2);
        assertThat(saturday.basis()).startsWith("same slot, last 2 weeks: 2.0, 2.0, and last 7 days' median 10.0");
    }

    @Test
    void aOneOffSpikeDoesNotMoveTheForecast() {
        DemandProfile p = days(DemandProfile.empty("cpu"), 0, 20, 10, 10);
        p = p.learn(START.plus(DAY.multipliedBy(20)).plusSeconds(9 * 3600 + 60), 500, false);
        p = days(p, 20, 1, 10, 10);
        assertThat(p.value(slot(20, 9))).isEqualTo(500_000);
        assertThat(p.estimate(slot(21, 9)).demand()).isEqualTo(10);
        assertThat(p.estimate(slot(27, 9)).demand()).isEqualTo(10);
    }

    @Test
    void demandSeenWhileTheCapacityFellShortIsAtLeastTheForecast() {
        DemandProfile p = days(DemandProfile.empty("cpu"), 0, 21, 10, 10);
        Instant nine = START.plus(DAY.multipliedBy(21)).plusSeconds(9 * 3600);
        // Pods at their request that served 4: demand was 4 or more, no evidence against the forecast's 10.
        assertThat(p.learn(nine, 4, true).value(slot(21, 9))).isEqualTo(10_000);
        // Served 14 while short: that much at least.
        assertThat(p.learn(nine, 14, true).value(slot(21, 9))).isEqualTo(14_000);
        // The same 4 with capacity to spare is what the demand was.
        assertThat(p.learn(nine, 4, false).value(slot(21, 9))).isEqualTo(4_000);
    }

    @Test
    void gapsAreMissingNotZeros() {
        DemandProfile p = days(DemandProfile.empty("cpu"), 0, 3, 10, 10);
        // Nothing observed for two days, then one observation: the skipped slots are missing, not demand 0.
        p = p.learn(START.plus(DAY.multipliedBy(5)), 10, false);
        assertThat(p.value(slot(4, 9))).isEqualTo(-1);
        DemandProfile.Estimate e = p.estimate(slot(5, 9));
        assertThat(e.demand()).isEqualTo(10);
        assertThat(e.basis()).contains("last 3 days: 10.0, 10.0, 10.0");
    }

    @Test
    void aSlotKeepsItsHighestDemandAndOldObservationsChangeNothing() {
        DemandProfile p = DemandProfile.empty("cpu")
                .learn(START.plusSeconds(60), 3, false)
                .learn(START.plusSeconds(120), 7, false)
                .learn(START.plusSeconds(180), 5, false);
        assertThat(p.value(DemandProfile.slotOf(START))).isEqualTo(7_000);
        DemandProfile late = p.learn(START.plusSeconds(3 * DemandProfile.SLOT_SECONDS), 1, false);
        assertThat(late.learn(START.minus(DAY.multipliedBy(30)), 99, false)).isEqualTo(late);
    }

    @Test
    void theErrorIsScoredAgainstTheNaiveForecast() {
        // A recurring rise at 09:00 each day: the naive forecast misses it, the profile does not.
        DemandProfile p = DemandProfile.empty("cpu");
        for (int d = 0; d < 6; d++) {
            for (int slot = 0; slot < DemandProfile.DAY; slot++) {
                boolean rise = slot * DemandProfile.SLOT_SECONDS / 3600 == 9;
                p = p.learn(
                        START.plus(DAY.multipliedBy(d)).plusSeconds(slot * DemandProfile.SLOT_SECONDS),
                        rise ? 12 : 2,
                        false);
            }
        }
        assertThat(p.scoredSlots()).isGreaterThanOrEqualTo(2 * DemandProfile.DAY);
        assertThat(p.error()).isZero();
        assertThat(p.relativeError()).isZero();
    }

    @Test
    void slotsAreUtcSoADaylightSavingChangeShiftsLocalDemandByAnHour() {
        // Demand that follows a Berlin clock: 09:00 local is 08:00 UTC in winter, 07:00 UTC in summer. UTC slots
        // see the rise an hour earlier after the change; the daily median follows it once most of the last seven
        // days are after the change (the weekly median within two weeks), and meanwhile the scored error shows the
        // misses, so the forecast abstains if it stops beating the naive one.
        java.time.ZoneId berlin = java.time.ZoneId.of("Europe/Berlin");
        Instant from = Instant.parse("2026-03-22T00:00:00Z");
        DemandProfile p = DemandProfile.empty("cpu");
        for (int d = 0; d < 11; d++) {
            for (int slot = 0; slot < DemandProfile.DAY; slot++) {
                Instant at = from.plus(DAY.multipliedBy(d)).plusSeconds(slot * DemandProfile.SLOT_SECONDS);
                int hour = at.atZone(berlin).getHour();
                p = p.learn(at, hour == 9 ? 12 : 2, false);
            }
        }
        // The change was on 2026-03-29: on 2026-04-01 three of the last seven days are after it, on 04-02 four.
        assertThat(p.estimate(DemandProfile.slotOf(Instant.parse("2026-04-01T07:00:00Z")))
                        .demand())
                .isEqualTo(2);
        assertThat(p.estimate(DemandProfile.slotOf(Instant.parse("2026-04-01T08:00:00Z")))
                        .demand())
                .isEqualTo(12);
        assertThat(p.estimate(DemandProfile.slotOf(Instant.parse("2026-04-02T07:00:00Z")))
                        .demand())
                .isEqualTo(12);
        assertThat(p.estimate(DemandProfile.slotOf(Instant.parse("2026-04-02T08:00:00Z")))
                        .demand())
                .isEqualTo(2);
    }
}
