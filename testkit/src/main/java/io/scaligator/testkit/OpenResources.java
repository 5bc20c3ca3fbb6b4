package io.scaligator.testkit;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * What a JVM has open that a stopped service must not leave behind: non-daemon threads (they keep the process
 * alive) and Kafka clients (each registers an {@code app-info} MBean until it is closed). Take a snapshot before,
 * then check that nothing new is still open after.
 */
public final class OpenResources {

    private static final ObjectName KAFKA_CLIENTS = name("kafka.*:type=app-info,*");

    private final Set<String> threads;
    private final Set<String> kafkaClients;

    private OpenResources(Set<String> threads, Set<String> kafkaClients) {
        this.threads = threads;
        this.kafkaClients = kafkaClients;
    }

    /** The non-daemon threads and Kafka clients open now. */
    public static OpenResources now() {
        Set<String> threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon())
                .map(OpenResources::describe)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> clients = ManagementFactory.getPlatformMBeanServer().queryNames(KAFKA_CLIENTS, null).stream()
                .map(ObjectName::toString)
                .collect(Collectors.toCollection(TreeSet::new));
        return new OpenResources(threads, clients);
    }

    /** Non-daemon threads open now that were not at this snapshot. */
    public Set<String> newThreads() {
        Set<String> added = new TreeSet<>(now().threads);
        added.removeAll(threads);
        // the caller's own thread, e.g. the one Awaitility evaluates a condition in
        added.remove(describe(Thread.currentThread()));
        return added;
    }

    /** Kafka clients open now that were not at this snapshot. */
    public Set<String> newKafkaClients() {
        Set<String> added = new TreeSet<>(now().kafkaClients);
        added.removeAll(kafkaClients);
        return added;
    }

    /**
     * Fails naming every thread and Kafka client opened since this snapshot that is still open. Threads end a moment
     * after their pool is shut down: call it inside an Awaitility {@code untilAsserted}.
     */
    public void assertNothingNewOpen() {
        Set<String> threadsLeft = newThreads();
        Set<String> clientsLeft = newKafkaClients();
        if (!threadsLeft.isEmpty() || !clientsLeft.isEmpty()) {
            throw new AssertionError(
                    "still open: non-daemon threads " + threadsLeft + ", Kafka clients " + clientsLeft);
        }
    }

    private static String describe(Thread thread) {
        return thread.getName() + "#" + thread.getId();
    }

    private static ObjectName name(String pattern) {
        try {
            return new ObjectName(pattern);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(pattern, e);
        }
    }
}
