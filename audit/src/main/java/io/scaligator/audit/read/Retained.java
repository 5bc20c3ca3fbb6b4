package io.scaligator.audit.read;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;

/**
 * What the topics read still hold: per partition, its first offset (above 0 once retention or deleteRecords trimmed
 * it) and the time of the first record read from it. A target's records are keyed by target, so each topic holds
 * them in the one partition the producers' default partitioner picks for the key.
 */
public record Retained(Map<String, Partition> byName) {

    /** One partition: where it begins now, and the time of its first record read (null: none). */
    public record Partition(String topic, int partition, long beginning, Long firstTimestamp) {

        /** Whether records were deleted from its start. */
        public boolean trimmed() {
            return beginning > 0;
        }

        public String name() {
            return topic + "-" + partition;
        }
    }

    public Retained {
        byName = Map.copyOf(byName);
    }

    static Retained of(Collection<Partition> partitions) {
        Map<String, Partition> byName = new HashMap<>();
        partitions.forEach(p -> byName.put(p.name(), p));
        return new Retained(byName);
    }

    public Retained and(Retained other) {
        Map<String, Partition> all = new HashMap<>(byName);
        all.putAll(other.byName);
        return new Retained(all);
    }

    /** The partition of {@code topic} that holds the records keyed {@code key}. */
    public Partition holding(String topic, String key) {
        int count = (int)
                byName.values().stream().filter(p -> p.topic().equals(topic)).count();
        if (count == 0) {
            throw new IllegalArgumentException(topic + " was not read");
        }
        int partition = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % count;
        return byName.get(topic + "-" + partition);
    }

    /** The trimmed partitions, by topic and partition. */
    public List<Partition> trimmed() {
        List<Partition> trimmed = new ArrayList<>(
                byName.values().stream().filter(Partition::trimmed).toList());
        trimmed.sort(java.util.Comparator.comparing(Partition::topic).thenComparingInt(Partition::partition));
        return trimmed;
    }
}
