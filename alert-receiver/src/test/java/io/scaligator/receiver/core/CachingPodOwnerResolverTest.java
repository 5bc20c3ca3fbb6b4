package io.scaligator.receiver.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.common.target.TargetRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachingPodOwnerResolverTest {

    private final List<String> lookups = new ArrayList<>();
    private Instant now = Instant.parse("2026-11-28T06:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };
    private final PodOwnerResolver api = (ns, pod) -> {
        lookups.add(pod);
        return pod.startsWith("gone")
                ? new PodOwnerResolver.Failed("pod not found")
                : new PodOwnerResolver.Owned(TargetRef.deployment(ns, "web"));
    };

    @Test
    void answersRepeatedLookupsFromTheCacheUntilTheTtlPasses() {
        CachingPodOwnerResolver cache = new CachingPodOwnerResolver(api, 10, Duration.ofMinutes(10), clock);

        cache.resolve("shop", "web-1");
        cache.resolve("shop", "web-1");
        now = now.plus(Duration.ofMinutes(10));
        cache.resolve("shop", "web-1");

        assertThat(lookups).containsExactly("web-1", "web-1");
    }

    @Test
    void neverHoldsMoreThanItsSizeAndEvictsTheLeastRecentlyUsed() {
        CachingPodOwnerResolver cache = new CachingPodOwnerResolver(api, 2, Duration.ofMinutes(10), clock);

        cache.resolve("shop", "a");
        cache.resolve("shop", "b");
        cache.resolve("shop", "a");
        cache.resolve("shop", "c");
        cache.resolve("shop", "a");
        cache.resolve("shop", "b");

        assertThat(cache.size()).isEqualTo(2);
        assertThat(lookups).containsExactly("a", "b", "c", "b");
    }

    @Test
    void cachesFailedLookupsOnlyBriefly() {
        CachingPodOwnerResolver cache = new CachingPodOwnerResolver(api, 10, Duration.ofMinutes(10), clock);

        cache.resolve("shop", "gone-1");
        cache.resolve("shop", "gone-1");
        now = now.plus(CachingPodOwnerResolver.FAILED_TTL);
        cache.resolve("shop", "gone-1");

        assertThat(lookups).containsExactly("gone-1", "gone-1");
    }

    @Test
    void chargesOnlyLookupsThatReachTheApiToTheBudget() {
        CachingPodOwnerResolver cache = new CachingPodOwnerResolver(api, 10, Duration.ofMinutes(10), clock);
        LookupBudget budget = new LookupBudget(1);

        PodOwnerResolver.Resolution first = cache.resolve("shop", "web-1", budget);
        PodOwnerResolver.Resolution again = cache.resolve("shop", "web-1", budget);
        PodOwnerResolver.Resolution other = cache.resolve("shop", "web-2", budget);

        assertThat(first).isEqualTo(again).isInstanceOf(PodOwnerResolver.Owned.class);
        assertThat(other).isEqualTo(new PodOwnerResolver.Failed(budget.spentReason()));
        assertThat(lookups).containsExactly("web-1");
    }
}
