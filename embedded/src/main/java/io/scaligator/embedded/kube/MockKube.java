package io.scaligator.embedded.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.scaligator.embedded.Loopback;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fabric8 mock Kubernetes API server in CRUD mode on 127.0.0.1, with a client and {@link KubeFixtures} for it.
 *
 * <p>Like a real API server it stores what is created, assigns uids and resourceVersions and answers 409 to a
 * stale resourceVersion; unlike one it runs no controllers (no status, no pods, no garbage collection) and answers
 * 415 to strategic-merge patches (use JSON merge patch).
 *
 * <p>The /scale subresource (fabric8 8.0.0, shown by {@code MockKubeIT}) is served as if it were the workload
 * itself: GET answers the whole Deployment/StatefulSet, which reads fine as a Scale ({@code spec.replicas},
 * {@code metadata.resourceVersion}, {@code status.replicas}; no {@code status.selector}); {@code .scale(n)} and a
 * JSON merge patch {@code {"metadata":{"resourceVersion":RV},"spec":{"replicas":N}}} on /scale set the replicas and
 * give 409 on a stale resourceVersion (merge patch answers 202, not 200); but a PUT of a freshly built
 * {@code autoscaling/v1 Scale} replaces the whole workload with it, so scale by merge patch or {@code .scale(n)}.
 */
public final class MockKube implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MockKube.class);
    // Held strongly: java.util.logging forgets the level of a logger that is garbage collected.
    private static final java.util.logging.Logger REQUEST_LOG =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    /** fabric8's informer class whose watch timeout {@link #keepInformerWatchesOpen()} raises. */
    private static final String REFLECTOR = "io.fabric8.kubernetes.client.informers.impl.cache.Reflector";

    private static final long INFORMER_WATCH_SECONDS = TimeUnit.DAYS.toSeconds(1);

    static {
        // The mock server logs every request at INFO through java.util.logging.
        REQUEST_LOG.setLevel(Level.WARNING);
        keepInformerWatchesOpen();
    }

    /**
     * A fabric8 informer closes its watch and opens a new one every 5-10 minutes, as it should with a real API
     * server. The mock server (8.0.0) cannot take that under load: {@code WatchEventsListener.onClosed} waits, on
     * the connection's event loop, for the watch's pending sends, and each send waits up to 30 s for a write that
     * only that event loop can do. Every request on that loop then stalls for 30-60 s (seen in the pipeline
     * benchmark: Lease renewals timed out, the actuator stepped down). So informers created in a JVM that runs the
     * mock keep their watch for a day: their minimum timeout is a static field read when an informer is built (no
     * API sets it). Informers talking to a real API server are never in such a JVM.
     */
    private static void keepInformerWatchesOpen() {
        try {
            Field minTimeout = Class.forName(REFLECTOR).getDeclaredField("MIN_TIMEOUT");
            minTimeout.setAccessible(true);
            minTimeout.setLong(null, INFORMER_WATCH_SECONDS);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn(
                    "cannot keep informer watches open ({}): an informer that renews its watch under load may stall "
                            + "the mock API server for up to a minute",
                    e.toString());
        }
    }

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final ScheduledExecutorService forgetter;

    private MockKube(KubernetesMockServer server, ScheduledExecutorService forgetter) {
        this.server = server;
        this.client = server.createClient();
        this.forgetter = forgetter;
    }

    /**
     * Starts an empty CRUD-mode server on a free loopback port. It keeps every request it serves, for a test to
     * inspect with {@code server().takeRequest(..)}.
     */
    public static MockKube start() {
        return new MockKube(startServer(new MockWebServer()), null);
    }

    /**
     * Starts an empty CRUD-mode server that keeps no record of the requests it served, for a simulation that runs
     * for long: the mock records every request with its body for {@code takeRequest}, so a server under steady
     * load would grow without bound. The record is cleared every second.
     */
    public static MockKube startUnrecorded() {
        MockWebServer web = new MockWebServer();
        KubernetesMockServer server = startServer(web);
        ScheduledExecutorService forgetter = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "mock-kube-forget-requests");
            thread.setDaemon(true);
            return thread;
        });
        forgetter.scheduleWithFixedDelay(web::reset, 1, 1, TimeUnit.SECONDS);
        return new MockKube(server, forgetter);
    }

    private static KubernetesMockServer startServer(MockWebServer web) {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(), web, responses, new KubernetesMixedDispatcher(responses), false);
        server.init(Loopback.address(), 0);
        LOG.info("Mock Kubernetes API (CRUD) listening on {}", server.url("/"));
        return server;
    }

    /** A client for this server, closed with it. */
    public KubernetesClient client() {
        return client;
    }

    /** The underlying server, for expectations on paths CRUD mode does not cover. */
    public KubernetesMockServer server() {
        return server;
    }

    /**
     * The requests served since the last call (or the start), without the informers' watch requests: an informer
     * opens its watch after its list, so one may arrive after its cache reports synced. What a client under test
     * sent, for a test to check (a server started unrecorded keeps at most the last second).
     */
    public List<RecordedRequest> requestsSinceLastCall() throws InterruptedException {
        List<RecordedRequest> requests = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            if (!request.getPath().contains("watch=true")) {
                requests.add(request);
            }
        }
        return requests;
    }

    /** The server's base URL, for code that builds its own client from a master URL. */
    public String masterUrl() {
        return server.url("/");
    }

    /** Fixtures that create valid workloads, pods and HPAs through {@link #client()}. */
    public KubeFixtures fixtures() {
        return new KubeFixtures(client);
    }

    @Override
    public void close() {
        if (forgetter != null) {
            forgetter.shutdownNow();
        }
        client.close();
        server.destroy();
    }
}
