package io.scaligator.receiver.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.scaligator.common.event.AlertSignal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The receiver's own meters: requests by endpoint and result, signals by status, unmapped, not allowed, publish
 * latency.
 */
public final class ReceiverMetrics {

    private final MeterRegistry registry;
    // Looked up once per distinct tag set: building and registering a meter on every request costs more than counting.
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Counter unmapped;
    private final Counter notAllowed;
    private final Counter truncated;
    private final Counter refusedAlerts;
    private final Timer publish;

    public ReceiverMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.unmapped = Counter.builder("scaligator.receiver.unmapped")
                .description("Signals that name no workload (recorded under the _unmapped key)")
                .register(registry);
        this.notAllowed = Counter.builder("scaligator.receiver.not.allowed")
                .description("Signals for namespaces outside watch_namespaces (recorded, never acted on)")
                .register(registry);
        this.truncated = Counter.builder("scaligator.receiver.truncated.alerts")
                .description("Alerts Alertmanager left out of its webhooks (truncatedAlerts: beyond max_alerts)")
                .register(registry);
        this.refusedAlerts = Counter.builder("scaligator.receiver.refused.alerts")
                .description("Alerts refused one by one, or not read, from webhooks whose other alerts were recorded")
                .register(registry);
        this.publish = Timer.builder("scaligator.receiver.publish")
                .description("Time from the first send to Kafka's last acknowledgement of a request")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    /** One finished request; result is a short word such as ok, bad_request, unauthorized, unavailable. */
    void request(String endpoint, int status, String result) {
        counters.computeIfAbsent("requests " + endpoint + " " + status + " " + result, key -> Counter.builder(
                                "scaligator.receiver.requests")
                        .description("Requests by endpoint and result")
                        .tag("endpoint", endpoint)
                        .tag("status", Integer.toString(status))
                        .tag("result", result)
                        .register(registry))
                .increment();
    }

    void signal(AlertSignal signal) {
        String status = signal.alert() != null
                ? signal.alert().status().name().toLowerCase(Locale.ROOT)
                : signal.trigger().action().name().toLowerCase(Locale.ROOT);
        String kind = signal.kind().name().toLowerCase(Locale.ROOT);
        counters.computeIfAbsent("signals " + kind + " " + status, key -> Counter.builder("scaligator.receiver.signals")
                        .description("Signals accepted, by kind and status or action")
                        .tag("kind", kind)
                        .tag("status", status)
                        .register(registry))
                .increment();
        if (signal.target() == null) {
            unmapped.increment();
        }
        if (!signal.allowed()) {
            notAllowed.increment();
        }
    }

    void truncated(int alerts) {
        truncated.increment(alerts);
    }

    void refusedAlerts(int alerts) {
        refusedAlerts.increment(alerts);
    }

    Timer publishTimer() {
        return publish;
    }
}
