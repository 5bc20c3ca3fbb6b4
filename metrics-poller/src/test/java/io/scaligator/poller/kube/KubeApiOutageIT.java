package io.scaligator.poller.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.scaligator.common.target.NamespaceScope;
import io.scaligator.common.target.TargetRef;
import io.scaligator.embedded.kube.KubeFixtures;
import io.scaligator.embedded.kube.MockKube;
import io.scaligator.embedded.kube.Workload;
import io.scaligator.poller.core.TargetState;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/** Kubernetes API faults: the cache keeps serving, nothing throws, readiness says what is going on. */
class KubeApiOutageIT {

    @Test
    void whenTheApiServerGoesAwayTheCacheKeepsServingTheLastKnownTargets() {
        MockKube kube = MockKube.start();
        kube.fixtures().deployment(Workload.of("shop", "web", 2));
        // A client of its own, so that stopping the server does not also close the client the informers use.
        try (KubernetesClient client = clientFor(kube.masterUrl());
                KubeCluster cluster = KubeCluster.start(
                        client, new NamespaceScope(List.of("shop"), "scaligator", List.of()), List.of())) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> cluster.syncStatus().ready());

            kube.close();

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> cluster.syncStatus().detail().contains("watch lost, retrying"));
            assertThat(cluster.syncStatus().ready()).isTrue();
            assertThat(cluster.snapshot().targets())
                    .extracting(TargetState::ref)
                    .containsExactly(TargetRef.deployment("shop", "web"));
        }
    }

    @Test
    void anApiServerThatIsDownAtStartIsRetriedUntilItAnswers() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (KubernetesClient client = clientFor("http://127.0.0.1:" + port + "/");
                KubeCluster cluster = KubeCluster.start(
                        client, new NamespaceScope(List.of("shop"), "scaligator", List.of()), List.of())) {
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> !cluster.syncStatus()
                    .ready());
            assertThat(cluster.syncStatus().detail()).startsWith("not synced yet: shop/deployments");

            // The API server comes up later on the same port: fabric8's backoff retries find it.
            Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
            KubernetesMockServer server = new KubernetesMockServer(
                    new Context(Serialization.jsonMapper()),
                    new MockWebServer(),
                    responses,
                    new KubernetesMixedDispatcher(responses),
                    false);
            server.init(InetAddress.getLoopbackAddress(), port);
            try (KubernetesClient writer = server.createClient()) {
                new KubeFixtures(writer).deployment(Workload.of("shop", "web", 1));
                await().atMost(Duration.ofSeconds(40))
                        .until(() -> cluster.syncStatus().ready());
                assertThat(cluster.snapshot().targets())
                        .extracting(TargetState::ref)
                        .containsExactly(TargetRef.deployment("shop", "web"));
            } finally {
                server.destroy();
            }
        }
    }

    private static KubernetesClient clientFor(String masterUrl) {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(masterUrl)
                .withNamespace("default")
                .withRequestRetryBackoffLimit(0)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
