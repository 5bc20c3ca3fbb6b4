package io.scaligator.actuator.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.scaligator.common.target.TargetRef;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * core/v1 Events (what the HPA controller writes and {@code kubectl describe} shows) on the workload.
 * RBAC: create on events. A failure is logged, never thrown: the scale itself has happened.
 */
public final class Fabric8ScaleEvents implements ScaleEvents {

    private static final Logger LOG = LoggerFactory.getLogger(Fabric8ScaleEvents.class);
    static final String COMPONENT = "scaligator-actuator";

    private final KubernetesClient client;
    private final Clock clock;
    private final String host;

    public Fabric8ScaleEvents(KubernetesClient client, Clock clock, String host) {
        this.client = client;
        this.clock = clock;
        this.host = host;
    }

    @Override
    public void record(TargetRef target, String uid, Reason reason, String message) {
        String now = clock.instant().toString();
        Event event = new EventBuilder()
                .withNewMetadata()
                .withNamespace(target.namespace())
                .withName(target.name() + "." + UUID.randomUUID().toString().replace("-", "").substring(0, 16))
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion("apps/v1").withKind(target.kind().name()).withNamespace(target.namespace())
                .withName(target.name()).withUid(uid)
                .endInvolvedObject()
                .withReason(reason.name())
                .withMessage(message)
                .withType(reason.type())
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .withNewSource().withComponent(COMPONENT).withHost(host).endSource()
                .withReportingComponent(COMPONENT).withReportingInstance(host)
                .build();
        try {
            client.v1().events().inNamespace(target.namespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.warn("{}: cannot record event {} ({}): {}", target, reason, message, e.getMessage());
        }
    }
}
