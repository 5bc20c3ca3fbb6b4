package io.scaligator.common.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
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

    /** One element of a schedule's comma-separated list. */
    public sealed interface Window permits Weekly, Absolute, Constant {
        boolean matches(Instant at);
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
    }

    /** {@code 2026-12-24T00:00:00+00:00-2026-12-27T00:00:00+00:00}: from inclusive, to exclusive. */
    public record Absolute(Instant from, Instant to) implements Window {
        @Override
        public boolean matches(Instant at) {
            return !at.isBefore(from) && at.isBefore(to);
        }
    }

    /** {@code always} or {@code never}, as kube-downscaler accepts them. */
    public record Constant(boolean value) implements Window {
        @Override
        public boolean matches(Instant at) {
            return value;
        }
    }
}
