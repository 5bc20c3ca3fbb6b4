package io.scaligator.engine.explain;

import io.scaligator.common.event.Decision;
import io.scaligator.common.serde.EventJson;
import io.scaligator.common.target.TargetRef;
import io.scaligator.engine.core.TargetState;
import io.scaligator.engine.topology.EngineTopology;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the target-state and last-decision stores of the partitions this instance runs (active tasks only, never
 * a stale copy). A store that is not queryable right now (a rebalance is moving it) is a 503.
 */
final class LocalStores {

    private final KafkaStreams streams;
    private final String inputTopic;

    /** {@code inputTopic}: a topic of the evaluating sub-topology, whose partitions number its stores. */
    LocalStores(KafkaStreams streams, String inputTopic) {
        this.streams = streams;
        this.inputTopic = inputTopic;
    }

    /** The view parts of one target in {@code partition}; both null when this instance knows nothing of it. */
    record Entry(TargetState state, Decision lastDecision) {}

    Entry get(TargetRef target, int partition) {
        return new Entry(
                this.<TargetState>store(EngineTopology.STATE_STORE, partition).get(target.key()),
                lastDecision(target.key(), partition));
    }

    /**
     * Up to {@code limit} targets (of {@code namespace}, or all when null) with keys after {@code after}, in key
     * order, over every local partition; {@code next} is set when there are more.
     */
    TargetPage page(ListQuery query) {
        int limit = query.limit();
        TreeMap<String, Integer> keys = new TreeMap<>();
        for (int partition : partitions()) {
            keys(partition, query.namespace(), query.after(), limit + 1).forEach(key -> keys.put(key, partition));
        }
        List<TargetPage.Summary> summaries = new ArrayList<>();
        for (Map.Entry<String, Integer> key : keys.entrySet()) {
            if (summaries.size() == limit) {
                break;
            }
            summaries.add(summary(key.getKey(), key.getValue()));
        }
        String next = keys.size() > limit ? summaries.get(limit - 1).target() : null;
        return new TargetPage(summaries, next);
    }

    private List<String> keys(int partition, String namespace, String after, int max) {
        // Keys are namespace/Kind/name: a namespace's keys lie between "ns/" and "ns0" ('0' follows '/').
        String from = namespace == null ? after : max(namespace + "/", after);
        String to = namespace == null ? null : namespace + "0";
        List<String> keys = new ArrayList<>();
        ReadOnlyKeyValueStore<String, TargetState> store = store(EngineTopology.STATE_STORE, partition);
        try (KeyValueIterator<String, TargetState> it = store.range(from, to)) {
            while (it.hasNext() && keys.size() < max) {
                KeyValue<String, TargetState> entry = it.next();
                if (after == null || entry.key.compareTo(after) > 0) {
                    keys.add(entry.key);
                }
            }
        }
        return keys;
    }

    private TargetPage.Summary summary(String key, int partition) {
        TargetState state =
                this.<TargetState>store(EngineTopology.STATE_STORE, partition).get(key);
        Decision last = lastDecision(key, partition);
        Integer replicas = state == null || state.observation() == null
                ? null
                : state.observation().specReplicas();
        return last == null
                ? new TargetPage.Summary(key, replicas, null, null, null, null)
                : new TargetPage.Summary(
                        key, replicas, last.result(), last.desiredReplicas(), last.rule(), last.decidedAt());
    }

    private Decision lastDecision(String key, int partition) {
        byte[] json = this.<byte[]>store(EngineTopology.LAST_DECISION_STORE, partition)
                .get(key);
        return json == null ? null : EventJson.read(json, Decision.class);
    }

    /** The partitions of the evaluating tasks this instance runs. */
    private List<Integer> partitions() {
        return streams.metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .flatMap(task -> task.topicPartitions().stream())
                .filter(tp -> tp.topic().equals(inputTopic))
                .map(tp -> tp.partition())
                .sorted(Comparator.naturalOrder())
                .toList();
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name, int partition) {
        try {
            return streams.store(StoreQueryParameters.<ReadOnlyKeyValueStore<String, V>>fromNameAndType(
                            name, QueryableStoreTypes.keyValueStore())
                    .withPartition(partition));
        } catch (InvalidStateStoreException e) {
            throw new ApiProblem(
                    503,
                    "the state of partition " + partition + " is not queryable now (" + e.getMessage() + "); retry");
        }
    }

    private static String max(String a, String b) {
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }
}
