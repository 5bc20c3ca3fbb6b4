package io.scaligator.common.service;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a service opened, closed in reverse order. A service tracks each client, server and thread pool the moment it
 * has it, so a start that fails halfway closes exactly what was opened, and a stop closes the same things.
 */
public final class Resources implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Resources.class);

    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private boolean closed;

    /** Remembers {@code resource} for closing; once closed, closes it at once and refuses (a start racing a stop). */
    public <T extends AutoCloseable> T track(T resource) {
        synchronized (this) {
            if (!closed) {
                open.push(resource);
                return resource;
            }
        }
        closeQuietly(resource);
        throw new IllegalStateException(
                "already stopped: " + resource.getClass().getSimpleName() + " closed again");
    }

    /**
     * Closes everything in reverse order; one failing close does not keep the others from closing. Closing again does
     * nothing.
     */
    @Override
    public void close() {
        while (true) {
            AutoCloseable next;
            synchronized (this) {
                closed = true;
                next = open.poll();
            }
            if (next == null) {
                return;
            }
            closeQuietly(next);
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
        }
    }
}
