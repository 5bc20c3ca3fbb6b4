package io.scaligator.simulator;

/**
 * What can be measured of the workload: utilization of ready pods, min(1, demand / ready), and the demand itself,
 * scraped every scrape_interval and averaged over the last metric_window of scrapes (as a PromQL
 * {@code avg_over_time}/{@code rate} over that window would). The instantaneous demand is there for the oracle only.
 */
final class Sensor {

    private final double[] utilization;
    private final double[] demand;
    private int next;
    private int filled;
    private double now;
    private boolean scrapedNow;

    /** A sensor averaging the last {@code windowScrapes} scrapes. */
    Sensor(int windowScrapes) {
        this.utilization = new double[windowScrapes];
        this.demand = new double[windowScrapes];
    }

    /** Utilization of {@code ready} pods serving {@code demand}: 1 when demand meets no ready pod. */
    static double utilization(double demand, int ready) {
        if (ready == 0) {
            return demand > 0 ? 1 : 0;
        }
        return Math.min(1, demand / ready);
    }

    /** Moves to the next second with its demand; {@link #scrape} follows when a scrape is due. */
    void advance(double demandNow) {
        this.now = demandNow;
        this.scrapedNow = false;
    }

    /** One scrape of the workload with {@code ready} pods at the current demand. */
    void scrape(int ready) {
        utilization[next] = utilization(now, ready);
        demand[next] = now;
        next = (next + 1) % utilization.length;
        filled = Math.min(filled + 1, utilization.length);
        scrapedNow = true;
    }

    /** Whether a scrape happened this second (alert rules are evaluated on scrapes). */
    boolean scrapedNow() {
        return scrapedNow;
    }

    /** Utilization averaged over the metric window. */
    double utilization() {
        return mean(utilization);
    }

    /** Demand averaged over the metric window, in pod units. */
    double demand() {
        return mean(demand);
    }

    /** Demand at this second (perfect knowledge: the oracle's). */
    double demandNow() {
        return now;
    }

    private double mean(double[] samples) {
        if (filled == 0) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < filled; i++) {
            sum += samples[i];
        }
        return sum / filled;
    }
}
