package io.scaligator.actuator.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Event;
import io.scaligator.actuator.kube.ScaleEvents.Reason;
import io.scaligator.common.target.TargetRef;
import io.scaligator.embedded.kube.MockKube;
import io.scaligator.testkit.ManualClock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Events on the CRUD mock API: repeats within the series window update one Event, like client-go's recorder. */
class Fabric8ScaleEventsIT {

    private static final TargetRef WEB = TargetRef.deployment("apps", "web");
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    private final MockKube kube = MockKube.start();
    private final ManualClock clock = new ManualClock(T0);
    private final Fabric8ScaleEvents events = new Fabric8ScaleEvents(kube.client(), clock, "actuator-0");

    @AfterEach
    void stop() {
        kube.close();
    }

    @Test
    void repeatsOfAReasonOnAWorkloadCountOnOneEventWithTheLatestMessage() {
        events.write(WEB, "uid-web", Reason.ScaledUp, "New size: 3", 1);
        clock.set(T0.plusSeconds(60));
        events.write(WEB, "uid-web", Reason.ScaledUp, "New size: 5", 2);
        events.write(WEB, "uid-web", Reason.ScaledDown, "New size: 4", 1);

        List<Event> all = events();
        assertThat(all).hasSize(2);
        Event up = all.stream()
                .filter(e -> e.getReason().equals("ScaledUp"))
                .findFirst()
                .orElseThrow();
        assertThat(up.getCount()).isEqualTo(3);
        assertThat(up.getMessage()).isEqualTo("New size: 5");
        assertThat(up.getFirstTimestamp()).isEqualTo(T0.toString());
        assertThat(up.getLastTimestamp()).isEqualTo(T0.plusSeconds(60).toString());
        assertThat(up.getType()).isEqualTo("Normal");
        assertThat(up.getInvolvedObject().getName()).isEqualTo("web");
        assertThat(up.getInvolvedObject().getUid()).isEqualTo("uid-web");
    }

    @Test
    void escapesAndCapsTheAttackerSuppliedTextInAMessage() {
        events.write(WEB, "uid-web", Reason.ScaledUp, "New size: 5; reason: alert X\n\u001b[2J" + "x".repeat(5000), 1);

        String message = events().get(0).getMessage();
        assertThat(message)
                .startsWith("New size: 5; reason: alert X\\n\\u001b[2J")
                .doesNotContain("\n", "\u001b")
                .endsWith(" more chars)");
        assertThat(message.length()).isLessThan(Fabric8ScaleEvents.EVENT_MESSAGE_MAX + 30);
    }

    @Test
    void aRepeatAfterTheSeriesWindowStartsANewEvent() {
        events.write(WEB, "uid-web", Reason.ScaleFailed, "apply failed", 1);
        clock.set(T0.plus(Fabric8ScaleEvents.SERIES_WINDOW).plusSeconds(1));
        events.write(WEB, "uid-web", Reason.ScaleFailed, "apply failed again", 1);

        assertThat(events())
                .extracting(Event::getMessage, Event::getCount, Event::getType)
                .containsExactlyInAnyOrder(
                        tuple("apply failed", 1, "Warning"), tuple("apply failed again", 1, "Warning"));
    }

    @Test
    void aSeriesWhoseEventWasDeletedStartsANewEvent() {
        events.write(WEB, "uid-web", Reason.ScaledUp, "New size: 3", 1);
        kube.client().v1().events().inNamespace("apps").delete();
        events.write(WEB, "uid-web", Reason.ScaledUp, "New size: 4", 1);

        assertThat(events()).extracting(Event::getMessage, Event::getCount).containsExactly(tuple("New size: 4", 1));
    }

    @Test
    void aWorkloadDeletedAndCreatedAgainUnderItsNameGetsItsOwnEventsNotTheOldOnesCount() {
        events.write(WEB, "uid-old", Reason.ScaledUp, "New size: 3", 1);
        clock.set(T0.plusSeconds(60));
        // kubectl delete + apply: kubectl describe lists the Events whose involvedObject has the new uid only.
        events.write(WEB, "uid-new", Reason.ScaledUp, "New size: 4", 1);

        assertThat(events())
                .extracting(e -> e.getInvolvedObject().getUid(), Event::getMessage, Event::getCount)
                .containsExactly(tuple("uid-old", "New size: 3", 1), tuple("uid-new", "New size: 4", 1));
    }

    private List<Event> events() {
        return kube.client().v1().events().inNamespace("apps").list().getItems().stream()
                .sorted(Comparator.comparing(Event::getFirstTimestamp))
                .toList();
    }
}
