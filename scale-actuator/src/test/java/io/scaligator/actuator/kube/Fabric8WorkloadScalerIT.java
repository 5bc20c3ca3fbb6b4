package io.scaligator.actuator.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.mockwebserver.http.RecordedRequest;
import io.scaligator.actuator.policy.WorkloadState;
import io.scaligator.common.target.TargetRef;
import io.scaligator.embedded.kube.MockKube;
import io.scaligator.embedded.kube.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scaler's reads from its informer cache against the CRUD mock API: what costs a request, what is fresh. */
class Fabric8WorkloadScalerIT {

    private static final String NS = "apps";
    private static final TargetRef WEB = TargetRef.deployment(NS, "web");

    private MockKube kube;
    private Fabric8WorkloadScaler scaler;

    @BeforeEach
    void start() {
        kube = MockKube.start();
        kube.fixtures().deployment(Workload.of(NS, "web", 2));
        scaler = Fabric8WorkloadScaler.start(kube.client(), List.of(NS));
        await().atMost(Duration.ofSeconds(20)).until(scaler::cacheSynced);
    }

    @AfterEach
    void stop() {
        scaler.close();
        kube.close();
    }

    @Test
    void readsOfACachedWorkloadSendNoRequestToTheApiServer() throws Exception {
        kube.requestsSinceLastCall();

        for (int i = 0; i < 20; i++) {
            assertThat(scaler.read(WEB).replicas()).isEqualTo(2);
        }

        assertThat(kube.requestsSinceLastCall()).isEmpty();
    }

    @Test
    void aScaleOfACachedWorkloadIsOnePatchRequestAndNothingElse() throws Exception {
        WorkloadState before = scaler.read(WEB);
        kube.requestsSinceLastCall();

        scaler.apply(WEB, ScalePatch.of(before.resourceVersion(), 3, "c-one", Instant.now(), List.of()));

        assertThat(kube.requestsSinceLastCall())
                .extracting(r -> r.getMethod() + " " + r.getPath())
                .containsExactly("PATCH /apis/apps/v1/namespaces/apps/deployments/web");
    }

    @Test
    void aReadRightAfterOurPatchShowsThePatchWhetherOrNotTheCacheHasItYet() {
        for (int i = 0; i < 20; i++) {
            WorkloadState before = scaler.read(WEB);
            String id = "c" + i;

            scaler.apply(
                    WEB, ScalePatch.of(before.resourceVersion(), 3 + i, id, Instant.now(), before.recentCommandIds()));

            WorkloadState after = scaler.read(WEB);
            assertThat(after.replicas()).isEqualTo(3 + i);
            assertThat(after.lastCommandId()).isEqualTo(id);
            assertThat(after.remembers(id)).isTrue();
        }
    }

    @Test
    void onceTheCacheHasOurPatchAndTheStatusUpdateAfterItReadsNeedNoRequest() throws Exception {
        WorkloadState before = scaler.read(WEB);
        scaler.apply(WEB, ScalePatch.of(before.resourceVersion(), 6, "c-then-status", Instant.now(), List.of()));
        kube.fixtures().deploymentStatus(NS, "web", 6, 6); // what the deployment controller does next
        String statusVersion = kube.client()
                .apps()
                .deployments()
                .inNamespace(NS)
                .withName("web")
                .get()
                .getMetadata()
                .getResourceVersion();
        kube.requestsSinceLastCall();

        // once the watch has brought the status update, a read shows it and sends nothing to the API server
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            WorkloadState read = scaler.read(WEB);
            boolean sentNothing = kube.requestsSinceLastCall().isEmpty();
            return read.resourceVersion().equals(statusVersion) && sentNothing;
        });
        assertThat(scaler.read(WEB).replicas()).isEqualTo(6);
        assertThat(kube.requestsSinceLastCall()).isEmpty();
    }

    @Test
    void aPatchOnAStaleCachedCopyIsRefusedWithAConflictAndTheNextReadIsFresh() {
        WorkloadState cached = scaler.read(WEB);
        kube.client().apps().deployments().inNamespace(NS).withName("web").edit(d -> {
            d.getSpec().setReplicas(5);
            return d;
        });
        ScalePatch onStaleCopy = ScalePatch.of(cached.resourceVersion(), 4, "c-stale", Instant.now(), List.of());

        assertThatThrownBy(() -> scaler.apply(WEB, onStaleCopy)).isInstanceOf(ConflictException.class);

        assertThat(scaler.read(WEB).replicas()).isEqualTo(5);
    }

    @Test
    void anHpaTargetingTheWorkloadIsSeenWithoutListingHpas() throws Exception {
        kube.fixtures().hpa(NS, "web-hpa", "Deployment", "web", 2, 8);

        await().atMost(Duration.ofSeconds(10)).until(() -> scaler.read(WEB).otherAutoscaler() != null);
        kube.requestsSinceLastCall();
        assertThat(scaler.read(WEB).otherAutoscaler()).isEqualTo("HorizontalPodAutoscaler apps/web-hpa");
        assertThat(scaler.read(TargetRef.deployment(NS, "web-2"))).isNull();

        assertThat(kube.requestsSinceLastCall())
                .extracting(RecordedRequest::getPath)
                .containsExactly("/apis/apps/v1/namespaces/apps/deployments/web-2");
    }

    @Test
    void aWorkloadOutsideTheCachedNamespacesIsReadFromTheApiServer() {
        kube.fixtures().deployment(Workload.of("elsewhere", "batch", 4));

        WorkloadState state = scaler.read(TargetRef.deployment("elsewhere", "batch"));

        assertThat(state.replicas()).isEqualTo(4);
        assertThat(state.otherAutoscaler()).isNull();
    }

    /** Drains the requests the mock server recorded since the last call; informers' watches stay open. */
}
