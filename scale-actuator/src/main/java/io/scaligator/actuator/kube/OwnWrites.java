package io.scaligator.actuator.kube;

import io.scaligator.common.target.TargetRef;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which workloads the cache may show older than this actuator's own last write to them. After a patch the watch
 * event that brings the new version to the cache comes a little later; until the cache has taken in the
 * resourceVersion the patch returned, reads of that workload go to the API server, so a command right behind
 * another on the same workload is decided on what the first one wrote instead of failing its conditional patch.
 * Later versions (the controller's status update) are then served from the cache as usual. A 409 marks the cache
 * as behind too, until a read shows the cache and the API server agree.
 *
 * <p>Versions are only compared for equality: Kubernetes resourceVersions are opaque.
 */
final class OwnWrites {

    /** Stands for "a newer version than the cache's exists", after a 409. */
    private static final String UNKNOWN_VERSION = "";

    private final Map<TargetRef, String> unseen = new ConcurrentHashMap<>();

    /** Whether a read may be served by the cache, whose copy of the workload has {@code cachedVersion}. */
    boolean cacheServes(TargetRef target, String cachedVersion) {
        String written = unseen.get(target);
        if (written == null) {
            return true;
        }
        if (written.equals(cachedVersion)) {
            unseen.remove(target, written);
            return true;
        }
        return false;
    }

    /**
     * Our patch of the workload succeeded and the API server answered with this version, which the cache, whose
     * copy has {@code cachedVersion} now, may not have taken in yet.
     */
    void wrote(TargetRef target, String version, String cachedVersion) {
        if (Objects.requireNonNull(version, "version").equals(cachedVersion)) {
            unseen.remove(target);
        } else {
            unseen.put(target, version);
        }
    }

    /** The cache took in this version of the workload. */
    void cacheTookIn(TargetRef target, String version) {
        unseen.remove(target, version);
    }

    /** Our conditional patch failed with 409: the workload has a version the cache may not have yet. */
    void conflicted(TargetRef target) {
        unseen.put(target, UNKNOWN_VERSION);
    }

    /** A read from the API server saw {@code apiVersion}; if the cache shows the same, it has caught up. */
    void readFromApi(TargetRef target, String apiVersion, String cachedVersion) {
        if (apiVersion != null && apiVersion.equals(cachedVersion)) {
            unseen.remove(target);
        }
    }
}
