package io.scaligator.actuator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.common.target.TargetRef;
import org.junit.jupiter.api.Test;

/** When the cache may serve a workload's reads, given the actuator's own writes and conflicts. */
class OwnWritesTest {

    private static final TargetRef WEB = TargetRef.deployment("apps", "web");
    private static final TargetRef API = TargetRef.deployment("apps", "api");

    private final OwnWrites writes = new OwnWrites();

    @Test
    void aWorkloadNeverWrittenIsServedByTheCache() {
        assertThat(writes.cacheServes(WEB, "7")).isTrue();
    }

    @Test
    void afterOurPatchTheApiIsReadUntilTheCacheTakesInThePatchedVersion() {
        writes.wrote(WEB, "8", "7");

        assertThat(writes.cacheServes(WEB, "7")).isFalse();
        assertThat(writes.cacheServes(API, "3")).isTrue();
        writes.cacheTookIn(WEB, "8");
        writes.cacheTookIn(WEB, "9"); // e.g. the controller's status update right after our patch
        assertThat(writes.cacheServes(WEB, "9")).isTrue();
    }

    @Test
    void aReadThatFindsThePatchedVersionInTheCacheServesIt() {
        writes.wrote(WEB, "8", "7");

        assertThat(writes.cacheServes(WEB, "8")).isTrue();
        assertThat(writes.cacheServes(WEB, "9"))
                .as("caught up once: later versions are served")
                .isTrue();
    }

    @Test
    void aPatchWhoseVersionTheCacheAlreadyHoldsLeavesTheCacheServing() {
        writes.wrote(WEB, "8", "8"); // the watch event overtook the patch response

        assertThat(writes.cacheServes(WEB, "8")).isTrue();
    }

    @Test
    void anOlderVersionTakenInDoesNotEndTheWait() {
        writes.wrote(WEB, "8", "6");
        writes.cacheTookIn(WEB, "7");

        assertThat(writes.cacheServes(WEB, "7")).isFalse();
    }

    @Test
    void afterAConflictTheApiIsReadUntilTheCacheShowsWhatTheApiShows() {
        writes.conflicted(WEB);

        assertThat(writes.cacheServes(WEB, "7")).isFalse();
        writes.readFromApi(WEB, "9", "7");
        assertThat(writes.cacheServes(WEB, "7")).isFalse();
        writes.readFromApi(WEB, "9", "9");
        assertThat(writes.cacheServes(WEB, "9")).isTrue();
    }

    @Test
    void someoneElsesWriteAfterOursIsServedOnceTheApiConfirmsTheCache() {
        writes.wrote(WEB, "8", "7");

        assertThat(writes.cacheServes(WEB, "10"))
                .as("10 could be older or newer than 8: opaque")
                .isFalse();
        writes.readFromApi(WEB, "10", "10");
        assertThat(writes.cacheServes(WEB, "10")).isTrue();
    }

    @Test
    void aReadWithoutACachedCopyChangesNothing() {
        writes.wrote(WEB, "8", "7");
        writes.readFromApi(WEB, "8", null);

        assertThat(writes.cacheServes(WEB, "7")).isFalse();
    }
}
