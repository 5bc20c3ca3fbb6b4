package io.scaligator.engine.topology;

import io.scaligator.common.event.MetricSample;
import io.scaligator.common.serde.EventJson;
import io.scaligator.engine.core.DemandProfile;
import io.scaligator.engine.core.TargetState;
import io.scaligator.engine.core.TargetState.ActiveTrigger;
import io.scaligator.engine.core.TargetState.AlertFloor;
import io.scaligator.engine.core.TargetState.FloorAlert;
import io.scaligator.engine.core.TargetState.LastObservation;
import io.scaligator.engine.core.TargetState.ScaleEvent;
import io.scaligator.engine.core.TargetState.TimedReplicas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The engine's store format of per-target state: a version byte, then the fields in declaration order (varints,
 * length-prefixed UTF-8, exact doubles and instants). The store is read and written on every signal, and this is
 * several times cheaper than JSON. Version 3 keeps one floor per alert rule with its alerts, the alert instances
 * already counted, whether Scaligator set the count to 0, when the workload was deleted, the ready history and the
 * demand profiles (each: rule, last slot, its {@link DemandProfile#SLOTS} 5-minute slots as varints of thousandths
 * + 1, 0 for missing, and the error averages). Version 2 (the same with 10-minute slots) is still read, each slot
 * becoming the two 5-minute slots it covered; version 1 (a floor per alert, no profiles) too, its floors merged per
 * rule. Values written as JSON by earlier engines (first byte
 * {@code '{'}) are still read; any other first byte is an unknown version and fails with a message saying so.
 *
 * <p>Change the layout only by adding a new version and keeping the reader of the old ones: the changelog topic
 * and standby stores hold values written by older engines.
 */
public final class TargetStateCodec {

    static final byte VERSION = 3;
    private static final byte V1 = 1;
    private static final byte V2 = 2;
    private static final byte LEGACY_JSON = '{';

    private TargetStateCodec() {}

    public static byte[] encode(TargetState state) {
        Writer w = new Writer();
        w.raw(VERSION);
        LastObservation o = state.observation();
        w.bool(o != null);
        if (o != null) {
            w.instant(o.observedAt());
            w.varint(o.specReplicas());
            w.varint(o.readyReplicas());
            w.string(o.otherAutoscaler());
            w.varint(o.annotations().size());
            o.annotations().forEach((k, v) -> {
                w.string(k);
                w.string(v);
            });
            w.list(o.metrics(), m -> {
                w.string(m.rule());
                w.nullableDouble(m.value());
                w.string(m.missingReason());
            });
        }
        w.list(state.recommendations(), r -> {
            w.varlong(r.atMillis());
            w.varint(r.replicas());
        });
        w.list(state.scaleEvents(), w::scaleEvent);
        w.list(state.floors(), f -> {
            w.string(f.rule());
            w.nullableInt(f.replicasAtFiring());
            w.nullableInstant(f.firedAt());
            w.nullableInstant(f.lastFiringAt());
            w.list(f.alerts(), a -> {
                w.string(a.fingerprint());
                w.string(a.alertName());
                w.nullableInstant(a.startsAt());
            });
        });
        w.list(state.triggers(), t -> {
            w.string(t.source());
            w.string(t.signalId());
            w.string(t.action());
            w.nullableInt(t.replicas());
            w.nullableInt(t.step());
            w.nullableInstant(t.expiresAt());
            w.string(t.reason());
        });
        w.list(state.seenSignals(), w::string);
        w.nullableInt(state.downtimeOriginalReplicas());
        w.bool(state.pendingCommand() != null);
        if (state.pendingCommand() != null) {
            w.scaleEvent(state.pendingCommand());
        }
        w.list(state.countedAlerts(), w::string);
        w.bool(state.zeroedByScaligator());
        w.nullableInstant(state.deletedAt());
        w.list(state.readyHistory(), r -> {
            w.varlong(r.atMillis());
            w.varint(r.replicas());
        });
        w.list(state.profiles(), p -> {
            w.string(p.rule());
            w.varlong(p.lastSlot());
            for (int v : p.milli()) {
                w.varint(v + 1);
            }
            w.nullableDouble(p.missEwma());
            w.nullableDouble(p.naiveMissEwma());
            w.nullableDouble(p.demandEwma());
            w.varint(p.scoredSlots());
        });
        return w.toBytes();
    }

    /** Reads a stored state; throws {@link IllegalArgumentException} saying what is wrong with the bytes. */
    public static TargetState decode(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("empty target state");
        }
        if (bytes[0] == LEGACY_JSON) {
            return fromJson(bytes);
        }
        if (bytes[0] != VERSION && bytes[0] != V2 && bytes[0] != V1) {
            throw new IllegalArgumentException("unknown target state format version " + bytes[0] + " (this engine "
                    + "reads versions " + V1 + " to " + VERSION + " and JSON); was it written by a newer engine?");
        }
        Reader r = new Reader(bytes);
        try {
            TargetState state = decode(r, bytes[0]);
            if (r.pos != bytes.length) {
                throw new IllegalArgumentException((bytes.length - r.pos) + " unread bytes after the state");
            }
            return state;
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("target state truncated at byte " + r.pos + " of " + bytes.length, e);
        }
    }

    private static TargetState fromJson(byte[] json) {
        try {
            return EventJson.mapper().readValue(json, TargetState.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a target state: " + e.getMessage(), e);
        }
    }

    private static TargetState decode(Reader r, byte version) {
        r.pos = 1;
        LastObservation observation = null;
        if (r.bool()) {
            Instant at = r.instant();
            int spec = r.varint();
            int ready = version == V1 ? spec : r.varint();
            String other = r.string();
            int count = r.count();
            Map<String, String> annotations = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                annotations.put(r.string(), r.string());
            }
            List<MetricSample> metrics = r.list(x -> new MetricSample(x.string(), x.nullableDouble(), x.string()));
            observation = new LastObservation(at, spec, ready, other, annotations, metrics);
        }
        List<TimedReplicas> recommendations = r.list(x -> new TimedReplicas(x.varlong(), x.varint()));
        List<ScaleEvent> scaleEvents = r.list(Reader::scaleEvent);
        List<AlertFloor> floors = version == V1
                ? floorsV1(r)
                : r.list(x -> new AlertFloor(
                        x.string(),
                        x.nullableInt(),
                        x.nullableInstant(),
                        x.nullableInstant(),
                        x.list(y -> new FloorAlert(y.string(), y.string(), y.nullableInstant()))));
        List<ActiveTrigger> triggers = r.list(x -> new ActiveTrigger(
                x.string(), x.string(), x.string(), x.nullableInt(), x.nullableInt(), x.nullableInstant(), x.string()));
        List<String> seen = r.list(Reader::string);
        Integer downtimeOriginal = r.nullableInt();
        ScaleEvent pending = r.bool() ? r.scaleEvent() : null;
        if (version == V1) {
            return new TargetState(
                    observation,
                    recommendations,
                    scaleEvents,
                    floors,
                    triggers,
                    seen,
                    downtimeOriginal,
                    pending,
                    List.of(),
                    false,
                    null,
                    List.of(),
                    List.of());
        }
        List<String> counted = r.list(Reader::string);
        boolean zeroed = r.bool();
        Instant deletedAt = r.nullableInstant();
        List<TimedReplicas> readyHistory = r.list(x -> new TimedReplicas(x.varlong(), x.varint()));
        List<DemandProfile> profiles = r.list(version == V2 ? TargetStateCodec::profileV2 : TargetStateCodec::profile);
        return new TargetState(
                observation,
                recommendations,
                scaleEvents,
                floors,
                triggers,
                seen,
                downtimeOriginal,
                pending,
                counted,
                zeroed,
                deletedAt,
                readyHistory,
                profiles);
    }

    private static DemandProfile profile(Reader r) {
        String rule = r.string();
        long lastSlot = r.varlong();
        int[] milli = new int[DemandProfile.SLOTS];
        for (int i = 0; i < milli.length; i++) {
            milli[i] = r.varint() - 1;
        }
        return new DemandProfile(
                rule, lastSlot, milli, r.nullableDouble(), r.nullableDouble(), r.nullableDouble(), r.varint());
    }

    /**
     * Version 2 kept half as many slots, of 10 minutes: each becomes the two 5-minute slots it covered, with its
     * value (the highest of its 10 minutes, so neither half is forecast low), the last slot the first half of the
     * last one (its second half is then filled as it is observed). The error averages are kept.
     */
    private static DemandProfile profileV2(Reader r) {
        String rule = r.string();
        long lastSlot = r.varlong();
        int[] milli = new int[DemandProfile.SLOTS];
        for (int i = 0; i < milli.length / 2; i++) {
            milli[2 * i] = r.varint() - 1;
            milli[2 * i + 1] = milli[2 * i];
        }
        return new DemandProfile(
                rule,
                lastSlot == Long.MIN_VALUE ? lastSlot : 2 * lastSlot,
                milli,
                r.nullableDouble(),
                r.nullableDouble(),
                r.nullableDouble(),
                r.varint());
    }

    /**
     * Version 1 kept a floor per alert (fingerprint, name, rule, replicas at firing, startsAt, firedAt): merged into
     * one floor per rule, set by its earliest alert, last fired by its latest.
     */
    private static List<AlertFloor> floorsV1(Reader r) {
        record V1Floor(
                String fingerprint, String name, String rule, Integer atFiring, Instant startsAt, Instant firedAt) {}
        List<V1Floor> old = r.list(x -> new V1Floor(
                x.string(), x.string(), x.string(), x.nullableInt(), x.nullableInstant(), x.nullableInstant()));
        Map<String, List<V1Floor>> byRule = new TreeMap<>();
        old.forEach(f -> byRule.computeIfAbsent(String.valueOf(f.rule()), k -> new ArrayList<>())
                .add(f));
        List<AlertFloor> floors = new ArrayList<>();
        byRule.forEach((rule, members) -> {
            members.sort(Comparator.comparing(V1Floor::firedAt, Comparator.nullsLast(Comparator.naturalOrder())));
            V1Floor first = members.get(0);
            Instant last = members.stream()
                    .map(V1Floor::firedAt)
                    .filter(java.util.Objects::nonNull)
                    .max(Comparator.naturalOrder())
                    .orElse(null);
            List<FloorAlert> alerts = members.stream()
                    .map(f -> new FloorAlert(f.fingerprint(), f.name(), f.startsAt()))
                    .sorted(Comparator.comparing(FloorAlert::fingerprint))
                    .toList();
            floors.add(new AlertFloor(rule, first.atFiring(), first.firedAt(), last, alerts));
        });
        return floors;
    }

    /** Appends to a growing byte array; ints and longs as zig-zag varints, strings as length + 1 (0: null). */
    private static final class Writer {
        private byte[] buf = new byte[256];
        private int pos;

        void raw(int b) {
            if (pos == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[pos++] = (byte) b;
        }

        void bool(boolean b) {
            raw(b ? 1 : 0);
        }

        void varint(int v) {
            varlong(v);
        }

        void varlong(long v) {
            long z = (v << 1) ^ (v >> 63);
            while ((z & ~0x7FL) != 0) {
                raw((int) ((z & 0x7F) | 0x80));
                z >>>= 7;
            }
            raw((int) z);
        }

        void string(String s) {
            if (s == null) {
                varint(0);
                return;
            }
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            varint(utf8.length + 1);
            if (pos + utf8.length > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + utf8.length));
            }
            System.arraycopy(utf8, 0, buf, pos, utf8.length);
            pos += utf8.length;
        }

        void instant(Instant i) {
            varlong(i.getEpochSecond());
            varint(i.getNano());
        }

        void nullableInstant(Instant i) {
            bool(i != null);
            if (i != null) {
                instant(i);
            }
        }

        void nullableInt(Integer i) {
            bool(i != null);
            if (i != null) {
                varint(i);
            }
        }

        void nullableDouble(Double d) {
            bool(d != null);
            if (d != null) {
                long bits = Double.doubleToRawLongBits(d);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    raw((int) (bits >>> shift));
                }
            }
        }

        void scaleEvent(ScaleEvent e) {
            varlong(e.atMillis());
            varint(e.from());
            varint(e.to());
        }

        <T> void list(List<T> items, Consumer<T> item) {
            varint(items.size());
            items.forEach(item);
        }

        byte[] toBytes() {
            return Arrays.copyOf(buf, pos);
        }
    }

    /** Reads what {@link Writer} wrote; running off the end throws ArrayIndexOutOfBoundsException. */
    private static final class Reader {
        private final byte[] buf;
        private int pos;

        Reader(byte[] buf) {
            this.buf = buf;
        }

        boolean bool() {
            byte b = buf[pos++];
            if (b != 0 && b != 1) {
                throw new IllegalArgumentException("corrupt target state: flag " + b + " at byte " + (pos - 1));
            }
            return b == 1;
        }

        int varint() {
            long v = varlong();
            if (v != (int) v) {
                throw new IllegalArgumentException("corrupt target state: " + v + " is not an int, at byte " + pos);
            }
            return (int) v;
        }

        long varlong() {
            long z = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = buf[pos++];
                z |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return (z >>> 1) ^ -(z & 1);
                }
            }
            throw new IllegalArgumentException("corrupt target state: varint longer than 64 bits at byte " + pos);
        }

        int count() {
            int n = varint();
            if (n < 0 || n > buf.length - pos) {
                throw new IllegalArgumentException("corrupt target state: count " + n + " at byte " + pos);
            }
            return n;
        }

        String string() {
            int n = varint() - 1;
            if (n < 0) {
                return null;
            }
            if (n > buf.length - pos) {
                throw new ArrayIndexOutOfBoundsException(pos + n);
            }
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        Instant instant() {
            long seconds = varlong();
            return Instant.ofEpochSecond(seconds, varint());
        }

        Instant nullableInstant() {
            return bool() ? instant() : null;
        }

        Integer nullableInt() {
            return bool() ? varint() : null;
        }

        Double nullableDouble() {
            if (!bool()) {
                return null;
            }
            long bits = 0;
            for (int i = 0; i < 8; i++) {
                bits = (bits << 8) | (buf[pos++] & 0xFF);
            }
            return Double.longBitsToDouble(bits);
        }

        ScaleEvent scaleEvent() {
            long at = varlong();
            int from = varint();
            return new ScaleEvent(at, from, varint());
        }

        <T> List<T> list(Function<Reader, T> item) {
            int n = count();
            List<T> items = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                items.add(item.apply(this));
            }
            return items;
        }
    }
}
