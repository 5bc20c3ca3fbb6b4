package io.scaligator.audit.report;

import java.util.List;

/** Chart data: step series of replicas over time and markers (decisions, commands) with their reasons. */
public record Chart(String title, List<Series> series, List<Marker> markers) {

    /** A named step series; points are [epoch millis, replicas]. */
    public record Series(String name, String color, List<long[]> points) {}

    /** One marked event at a time and replica count, with its label (shown as the SVG title / tooltip). */
    public record Marker(long time, int replicas, String series, String color, String label) {}
}
