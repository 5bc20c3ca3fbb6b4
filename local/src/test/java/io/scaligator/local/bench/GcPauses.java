package io.scaligator.local.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The garbage collections of this JVM while it is open, from the collectors' JMX notifications: per collector
 * and cause, how many, their total and their longest duration. With G1 a young or mixed collection's duration is
 * a stop-the-world pause, which every thread of the all-in-one waits for.
 */
final class GcPauses implements AutoCloseable {

    private record Pauses(int count, long totalMillis, long maxMillis) {
        static final Pauses NONE = new Pauses(0, 0, 0);

        Pauses plus(long millis) {
            return new Pauses(count + 1, totalMillis + millis, Math.max(maxMillis, millis));
        }
    }

    private final Map<String, Pauses> byCollection = new TreeMap<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::collected;

    private GcPauses() {}

    /** Starts listening to every collector of the JVM. */
    static GcPauses start() {
        GcPauses pauses = new GcPauses();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(pauses.listener, null, null);
                pauses.emitters.add(emitter);
            }
        }
        return pauses;
    }

    private void collected(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        String what = info.getGcName() + " (" + info.getGcCause() + ")";
        synchronized (byCollection) {
            long millis = info.getGcInfo().getDuration();
            byCollection.compute(what, (key, seen) -> (seen == null ? Pauses.NONE : seen).plus(millis));
        }
    }

    /** One line per collector and cause: count, total and longest duration. */
    List<String> summary() {
        synchronized (byCollection) {
            if (byCollection.isEmpty()) {
                return List.of("no collections");
            }
            return byCollection.entrySet().stream()
                    .map(e -> String.format(
                            Locale.ROOT,
                            "%5d x %-50s %7d ms in all, mean %5.1f ms, longest %4d ms",
                            e.getValue().count(),
                            e.getKey(),
                            e.getValue().totalMillis(),
                            (double) e.getValue().totalMillis() / e.getValue().count(),
                            e.getValue().maxMillis()))
                    .toList();
        }
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // already gone
            }
        }
    }
}
