package io.scaligator.poller.prometheus;

import java.util.Map;

/** One element of an instant vector: its labels and its value, which may be NaN or infinite as Prometheus sent it. */
public record Series(Map<String, String> labels, double value) {

    public Series {
        labels = Map.copyOf(labels);
    }

    /** The label's value, or null when the series does not carry it (Prometheus drops empty labels). */
    public String label(String name) {
        return labels.get(name);
    }
}
