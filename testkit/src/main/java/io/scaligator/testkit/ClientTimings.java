package io.scaligator.testkit;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Where the transactional clients of this JVM (the engine's Streams producer, the actuator's producer) spend
 * their time, read from the Kafka clients' JMX metrics: a snapshot before the measured run and one after, and
 * their difference per client. Also the Streams thread's commit count and commit latency.
 */
public final class ClientTimings {

    private static final String[] PRODUCER_TOTALS = {
        "txn-commit-time-ns-total", "txn-send-offsets-time-ns-total", "flush-time-ns-total", "txn-begin-time-ns-total"
    };
    /** Present on the stream threads; a state updater thread has other metrics under the same type. */
    private static final Set<String> STREAMS_THREAD = Set.of(
            "commit-total", "commit-latency-avg", "commit-latency-max", "poll-latency-avg", "process-records-avg");

    private final Map<String, Double> values;

    private ClientTimings(Map<String, Double> values) {
        this.values = values;
    }

    public static ClientTimings snapshot() throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Map<String, Double> values = new TreeMap<>();
        for (ObjectName name : server.queryNames(new ObjectName("kafka.producer:type=producer-metrics,*"), null)) {
            String client = name.getKeyProperty("client-id");
            if (!(server.getAttribute(name, "txn-commit-time-ns-total") instanceof Double commit) || commit == 0) {
                continue; // not a transactional producer, or none committed yet
            }
            for (String attribute : PRODUCER_TOTALS) {
                values.put("producer " + client + " " + attribute, (Double) server.getAttribute(name, attribute));
            }
        }
        for (ObjectName name : server.queryNames(new ObjectName("kafka.streams:type=stream-thread-metrics,*"), null)) {
            String thread = name.getKeyProperty("thread-id");
            for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                if (STREAMS_THREAD.contains(attribute.getName())) {
                    values.put("streams " + thread + " " + attribute.getName(), (Double)
                            server.getAttribute(name, attribute.getName()));
                }
            }
        }
        return new ClientTimings(values);
    }

    /** One line per measure: totals as the difference since {@code before}, the Streams averages as they are now. */
    public List<String> since(ClientTimings before) {
        List<String> lines = new ArrayList<>();
        values.forEach((key, now) -> {
            if (key.endsWith("-ns-total")) {
                lines.add(String.format(
                        Locale.ROOT, "%-110s %10.1f ms", key, (now - before.values.getOrDefault(key, 0.0)) / 1e6));
            } else if (key.endsWith("-total")) {
                lines.add(String.format(Locale.ROOT, "%-110s %10.0f", key, now - before.values.getOrDefault(key, 0.0)));
            } else {
                lines.add(String.format(Locale.ROOT, "%-110s %10.2f", key, now));
            }
        });
        return lines;
    }
}
