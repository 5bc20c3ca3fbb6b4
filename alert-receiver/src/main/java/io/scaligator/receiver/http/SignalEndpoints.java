package io.scaligator.receiver.http;

import io.javalin.http.Context;
import io.scaligator.common.event.AlertSignal;
import io.scaligator.common.kafka.PublishException;
import io.scaligator.common.util.SafeText;
import io.scaligator.receiver.core.SignalFactory;
import io.scaligator.receiver.kafka.AlertPublisher;
import io.scaligator.receiver.payload.BadRequestException;
import io.scaligator.receiver.payload.PayloadLimits;
import io.scaligator.receiver.payload.PayloadParser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two write endpoints. Each request is checked in the order auth (401), content type (415), size (413),
 * payload (400); its signals are then published and the answer is 2xx only once Kafka acknowledged all of them.
 */
public final class SignalEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(SignalEndpoints.class);
    static final String RETRY_AFTER_SECONDS = "5";

    private final Authenticator alertsAuth;
    private final Authenticator triggersAuth;
    private final RequestBodies bodies;
    private final PayloadParser parser = new PayloadParser();
    private final SignalFactory signals;
    private final AlertPublisher publisher;
    private final Duration publishTimeout;
    private final Clock clock;
    private final ReceiverMetrics metrics;
    private final RefusalLog refusals;

    /** Each endpoint checks its own credential (the same one unless separate ones are configured). */
    public SignalEndpoints(
            Authenticator alertsAuth,
            Authenticator triggersAuth,
            int maxBodyBytes,
            SignalFactory signals,
            AlertPublisher publisher,
            Duration publishTimeout,
            Clock clock,
            ReceiverMetrics metrics) {
        this.alertsAuth = alertsAuth;
        this.triggersAuth = triggersAuth;
        this.bodies = new RequestBodies(maxBodyBytes);
        this.signals = signals;
        this.publisher = publisher;
        this.publishTimeout = publishTimeout;
        this.clock = clock;
        this.metrics = metrics;
        this.refusals = new RefusalLog(clock, LOG::warn);
    }

    /**
     * {@code POST /alerts}: an Alertmanager webhook; 200 with the ids of the recorded signals, and the alerts refused
     * one by one (the others are recorded: Alertmanager would not re-send the group after a 4xx) and the annotations
     * cut to their bound, when there are any.
     */
    void alerts(Context ctx) {
        Instant receivedAt = clock.instant();
        PayloadParser.Webhook hook = parse(ctx, "POST /alerts", alertsAuth, body -> parser.webhook(body, receivedAt));
        List<AlertSignal> batch = signals.alerts(hook.alerts(), receivedAt);
        publish(batch);
        if (hook.truncatedAlerts() > 0) {
            // Alertmanager sends only max_alerts of a group; the rest never reach Scaligator, so an operator
            // must raise max_alerts (up to the receiver's bound) rather than find out from a missing floor.
            metrics.truncated(hook.truncatedAlerts());
            LOG.warn(
                    "webhook for group {} left out {} alerts (Alertmanager's max_alerts); they are not recorded",
                    group(hook),
                    hook.truncatedAlerts());
        }
        if (hook.notRead() > 0) {
            // As with truncatedAlerts, but left out here: the operator must set max_alerts, not find a missing floor.
            metrics.refusedAlerts(hook.notRead());
            LOG.warn(
                    "webhook for group {} has {} alerts; the first {} are read and {} are not (set max_alerts: {} in"
                            + " Alertmanager's webhook_config)",
                    group(hook),
                    hook.alerts().size() + hook.refused().size() + hook.notRead(),
                    PayloadLimits.MAX_ALERTS,
                    hook.notRead(),
                    PayloadLimits.MAX_ALERTS);
        }
        if (!hook.cut().isEmpty()) {
            LOG.info(
                    "webhook for group {}: cut to their bounds ({} characters for an annotation, {} for a"
                            + " generator URL or the group key): {}",
                    group(hook),
                    PayloadLimits.MAX_ANNOTATION_VALUE,
                    PayloadLimits.MAX_URL,
                    SafeText.of(String.join(", ", hook.cut())));
        }
        if (!hook.refused().isEmpty()) {
            metrics.refusedAlerts(hook.refused().size());
            refusals.refusedAlerts(
                    "POST /alerts",
                    hook.refused().size(),
                    hook.refused().size() + batch.size(),
                    hook.refused().get(0).error(),
                    ctx.ip());
        }
        List<String> ids = new ArrayList<>(batch.size());
        for (AlertSignal signal : batch) {
            ids.add(signal.id());
            metrics.signal(signal);
            LOG.info(
                    "alert {} {} {} recorded for {}{}",
                    signal.id(),
                    signal.alert().status(),
                    SafeText.of(signal.alert().name()),
                    signal.key(),
                    suffix(signal));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accepted", ids.size());
        body.put("ids", ids);
        if (!hook.refused().isEmpty()) {
            body.put("refused", hook.refused());
        }
        if (hook.notRead() > 0) {
            body.put("notRead", hook.notRead());
        }
        if (!hook.cut().isEmpty()) {
            body.put("cut", hook.cut());
        }
        ctx.status(200).json(body);
    }

    /** {@code POST /v1/triggers}: one trigger; 202 with its id and whether its namespace may be scaled. */
    void triggers(Context ctx) {
        PayloadParser.Trigger trigger = parse(ctx, "POST /v1/triggers", triggersAuth, parser::trigger);
        AlertSignal signal = signals.trigger(trigger.callerId(), trigger.target(), trigger.details(), clock.instant());
        publish(List.of(signal));
        metrics.signal(signal);
        LOG.info(
                "trigger {} {} from {} recorded for {}{}",
                signal.id(),
                signal.trigger().action(),
                SafeText.of(signal.trigger().source()),
                signal.key(),
                suffix(signal));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", signal.id());
        body.put("target", signal.key());
        body.put("allowed", signal.allowed());
        if (!signal.allowed()) {
            body.put("notAllowedReason", signal.notAllowedReason());
        }
        ctx.status(202).json(body);
    }

    private interface Parse<T> {
        T apply(byte[] body);
    }

    /** Checks and parses a request; a refusal (4xx) is logged, since the sender may not retry it. */
    private <T> T parse(Context ctx, String endpoint, Authenticator auth, Parse<T> parse) {
        try {
            auth.check(ctx.header("Authorization"));
            RequestBodies.requireJson(ctx.header("Content-Type"), ctx.header("Content-Encoding"));
            byte[] body = bodies.read(ctx.req());
            try {
                return parse.apply(body);
            } catch (BadRequestException e) {
                throw new HttpProblem(400, e.getMessage(), e.field(), Map.of());
            }
        } catch (HttpProblem problem) {
            refusals.refused(endpoint, problem, ctx.ip());
            throw problem;
        }
    }

    private void publish(List<AlertSignal> batch) {
        long start = System.nanoTime();
        try {
            publisher.publish(batch, publishTimeout);
            metrics.publishTimer().record(Duration.ofNanos(System.nanoTime() - start));
        } catch (PublishException e) {
            LOG.warn(
                    "{} signal(s) not acknowledged by Kafka, answering 503 ({}); first id {}",
                    batch.size(),
                    e.getMessage(),
                    batch.get(0).id());
            throw new HttpProblem(
                    503,
                    "Kafka did not acknowledge the records; retry later",
                    null,
                    Map.of("Retry-After", RETRY_AFTER_SECONDS));
        }
    }

    /** The webhook's group, for a log line (escaped: the sender chose it). */
    private static String group(PayloadParser.Webhook hook) {
        return SafeText.of(hook.groupKey() == null ? "(no groupKey)" : hook.groupKey());
    }

    /** The reasons quote label values, so they are sanitised like every other attacker-supplied text. */
    private static String suffix(AlertSignal signal) {
        if (signal.target() == null) {
            return " (unmapped: " + SafeText.of(signal.unmappedReason()) + ")";
        }
        return signal.allowed() ? "" : " (not allowed: " + SafeText.of(signal.notAllowedReason()) + ")";
    }
}
