package io.scaligator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void namesTheSelectedMetricsButNotFunctionsLabelsKeywordsOrVariables() {
        assertThat(PromQl.metricNames(
                        "histogram_quantile(0.99, sum by (le, service) (rate(scaligator_poller_cycle_duration_seconds_bucket"
                                + "{service=\"metrics-poller\", result!~\"ok|x\"}[$__rate_interval])))"))
                .containsExactly("scaligator_poller_cycle_duration_seconds_bucket");
        assertThat(PromQl.metricNames("sum(up{job='x'}) or vector(0) > bool 1 unless on (service) absent(a_b:c)"))
                .containsExactly("a_b:c", "up");
        assertThat(PromQl.metricNames("deriv(max_over_time(lag[10m:1m])[15m:]) > 0 and x_total offset 5m"))
                .containsExactly("lag", "x_total");
        assertThat(PromQl.metricNames("sum without (instance) (y) / ignoring(a) group_left(b) z * 1e3"))
                .containsExactly("y", "z");
    }
}
