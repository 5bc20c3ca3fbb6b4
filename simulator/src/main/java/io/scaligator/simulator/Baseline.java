package io.scaligator.simulator;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The reference policies a simulation can run beside the config's own (the oracle always runs). */
public enum Baseline {
    /** Kubernetes' HPA v2 on CPU utilization at target_utilization, default behaviour. */
    HPA,
    /** The original Scaligator: +/-1 per reconcile_interval on scale_up/down_cpu_threshold. */
    ORIGINAL;

    /** The name reports use. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a comma list such as {@code hpa,original}; {@code none} or an empty text selects none. */
    public static Set<Baseline> parseList(String text) {
        Set<Baseline> result = new TreeSet<>();
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("none")) {
            return result;
        }
        for (String part : text.split(",")) {
            String name = part.trim();
            if (name.equalsIgnoreCase("none")) {
                throw new SimulationException(
                        "--baseline: 'none' stands alone; list hpa and/or original, or give none");
            }
            try {
                result.add(valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new SimulationException(
                        "--baseline: unknown baseline '" + name + "' (allowed: hpa, original, none)");
            }
        }
        return result;
    }
}
