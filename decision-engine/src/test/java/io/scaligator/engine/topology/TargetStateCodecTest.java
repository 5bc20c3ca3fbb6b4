package io.scaligator.engine.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scaligator.common.event.MetricSample;
import io.scaligator.common.serde.EventJson;
import io.scaligator.engine.core.DemandProfile;
import io.scaligator.engine.core.Limits;
import io.scaligator.engine.core.TargetState;
import io.scaligator.engine.core.TargetState.ActiveTrigger;
import io.scaligator.engine.core.TargetState.AlertFloor;
import io.scaligator.engine.core.TargetState.FloorAlert;
import io.scaligator.engine.core.TargetState.LastObservation;
import io.scaligator.engine.core.TargetState.ScaleEvent;
import io.scaligator.engine.core.TargetState.TimedReplicas;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class TargetStateCodecTest {

    private static final Instant AT = Instant.parse("2026-11-30T10:00:00.123456789Z");

    /** Every field set, nulls where they are allowed, extreme numbers and non-ASCII text. */
    static TargetState full() {
        return new TargetState(
                new LastObservation(
                        AT,
                        7,
                        5,
                        "hpa/web",
                        Map.of("scaligator.io/min-replicas", "2", "scaligator.io/note", "Größe ✓"),
                        List.of(
                                MetricSample.present("cpu", 0.1 + 0.2),
                                MetricSample.present("neg", -1.0e-300),
                                MetricSample.missing("rps", "query failed: 503"))),
                List.of(new TimedReplicas(AT.toEpochMilli(), 3), new TimedReplicas(-1L, Integer.MAX_VALUE)),
                List.of(new ScaleEvent(Long.MAX_VALUE, 0, 1), new ScaleEvent(Long.MIN_VALUE, 10, 2)),
                List.of(
                        new AlertFloor(
                                "rule-a",
                                4,
                                AT,
                                AT.plusSeconds(1),
                                List.of(new FloorAlert("fp1", "HighLoad", AT), new FloorAlert("fp2", null, null))),
                        new AlertFloor("rule-b", null, null, null, List.of())),
                List.of(
                        new ActiveTrigger("api", "t-1", "set", 5, null, AT.plusSeconds(60), "deploy"),
                        new ActiveTrigger("api", "t-2", "hold", null, 2, null, "")),
                List.of("alerts-0@1", "fp1", ""),
                3,
                new ScaleEvent(AT.toEpochMilli(), 3, 5),
                List.of("fp0@" + AT, ""),
                true,
                AT.plusSeconds(9),
                List.of(new TimedReplicas(AT.toEpochMilli(), 5), new TimedReplicas(Long.MIN_VALUE, 0)),
                List.of(profile("cpu", 4_880_000L, 0.1 + 0.2), profile("rps", Long.MIN_VALUE, Double.MIN_VALUE)));
    }

    /** A demand profile with missing slots, zeros, the largest value kept and a value in every other slot. */
    static DemandProfile profile(String rule, long lastSlot, double error) {
        int[] milli = new int[DemandProfile.SLOTS];
        for (int i = 0; i < milli.length; i++) {
            milli[i] = i % 3 == 0 ? -1 : i % 3 == 1 ? i * 997 : 0;
        }
        milli[1] = Integer.MAX_VALUE - 1;
        return new DemandProfile(rule, lastSlot, milli, error, 0.5, 1.0e300, 144);
    }

    @Test
    void aTargetWithTheMostProfilesStaysWellUnderTheStateBound() {
        List<DemandProfile> profiles = new java.util.ArrayList<>();
        for (int i = 0; i < Limits.PROFILES; i++) {
            int[] largest = new int[DemandProfile.SLOTS];
            Arrays.fill(largest, Integer.MAX_VALUE - 1);
            profiles.add(new DemandProfile("rule-" + i, Long.MAX_VALUE, largest, Double.MAX_VALUE, 1, 1, 1 << 20));
        }
        byte[] bytes = TargetStateCodec.encode(new TargetState(
                null, List.of(), List.of(), List.of(), List.of(), List.of(), null, null, List.of(), false, null,
                List.of(), profiles));
        assertThat(bytes.length).isLessThan(Limits.PROFILES * 32 * 1024).isLessThan(Limits.STATE_BYTES / 2);
    }

    @Test
    void roundTripsEveryField() {
        TargetState state = full();
        assertThat(TargetStateCodec.decode(TargetStateCodec.encode(state))).isEqualTo(state);
        assertThat(TargetStateCodec.decode(TargetStateCodec.encode(TargetState.empty())))
                .isEqualTo(TargetState.empty());
    }

    @Test
    void sameStateGivesSameBytes() {
        assertThat(TargetStateCodec.encode(full())).isEqualTo(TargetStateCodec.encode(full()));
    }

    @Test
    void readsTheJsonStateEarlierEnginesStored() throws Exception {
        byte[] json = EventJson.mapper().writeValueAsBytes(full());
        assertThat(TargetStateCodec.decode(json)).isEqualTo(full());
    }

    @Test
    void unknownVersionFailsSayingSo() {
        byte[] bytes = TargetStateCodec.encode(full());
        bytes[0] = 4;
        assertThatThrownBy(() -> new TargetStateSerde().deserializer().deserialize("changelog", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("changelog")
                .hasMessageContaining("unknown target state format version 4");
    }

    /** A state an engine of format version 1 stored (a floor per alert): its floors merge into one per rule. */
    @Test
    void readsVersionOneWithItsFloorsMergedPerRule() throws Exception {
        byte[] v1;
        try (var in = TargetStateCodecTest.class.getResourceAsStream("/target-state-v1.bin")) {
            v1 = in.readAllBytes();
        }
        TargetState state = TargetStateCodec.decode(v1);
        assertThat(state.observation().specReplicas()).isEqualTo(7);
        assertThat(state.observation().readyReplicas()).isEqualTo(7);
        assertThat(state.floors()).extracting(AlertFloor::rule).containsExactly("rule-a", "rule-b");
        AlertFloor ruleA = state.floors().get(0);
        assertThat(ruleA.alerts()).extracting(FloorAlert::fingerprint).containsExactly("fp1", "fp2");
        assertThat(ruleA.replicasAtFiring()).isEqualTo(4);
        assertThat(ruleA.firedAt()).isEqualTo(AT.plusSeconds(1));
        assertThat(ruleA.lastFiringAt()).isEqualTo(AT.plusSeconds(5));
        assertThat(state.floors().get(1).replicasAtFiring()).isNull();
        assertThat(state.triggers()).singleElement().satisfies(t -> assertThat(t.replicas())
                .isEqualTo(5));
        assertThat(state.downtimeOriginalReplicas()).isEqualTo(3);
        assertThat(state.pendingCommand()).isEqualTo(new ScaleEvent(AT.toEpochMilli(), 3, 5));
        assertThat(state.countedAlerts()).isEmpty();
        assertThat(TargetStateCodec.decode(TargetStateCodec.encode(state))).isEqualTo(state);
    }

    /**
     * A state an engine of format version 2 stored, with a demand profile of 10-minute slots: 10-minute slot 999
     * held 3.0 and slot 1000, the last, 7.5; each becomes the two 5-minute slots it covered.
     */
    @Test
    void readsVersionTwoWithEachTenMinuteSlotAsTwoFiveMinuteOnes() throws Exception {
        byte[] v2;
        try (var in = TargetStateCodecTest.class.getResourceAsStream("/target-state-v2.bin")) {
            v2 = in.readAllBytes();
        }
        DemandProfile p = TargetStateCodec.decode(v2).profiles().get(0);
        assertThat(p.lastSlot()).isEqualTo(2000);
        // The ring index of 5-minute slot n is n mod SLOTS (6,336).
        assertThat(p.milli()[2001]).isEqualTo(7_500);
        assertThat(p.milli()[2000]).isEqualTo(7_500);
        assertThat(p.milli()[1999]).isEqualTo(3_000);
        assertThat(p.milli()[1998]).isEqualTo(3_000);
        assertThat(p.milli()[1997]).isEqualTo(-1);
        assertThat(p.scoredSlots()).isEqualTo(200);
        assertThat(List.of(p.missEwma(), p.naiveMissEwma(), p.demandEwma())).containsExactly(0.5, 1.0, 4.0);
        TargetState state = TargetStateCodec.decode(v2);
        assertThat(TargetStateCodec.decode(TargetStateCodec.encode(state))).isEqualTo(state);
    }

    @Test
    void truncatedOrPaddedBytesFail() {
        byte[] bytes = TargetStateCodec.encode(full());
        assertThatThrownBy(() -> TargetStateCodec.decode(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> TargetStateCodec.decode(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 unread bytes");
        assertThatThrownBy(() -> TargetStateCodec.decode(new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }
}
