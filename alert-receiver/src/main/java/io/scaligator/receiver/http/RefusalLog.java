package io.scaligator.receiver.http;

import io.scaligator.common.util.SafeText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Logs refused requests (4xx), and alerts refused one by one from a webhook answered 200: Alertmanager does not retry
 * a 4xx, so what is refused is lost and the operator must be able to read why. At most one line per endpoint and
 * status (or per endpoint, for refused alerts) every {@link #INTERVAL}, saying how many were left out before it, so a
 * client sending garbage cannot flood the log (nor hide another kind of line).
 */
final class RefusalLog {

    /** Shortest time between two lines of one endpoint and status. */
    static final Duration INTERVAL = Duration.ofSeconds(10);

    private record Window(Instant loggedAt, long suppressed) {}

    private final Clock clock;
    private final Consumer<String> sink;
    private final Map<String, Window> windows = new HashMap<>();

    RefusalLog(Clock clock, Consumer<String> sink) {
        this.clock = clock;
        this.sink = sink;
    }

    /** One refused request of {@code endpoint} (e.g. {@code POST /alerts}) from {@code remote}. */
    void refused(String endpoint, HttpProblem problem, String remote) {
        log(
                endpoint + " " + problem.status(),
                endpoint + " refused with " + problem.status(),
                remote,
                problem.getMessage());
    }

    /**
     * Alerts of one webhook refused one by one while its other alerts were recorded (answered 200): {@code first} is
     * what was wrong with the first of them.
     */
    void refusedAlerts(String endpoint, int refused, int sent, String first, String remote) {
        log(
                endpoint + " alerts",
                endpoint + " refused " + refused + " of " + sent + " alerts (the others recorded, answered 200)",
                remote,
                first);
    }

    private void log(String key, String what, String remote, String message) {
        Instant now = clock.instant();
        long left;
        synchronized (windows) {
            Window window = windows.get(key);
            if (window != null && now.isBefore(window.loggedAt().plus(INTERVAL))) {
                windows.put(key, new Window(window.loggedAt(), window.suppressed() + 1));
                return;
            }
            left = window == null ? 0 : window.suppressed();
            windows.put(key, new Window(now, 0));
        }
        // The message quotes the client's values: escaped, like all text from a request that reaches the log.
        sink.accept(what + " from " + SafeText.of(remote) + ": " + SafeText.of(message)
                + (left == 0 ? "" : " (and " + left + " more since the previous such line, not logged)"));
    }
}
