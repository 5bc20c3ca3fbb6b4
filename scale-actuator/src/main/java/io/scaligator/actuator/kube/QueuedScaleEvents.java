package io.scaligator.actuator.kube;

import io.scaligator.common.target.TargetRef;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Events off the command path: a command's outcome never waits for its Event. One thread writes them in
 * the order they were recorded; when more than {@code capacity} wait (the API server is slow or down), further
 * ones are dropped with a warning, as Events are best effort in Kubernetes too. {@link #close()} writes what is
 * queued, within a timeout.
 */
public final class QueuedScaleEvents implements ScaleEvents, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueuedScaleEvents.class);

    private final ScaleEvents delegate;
    private final ThreadPoolExecutor writer;
    private final Duration closeTimeout;
    private final AtomicLong dropped = new AtomicLong();

    public QueuedScaleEvents(ScaleEvents delegate, int capacity, Duration closeTimeout) {
        this.delegate = delegate;
        this.closeTimeout = closeTimeout;
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity),
                r -> {
                    Thread thread = new Thread(r, "actuator-events");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @Override
    public void record(TargetRef target, String uid, Reason reason, String message) {
        try {
            writer.execute(() -> delegate.record(target, uid, reason, message));
        } catch (RejectedExecutionException e) {
            LOG.warn("{}: event {} dropped ({} waiting to be written; {} dropped so far): {}", target, reason,
                    writer.getQueue().size(), dropped.incrementAndGet(), message);
        }
    }

    /** How many Events were dropped because the queue was full or the writer closed. */
    public long dropped() {
        return dropped.get();
    }

    /** Writes the queued Events (up to the timeout), then stops the writer. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                int left = writer.shutdownNow().size();
                LOG.warn("{} events not written within {}", left, closeTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writer.shutdownNow();
        }
    }
}
