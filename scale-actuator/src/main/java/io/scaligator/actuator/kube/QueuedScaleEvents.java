package io.scaligator.actuator.kube;

import io.scaligator.common.target.TargetRef;
import io.scaligator.common.util.SafeText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Events off the command path: a command's outcome never waits for its Event, and Events never compete
 * with scaling for the API server. Events wait per workload and reason; while one waits, later ones of the same
 * workload and reason join it (one write with their count and the latest message), so a slow API server gets
 * fewer, not more, writes. Each workload and reason has client-go's write budget ({@link EventBudget}: a burst of
 * 25, then one write per 5 minutes); an Event over budget waits, gathering its repeats, until its next token, so
 * its count is never lost. One thread writes them, oldest first among those within budget. Beyond
 * {@code capacity} waiting workloads and reasons a new one is dropped with a warning: Events are best effort in
 * Kubernetes too. {@link #close()} writes what waits, budget or not, within a timeout.
 */
public final class QueuedScaleEvents implements ScaleEvents, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueuedScaleEvents.class);

    /**
     * A workload (by its uid too: one deleted and created again under its name is another, as for client-go's spam
     * filter and for kubectl describe, which lists the Events of its uid) and a reason.
     */
    record Key(TargetRef target, String uid, Reason reason) {}

    private record Waiting(String message, int occurrences) {
        Waiting plus(Waiting later) {
            return new Waiting(later.message, occurrences + later.occurrences);
        }
    }

    private final EventSink sink;
    private final int capacity;
    private final EventBudget<Key> budget;
    private final Clock clock;
    private final Duration closeTimeout;
    private final Map<Key, Waiting> waiting = new LinkedHashMap<>();
    private final Thread writer;
    private long dropped;
    private boolean closed;

    /** Events for {@code sink}, up to {@code capacity} workloads and reasons waiting, within client-go's budget. */
    public QueuedScaleEvents(EventSink sink, int capacity, Clock clock, Duration closeTimeout) {
        this(sink, capacity, EventBudget.clientGo(capacity), clock, closeTimeout);
    }

    QueuedScaleEvents(EventSink sink, int capacity, EventBudget<Key> budget, Clock clock, Duration closeTimeout) {
        this.sink = sink;
        this.capacity = capacity;
        this.budget = budget;
        this.clock = clock;
        this.closeTimeout = closeTimeout;
        this.writer = new Thread(this::writeUntilClosed, "actuator-events");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public synchronized void record(TargetRef target, String uid, Reason reason, String message) {
        Key key = new Key(target, uid, reason);
        Waiting event = new Waiting(message, 1);
        if (waiting.containsKey(key)) {
            waiting.merge(key, event, Waiting::plus);
        } else if (closed || waiting.size() >= capacity) {
            dropped++;
            LOG.warn(
                    "{}: event {} dropped ({} workloads' events waiting, {} dropped so far): {}",
                    target,
                    reason,
                    waiting.size(),
                    dropped,
                    SafeText.of(message));
        } else {
            waiting.put(key, event);
            notifyAll();
        }
    }

    /** How many Events were dropped because too many waited or the writer had closed. */
    public synchronized long dropped() {
        return dropped;
    }

    private void writeUntilClosed() {
        while (true) {
            Map.Entry<Key, Waiting> next;
            synchronized (this) {
                try {
                    next = takeNext();
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (next == null) {
                return;
            }
            Key key = next.getKey();
            Waiting event = next.getValue();
            sink.write(key.target(), key.uid(), key.reason(), event.message(), event.occurrences());
        }
    }

    /**
     * Waits for the oldest waiting Event within its budget (any, once closed) and takes it, spending a token; null
     * once closed with nothing left. Holds the lock.
     */
    private Map.Entry<Key, Waiting> takeNext() throws InterruptedException {
        while (true) {
            Instant now = clock.instant();
            Instant earliest = null;
            Iterator<Map.Entry<Key, Waiting>> oldestFirst = waiting.entrySet().iterator();
            while (oldestFirst.hasNext()) {
                Map.Entry<Key, Waiting> entry = oldestFirst.next();
                Instant available = closed ? now : budget.availableAt(entry.getKey(), now);
                if (!available.isAfter(now)) {
                    oldestFirst.remove();
                    budget.spend(entry.getKey(), now);
                    return entry;
                }
                earliest = earliest == null || available.isBefore(earliest) ? available : earliest;
            }
            if (closed) {
                return null;
            }
            // 0: nothing waits, sleep until record() or close() notifies
            wait(
                    earliest == null
                            ? 0
                            : Math.max(1, Duration.between(now, earliest).toMillis()));
        }
    }

    /** Writes the waiting Events (up to the timeout), then stops the writer. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            writer.join(closeTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            writer.interrupt();
            synchronized (this) {
                LOG.warn("{} workloads' events not written within {}", waiting.size(), closeTimeout);
            }
        }
    }
}
