package io.scaligator.actuator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.common.target.TargetRef;
import org.junit.jupiter.api.Test;

/**
 * When the cache may serve a workload's reads, given the actuator's own writes and conflicts. A cached copy is given
 * by its resourceVersion and its last-command-id annotation.
 */
class OwnWritesTest {

    private static final TargetRef WEB = TargetRef.deployment("apps", "web");
    private static final TargetRef API = TargetRef.deployment("apps", "api");

    private final OwnWrites writes = new OwnWrites();

    @Test
    void aWorkloadNeverWrittenIsServedByTheCache() {
        assertThat(writes.cacheServes(WEB, "7", null)).isTrue();
    }

    @Test
    void afterOurPatchACopyFromBeforeItIsNotServed() {
        writes.wrote(WEB, "8", "c2");

        assertThat(writes.cacheServes(WEB, "7", "c1")).isFalse();
        assertThat(writes.cacheServes(WEB, "7", null)).isFalse();
        assertThat(writes.cacheServes(API, "3", "c1")).as("another workload").isTrue();
    }

    @Test
    void theCopyOurPatchReturnedIsServed() {
        writes.wrote(WEB, "8", "c2");

        assertThat(writes.cacheServes(WEB, "8", "c2")).isTrue();
    }

    @Test
    void aLaterCopyThatKeepsOurCommandIdIsServedAtOnce() {
        writes.wrote(WEB, "8", "c2");

        // the controller's status update, or kubectl scale: a version we never saw, our annotations untouched
        assertThat(writes.cacheServes(WEB, "9", "c2")).isTrue();
    }

    @Test
    void aCacheThatFallsBackToACopyFromBeforeOurPatchIsNotServed() {
        writes.wrote(WEB, "8", "c2");
        assertThat(writes.cacheServes(WEB, "9", "c2")).isTrue();

        // e.g. an informer's relist whose list was taken before our patch, processed after its watch event
        assertThat(writes.cacheServes(WEB, "7", "c1")).isFalse();
    }

    @Test
    void aCopyWithoutOurCommandIdIsServedOnceTheApiShowsTheSameVersion() {
        writes.wrote(WEB, "8", "c2");

        // someone else's write after ours that replaced our annotations: 10 could be older or newer than 8
        assertThat(writes.cacheServes(WEB, "10", null)).isFalse();
        writes.readFromApi(WEB, "10", "7");
        assertThat(writes.cacheServes(WEB, "10", null))
                .as("the API showed 10 while the cache had 7")
                .isFalse();
        writes.readFromApi(WEB, "10", "10");
        assertThat(writes.cacheServes(WEB, "10", null)).isTrue();
    }

    @Test
    void afterAConflictTheApiIsReadUntilTheCacheShowsWhatTheApiShows() {
        writes.wrote(WEB, "8", "c2");
        writes.conflicted(WEB);

        assertThat(writes.cacheServes(WEB, "8", "c2")).isFalse();
        writes.readFromApi(WEB, "9", "8");
        assertThat(writes.cacheServes(WEB, "8", "c2")).isFalse();
        writes.readFromApi(WEB, "9", "9");
        assertThat(writes.cacheServes(WEB, "9", "c2")).isTrue();
    }

    @Test
    void aReadWithoutACachedCopyChangesNothing() {
        writes.wrote(WEB, "8", "c2");
        writes.readFromApi(WEB, "8", null);

        assertThat(writes.cacheServes(WEB, "7", "c1")).isFalse();
    }
}
