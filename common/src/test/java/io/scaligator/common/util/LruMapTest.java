package io.scaligator.common.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LruMapTest {

    @Test
    void beyondItsCapacityItForgetsTheLeastRecentlyUsedEntry() {
        LruMap<String, Integer> map = new LruMap<>(2);
        map.put("web", 1);
        map.put("api", 2);
        map.get("web");

        map.put("db", 3);

        assertThat(map).containsOnlyKeys("web", "db");
    }

    @Test
    void refusesACapacityBelowOne() {
        assertThatThrownBy(() -> new LruMap<String, Integer>(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity must be >= 1");
    }
}
