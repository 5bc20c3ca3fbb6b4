package io.scaligator.common.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.EnumSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;

/**
 * A parsed kube-downscaler schedule: a list of weekly windows and absolute ranges, matched against an instant.
 * Weekly windows are evaluated in their own time zone on the local wall clock, so DST changes are handled by
 * {@link ZonedDateTime}; an overnight window ({@code 20:00-08:00}) belongs to the day it starts on.
 */
public record Schedule(String text, List<Window> windows) {

    public Schedule {
        windows = List.copyOf(windows);
    }

    /** Whether the instant falls into any of the windows. */
    public boolean matches(Instant at) {
        for (Window window : windows) {
            if (window.matches(at)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adds to {@code into} the instants strictly between {@code after} and {@code until} at which {@link #matches}
     * may change. Between two consecutive ones it is constant, so the next change is found by testing them in order.
     */
    public void addBoundaries(Instant after, Instant until, NavigableSet<Instant> into) {
        for (Window window : windows) {
            window.addBoundaries(after, until, into);
        }
    }

    /** One element of a schedule's comma-separated list. */
    public sealed interface Window permits Weekly, Absolute, Constant {
        boolean matches(Instant at);

        /** See {@link Schedule#addBoundaries}. */
        void addBoundaries(Instant after, Instant until, NavigableSet<Instant> into);
    }

    private static void addInside(Instant at, Instant after, Instant until, NavigableSet<Instant> into) {
        if (at.isAfter(after) && at.isBefore(until)) {
            into.add(at);
        }
    }

    /** {@code Mon-Fri 08:00-20:00 Europe/Berlin}: days (the start days of the window), start, end, zone. */
    public record Weekly(Set<DayOfWeek> days, LocalTime start, LocalTime end, ZoneId zone) implements Window {

        public Weekly {
            days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
        }

        @Override
        public boolean matches(Instant at) {
            ZonedDateTime local = at.atZone(zone);
            LocalTime time = local.toLocalTime();
            if (start.isBefore(end)) {
                return days.contains(local.getDayOfWeek()) && !time.isBefore(start) && time.isBefore(end);
            }
            // Overnight: the evening part belongs to today's window, the morning part to yesterday's.
            return (days.contains(local.getDayOfWeek()) && !time.isBefore(start))
                    || (days.contains(local.getDayOfWeek().minus(1)) && time.isBefore(end));
        }

        /**
         * The start and end on every local day (both instants of a wall-clock time that a DST fall-back repeats),
         * local midnights, and the zone's offset transitions: a start or end inside a DST gap takes effect when the
         * clock jumps past it.
         */
        @Override
        public void addBoundaries(Instant after, Instant until, NavigableSet<Instant> into) {
            LocalDate last = until.atZone(zone).toLocalDate().plusDays(1);
            for (LocalDate day = after.atZone(zone).toLocalDate().minusDays(1);
                    !day.isAfter(last);
                    day = day.plusDays(1)) {
                for (LocalTime time : List.of(LocalTime.MIDNIGHT, start, end)) {
                    ZonedDateTime at = day.atTime(time).atZone(zone);
                    addInside(at.withEarlierOffsetAtOverlap().toInstant(), after, until, into);
                    addInside(at.withLaterOffsetAtOverlap().toInstant(), after, until, into);
                }
            }
            for (ZoneOffsetTransition transition = zone.getRules().nextTransition(after);
                    transition != null && transition.getInstant().isBefore(until);
                    transition = zone.getRules().nextTransition(transition.getInstant())) {
                into.add(transition.getInstant());
            }
        }
    }

    /** {@code 2026-12-24T00:00:00+00:00-2026-12-27T00:00:00+00:00}: from inclusive, to exclusive. */
    public record Absolute(Instant from, Instant to) implements Window {
        @Override
        public boolean matches(Instant at) {
            return !at.isBefore(from) && at.isBefore(to);
        }

        @Override
        public void addBoundaries(Instant after, Instant until, NavigableSet<Instant> into) {
            addInside(from, after, until, into);
            addInside(to, after, until, into);
        }
    }

    /** {@code always} or {@code never}, as kube-downscaler accepts them. */
    public record Constant(boolean value) implements Window {
        @Override
        public boolean matches(Instant at) {
            return value;
        }

        @Override
        public void addBoundaries(Instant after, Instant until, NavigableSet<Instant> into) {}
    }
}
