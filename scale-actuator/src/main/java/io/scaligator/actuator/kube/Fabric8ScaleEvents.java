package io.scaligator.actuator.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.scaligator.common.target.TargetRef;
import io.scaligator.common.util.LruMap;
import io.scaligator.common.util.SafeText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * core/v1 Events (what the HPA controller writes and {@code kubectl describe} shows) on the workload. Like
 * client-go's event recorder, repeats of a reason on a workload within {@link #SERIES_WINDOW} update one Event
 * (count, lastTimestamp, latest message: "x7 over 3m") instead of adding an object each time; a workload deleted
 * and created again under its name starts a new series, since kubectl describe lists the Events of its uid. RBAC:
 * create and patch on events. A failure is logged, never thrown: the scale itself has happened.
 */
public final class Fabric8ScaleEvents implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(Fabric8ScaleEvents.class);
    static final String COMPONENT = "scaligator-actuator";
    /** How long an Event keeps counting repeats (client-go aggregates within 10 minutes too). */
    static final Duration SERIES_WINDOW = Duration.ofMinutes(10);
    /** Series remembered; the oldest is forgotten first (its next repeat starts a new Event). */
    private static final int SERIES_REMEMBERED = 10_000;

    private record Key(TargetRef target, ScaleEvents.Reason reason) {}

    /** The Event counting a series, on the workload with this uid (a workload created again gets a new Event). */
    private record Series(String name, String uid, int count, Instant last) {}

    /** Characters of an Event's message; events.k8s.io caps a note at 1 KB. */
    static final int EVENT_MESSAGE_MAX = 900;

    private final KubernetesClient client;
    private final Clock clock;
    private final String host;
    private final Map<Key, Series> series = new LruMap<>(SERIES_REMEMBERED);

    public Fabric8ScaleEvents(KubernetesClient client, Clock clock, String host) {
        this.client = client;
        this.clock = clock;
        this.host = host;
    }

    @Override
    public synchronized void write(
            TargetRef target, String uid, ScaleEvents.Reason reason, String rawMessage, int occurrences) {
        // Command reasons quote alert and trigger text: escaped and capped like every log line (kubectl shows it).
        String message = SafeText.of(rawMessage, EVENT_MESSAGE_MAX);
        Key key = new Key(target, reason);
        Instant now = clock.instant();
        Series last = series.get(key);
        try {
            // kubectl describe shows the Events whose involvedObject has the workload's uid: a workload deleted and
            // created again under its name must not have its Events counted on the one of the workload before.
            if (last != null
                    && Objects.equals(last.uid(), uid)
                    && !now.isAfter(last.last().plus(SERIES_WINDOW))
                    && repeated(target, last, occurrences, now, message)) {
                series.put(key, new Series(last.name(), uid, last.count() + occurrences, now));
                return;
            }
            String name = target.name() + "."
                    + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            client.v1()
                    .events()
                    .inNamespace(target.namespace())
                    .resource(event(target, uid, reason, message, name, occurrences, now))
                    .create();
            series.put(key, new Series(name, uid, occurrences, now));
        } catch (KubernetesClientException e) {
            LOG.warn("{}: cannot record event {} ({}): {}", target, reason, message, e.getMessage());
        }
    }

    /** Bumps the series' Event; false if it is gone (expired or deleted), so a new one must be created. */
    private boolean repeated(TargetRef target, Series last, int occurrences, Instant now, String message) {
        Map<String, Object> patch =
                Map.of("count", last.count() + occurrences, "lastTimestamp", now.toString(), "message", message);
        try {
            // Addressed through a stub, so fabric8 sends the patch alone instead of GETting the Event first.
            client.v1()
                    .events()
                    .inNamespace(target.namespace())
                    .resource(new EventBuilder()
                            .withNewMetadata()
                            .withNamespace(target.namespace())
                            .withName(last.name())
                            .endMetadata()
                            .build())
                    .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            client.getKubernetesSerialization().asJson(patch));
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private Event event(
            TargetRef target,
            String uid,
            ScaleEvents.Reason reason,
            String message,
            String name,
            int count,
            Instant now) {
        return new EventBuilder()
                .withNewMetadata()
                .withNamespace(target.namespace())
                .withName(name)
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(target.kind().apiVersion())
                .withKind(target.kind().name())
                .withNamespace(target.namespace())
                .withName(target.name())
                .withUid(uid)
                .endInvolvedObject()
                .withReason(reason.name())
                .withMessage(message)
                .withType(reason.type())
                .withFirstTimestamp(now.toString())
                .withLastTimestamp(now.toString())
                .withCount(count)
                .withNewSource()
                .withComponent(COMPONENT)
                .withHost(host)
                .endSource()
                .withReportingComponent(COMPONENT)
                .withReportingInstance(host)
                .build();
    }
}
