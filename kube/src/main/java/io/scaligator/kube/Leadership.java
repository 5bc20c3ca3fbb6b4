package io.scaligator.kube;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.scaligator.common.config.LeaseSettings;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a coordination.k8s.io Lease with fabric8's LeaderElector, for a service that runs one active
 * instance among several (the actuator applies commands, the poller observes). {@link #leading()} turns false the
 * moment leadership is lost (renewal failed past the renew deadline, or another holder seen); the instance then
 * stands again with a fresh elector. As the renew deadline is shorter than the lease duration, a leader that cannot
 * renew stops leading before another instance may take the Lease. Closing releases the Lease so a standby takes over
 * at once. RBAC: get, create, patch on leases in the lease namespace (fabric8 8 renews with a JSON merge patch, no
 * PUT).
 *
 * <p>The release is our own: fabric8 8.0.0's releaseOnCancel writes the holder as null in a JSON merge patch,
 * which leaves the holder unchanged, so a fabric8 standby would still wait out the whole lease duration.
 */
public final class Leadership implements AutoCloseable {

    /** Told when this instance starts and stops leading; must not block (called on the elector's thread). */
    public interface Listener {
        void startedLeading();

        void stoppedLeading();
    }

    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

    private final KubernetesClient client;
    private final LeaseSettings settings;
    private final Listener listener;
    private final ExecutorService executor;
    private final AtomicBoolean leading = new AtomicBoolean();
    private volatile boolean closed;
    private volatile CompletableFuture<?> election;

    /** An election on the Lease {@code settings} names; nothing happens before {@link #stand()}. */
    public Leadership(KubernetesClient client, LeaseSettings settings, Listener listener) {
        this.client = client;
        this.settings = settings;
        this.listener = listener;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "lease-" + settings.name() + "-" + settings.identity());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Whether this instance holds the Lease right now. */
    public boolean leading() {
        return leading.get();
    }

    /** Starts campaigning for the Lease (again, after leadership ended); no-op once closed. */
    public synchronized void stand() {
        if (closed) {
            return;
        }
        LeaderElectionConfig config = new LeaderElectionConfigBuilder()
                .withName(settings.name())
                .withLock(new LeaseLock(settings.namespace(), settings.name(), settings.identity()))
                .withLeaseDuration(settings.duration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                .withReleaseOnCancel(false)
                .withLeaderCallbacks(new LeaderCallbacks(
                        this::started,
                        this::stopped,
                        leader -> LOG.info(
                                "lease {}/{}: leader is now {}", settings.namespace(), settings.name(), leader)))
                .build();
        CompletableFuture<?> future = new LeaderElector(client, config, executor::execute).start();
        election = future;
        future.whenComplete((ignored, error) -> {
            stopped();
            if (error != null && !future.isCancelled()) {
                LOG.warn(
                        "lease {}/{}: election ended with {}", settings.namespace(), settings.name(), error.toString());
            }
            if (!closed) {
                LOG.info(
                        "lease {}/{}: standing for leadership again as {}",
                        settings.namespace(),
                        settings.name(),
                        settings.identity());
                stand();
            }
        });
        LOG.info(
                "lease {}/{}: standing for leadership as {} (lease {}, renew deadline {}, retry {})",
                settings.namespace(),
                settings.name(),
                settings.identity(),
                settings.duration(),
                settings.renewDeadline(),
                settings.retryPeriod());
    }

    private void started() {
        if (leading.compareAndSet(false, true)) {
            LOG.info("lease {}/{}: {} started leading", settings.namespace(), settings.name(), settings.identity());
            listener.startedLeading();
        }
    }

    private void stopped() {
        if (leading.compareAndSet(true, false)) {
            LOG.warn("lease {}/{}: {} stopped leading", settings.namespace(), settings.name(), settings.identity());
            listener.stoppedLeading();
        }
    }

    /** Stops campaigning and releases the Lease if held. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        CompletableFuture<?> current = election;
        if (current != null) {
            current.cancel(true);
            release();
        }
        executor.shutdownNow();
    }

    /** Clears the holder if it is still this instance, conditional on the Lease's resourceVersion. */
    private void release() {
        try {
            Lease lease = client.leases()
                    .inNamespace(settings.namespace())
                    .withName(settings.name())
                    .get();
            if (lease == null
                    || lease.getSpec() == null
                    || !settings.identity().equals(lease.getSpec().getHolderIdentity())) {
                return;
            }
            String patch = "{\"metadata\":{\"resourceVersion\":\""
                    + lease.getMetadata().getResourceVersion() + "\"},\"spec\":{\"holderIdentity\":null}}";
            client.leases()
                    .inNamespace(settings.namespace())
                    .withName(settings.name())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            LOG.info("lease {}/{}: released by {}", settings.namespace(), settings.name(), settings.identity());
        } catch (KubernetesClientException e) {
            LOG.warn(
                    "lease {}/{}: could not release ({}); it expires after {}",
                    settings.namespace(),
                    settings.name(),
                    e.getMessage(),
                    settings.duration());
        }
    }
}
