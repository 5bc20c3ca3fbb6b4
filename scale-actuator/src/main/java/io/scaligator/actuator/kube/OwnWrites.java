package io.scaligator.actuator.kube;

import io.scaligator.common.target.TargetRef;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which cached copies of a workload are at least as new as this actuator's own last write to it. After a patch the
 * watch event that brings the new version to the cache comes a little later; a cached copy from before the patch
 * must not be served, or a command right behind another on the same workload would be decided on what was there
 * before the first one (and skipped as stale, or fail its conditional patch).
 *
 * <p>A copy is known to be no older than our write when it has the version the patch returned, or when it carries
 * the patch's command id in {@code scaligator.io/last-command-id}: the patch wrote replicas and that annotation in
 * one update, and no earlier version of the workload can carry an id that was new then. So a later write by someone
 * else that leaves our annotations alone (the controller's status update, {@code kubectl scale}) is served from the
 * cache at once, and a cache that falls back to an older copy (an informer's relist racing a watch event) is
 * noticed and not served. Any other copy is read from the API server instead; once the API server and the cache
 * show the same version, the cache has caught up and is trusted again. A 409 marks the cache as behind in the same
 * way, until the two agree.
 *
 * <p>Versions are only compared for equality: Kubernetes resourceVersions are opaque.
 */
final class OwnWrites {

    /** Our last write to a workload: the version the API server answered and the command it recorded. */
    private record Write(String version, String commandId) {}

    /** Stands for "a newer version than the cache's exists, written by someone else", after a 409. */
    private static final Write CONFLICT = new Write("", "");

    private final Map<TargetRef, Write> writes = new ConcurrentHashMap<>();

    /**
     * Whether a read may be served by the cache, whose copy of the workload has {@code cachedVersion} and the
     * last-command-id annotation {@code cachedCommandId} (null when it has none).
     */
    boolean cacheServes(TargetRef target, String cachedVersion, String cachedCommandId) {
        Write last = writes.get(target);
        return last == null
                || (last != CONFLICT
                        && (last.version().equals(cachedVersion)
                                || last.commandId().equals(cachedCommandId)));
    }

    /** Our patch recording {@code commandId} on the workload succeeded; the API server answered with this version. */
    void wrote(TargetRef target, String version, String commandId) {
        writes.put(
                target,
                new Write(Objects.requireNonNull(version, "version"), Objects.requireNonNull(commandId, "commandId")));
    }

    /** Our conditional patch failed with 409: the workload has a version the cache may not have yet. */
    void conflicted(TargetRef target) {
        writes.put(target, CONFLICT);
    }

    /** A read from the API server saw {@code apiVersion}; if the cache shows the same, it has caught up. */
    void readFromApi(TargetRef target, String apiVersion, String cachedVersion) {
        if (apiVersion != null && apiVersion.equals(cachedVersion)) {
            writes.remove(target);
        }
    }
}
