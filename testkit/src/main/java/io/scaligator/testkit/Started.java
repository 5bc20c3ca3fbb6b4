package io.scaligator.testkit;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a test started, closed in reverse order when it ends: each piece is tracked the moment it exists, so a
 * failed start leaves nothing behind, and a piece that fails to close does not keep the others open.
 */
public final class Started {

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    /** Tracks the resource and returns it. */
    public synchronized <T extends AutoCloseable> T track(T resource) {
        resources.push(resource);
        return resource;
    }

    /** Closes everything tracked, the last started first; a failure to close one is printed and the rest closed. */
    public synchronized void closeAll() {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("closing " + resource + " failed: " + e);
            }
        }
    }
}
