package io.scaligator.engine.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One metric rule's demand history on one target, learned online from observations: the highest demand seen in
 * each 5-minute UTC slot of the last {@link #DAYS} days (a ring indexed by the slot's number since the epoch,
 * -1 where nothing was observed: a gap is missing, never a zero), and the forecast's recent error. A slot is as
 * long as the HPA's default scale-down stabilization window: a forecast peak is then held no longer than the
 * reactive rule holds its own, and a burst shorter than a slot costs capacity for 5 minutes, not 10.
 *
 * <p>The forecast of a slot is robust to one-off spikes by taking medians: with three weeks known, the median of the
 * same slot in the last three weeks (weekly seasonality: a Monday is forecast from Mondays); with two, the median of
 * those two and of the daily median (one spike moves one of three votes); otherwise (less than two weeks known)
 * the daily fallback, the median of the same slot on the last seven days; with fewer than {@link #MIN_DAYS} such
 * days there is no forecast. Slots are UTC, not local time: demand that follows a local clock shifts by an hour in
 * UTC at a DST change, and the weekly median follows the shift within two weeks, while local slots would make a
 * 23- or 25-hour day whose slots have no same-slot history (see docs/decision-engine.md).
 *
 * <p>Each slot, when it closes, is scored against the forecast made for it from the slots before, and against the
 * naive forecast, the slot before it: the mean absolute misses of both and the mean demand are kept as
 * exponentially weighted averages over about a day of slots. Their ratios are the forecast's weighted absolute
 * percentage error (small demands weigh little, unlike a mean of relative errors) and its error relative to the
 * naive forecast.
 *
 * <p>Demand is kept in thousandths as integers, so that the stored state reproduces every forecast exactly. Bound:
 * {@link #SLOTS} values, at most 5 bytes each stored (in practice 1-3), so at most 32 KB per profile.
 */
public record DemandProfile(
        String rule,
        long lastSlot,
        int[] milli,
        double missEwma,
        double naiveMissEwma,
        double demandEwma,
        int scoredSlots) {

    /** Slot length in seconds. */
    public static final long SLOT_SECONDS = 300;
    /** Slots per day and per week. */
    static final int DAY = (int) (86_400 / SLOT_SECONDS);

    static final int WEEK = 7 * DAY;
    /** Days kept: three weeks back from the current slot, plus the current day being filled. */
    static final int DAYS = 22;
    /** Slots kept. */
    public static final int SLOTS = DAYS * DAY;
    /** Daily values needed at the least for a forecast. */
    static final int MIN_DAYS = 3;
    /** Weight of one scored slot in the error averages: about a day of slots. */
    private static final double ALPHA = 1.0 / DAY;
    /** Scored slots counted at most (the forecast acts after {@link Forecaster#MIN_SCORED} of them). */
    private static final int SCORED_CAP = 1 << 20;

    public DemandProfile {
        if (milli.length != SLOTS) {
            throw new IllegalArgumentException("a demand profile has " + SLOTS + " slots, not " + milli.length);
        }
    }

    /** A profile that has seen nothing yet. */
    static DemandProfile empty(String rule) {
        int[] none = new int[SLOTS];
        Arrays.fill(none, -1);
        return new DemandProfile(rule, Long.MIN_VALUE, none, 0, 0, 0, 0);
    }

    /** The slot of an instant: 5-minute intervals since the epoch, UTC. */
    static long slotOf(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), SLOT_SECONDS);
    }

    /**
     * This profile with {@code demand} observed at {@code at}: the slot keeps its highest demand; moving on to a
     * later slot first scores the slot just closed, and marks the slots skipped in between as missing. An
     * observation older than the kept days changes nothing.
     *
     * <p>A {@code censored} observation was made while the pods were at their capacity, so the demand was at least
     * what they served, maybe more: it is learned as the higher of it and the slot's forecast, never below. Learned
     * as the demand, a shortfall would teach the profile that the peak it failed to foresee was as low as the
     * capacity that fell short, and the forecast would never catch up with that peak.
     */
    DemandProfile learn(Instant at, double demand, boolean censored) {
        long slot = slotOf(at);
        Estimate atLeast = censored ? estimate(slot) : null;
        int value = quantize(atLeast != null ? Math.max(demand, atLeast.demand()) : demand);
        if (lastSlot == Long.MIN_VALUE) {
            int[] ring = empty(rule).milli;
            ring[index(slot)] = value;
            return new DemandProfile(rule, slot, ring, missEwma, naiveMissEwma, demandEwma, scoredSlots);
        }
        if (slot <= lastSlot) {
            if (slot <= lastSlot - SLOTS || milli[index(slot)] >= value) {
                return this;
            }
            int[] ring = milli.clone();
            ring[index(slot)] = value;
            return new DemandProfile(rule, lastSlot, ring, missEwma, naiveMissEwma, demandEwma, scoredSlots);
        }
        double miss = missEwma;
        double naiveMiss = naiveMissEwma;
        double level = demandEwma;
        int scored = scoredSlots;
        int closed = value(lastSlot);
        int before = value(lastSlot - 1);
        Estimate expected = estimate(lastSlot);
        if (closed >= 0 && before >= 0 && expected != null) {
            double actual = closed / 1000.0;
            miss = miss * (1 - ALPHA) + ALPHA * Math.abs(actual - expected.demand());
            naiveMiss = naiveMiss * (1 - ALPHA) + ALPHA * Math.abs(actual - before / 1000.0);
            level = level * (1 - ALPHA) + ALPHA * actual;
            scored = Math.min(SCORED_CAP, scored + 1);
        }
        int[] ring = milli.clone();
        for (long s = lastSlot + 1; s < slot && s <= lastSlot + SLOTS; s++) {
            ring[index(s)] = -1;
        }
        ring[index(slot)] = value;
        return new DemandProfile(rule, slot, ring, miss, naiveMiss, level, scored);
    }

    /**
     * The forecast demand of {@code slot} from the slots before it, with its basis in words; null when too little
     * is known about that slot.
     */
    Estimate estimate(long slot) {
        List<Double> weekly = values(slot, WEEK, 3);
        List<Double> daily = values(slot, DAY, 7);
        if (weekly.size() == 3) {
            double m = median(weekly);
            return new Estimate(m, "same slot, last 3 weeks: " + list(weekly) + " -> median " + number(m));
        }
        if (daily.size() < MIN_DAYS) {
            return null;
        }
        double day = median(daily);
        if (weekly.size() == 2) {
            List<Double> votes = new ArrayList<>(weekly);
            votes.add(day);
            double m = median(votes);
            return new Estimate(
                    m,
                    "same slot, last 2 weeks: " + list(weekly) + ", and last " + daily.size() + " days' median "
                            + number(day) + " -> median " + number(m));
        }
        return new Estimate(
                day,
                "daily fallback (less than 2 weeks known), same slot, last " + daily.size() + " days: " + list(daily)
                        + " -> median " + number(day));
    }

    /** The forecast's recent weighted absolute percentage error (0 while nothing is scored). */
    double error() {
        return demandEwma > 0 ? missEwma / demandEwma : missEwma > 0 ? Double.POSITIVE_INFINITY : 0;
    }

    /**
     * The forecast's recent error relative to the naive forecast's, "the next slot is like the last one", which
     * is what a reactive autoscaler acts on: below 1 the profile knows something the reactive rule does not.
     */
    double relativeError() {
        return naiveMissEwma > 0 ? missEwma / naiveMissEwma : missEwma > 0 ? Double.POSITIVE_INFINITY : 1;
    }

    /** A forecast demand of one slot and how it was computed. */
    record Estimate(double demand, String basis) {}

    /** The demand observed in {@code slot} in thousandths, -1 if missing or no longer kept. */
    int value(long slot) {
        if (lastSlot == Long.MIN_VALUE || slot > lastSlot || slot <= lastSlot - SLOTS) {
            return -1;
        }
        return milli[index(slot)];
    }

    /** The observed values of {@code slot - step x k}, k = 1..count, that are present (newest first). */
    private List<Double> values(long slot, int step, int count) {
        List<Double> found = new ArrayList<>(count);
        for (int k = 1; k <= count; k++) {
            int v = value(slot - (long) step * k);
            if (v >= 0) {
                found.add(v / 1000.0);
            }
        }
        return found;
    }

    /** The middle value; of an even count the upper of the two middle ones (capacity errs on the safe side). */
    static double median(List<Double> values) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private static int index(long slot) {
        return (int) Math.floorMod(slot, (long) SLOTS);
    }

    private static int quantize(double demand) {
        return (int) Math.min(Integer.MAX_VALUE - 1L, Math.round(Math.max(0, demand) * 1000));
    }

    private static String list(List<Double> values) {
        return values.stream().map(DemandProfile::number).collect(Collectors.joining(", "));
    }

    static String number(double v) {
        return String.valueOf(Math.round(v * 100) / 100.0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DemandProfile p
                && rule.equals(p.rule)
                && lastSlot == p.lastSlot
                && Arrays.equals(milli, p.milli)
                && Double.compare(missEwma, p.missEwma) == 0
                && Double.compare(naiveMissEwma, p.naiveMissEwma) == 0
                && Double.compare(demandEwma, p.demandEwma) == 0
                && scoredSlots == p.scoredSlots;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rule.hashCode() + Long.hashCode(lastSlot)) + Arrays.hashCode(milli);
    }

    @Override
    public String toString() {
        return "DemandProfile[" + rule + ", lastSlot=" + lastSlot + ", scored=" + scoredSlots + ", error="
                + number(error()) + ", relative=" + number(relativeError()) + "]";
    }
}
