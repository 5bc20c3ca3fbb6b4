package io.scaligator.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.actuator.kube.ScalePatch;
import io.scaligator.actuator.kube.WorkloadScaler;
import io.scaligator.actuator.policy.CommandHandler;
import io.scaligator.actuator.policy.CommandLimits;
import io.scaligator.actuator.policy.WorkloadState;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaleOutcome;
import io.scaligator.common.event.ScaleOutcome.Status;
import io.scaligator.common.target.NamespaceScope;
import io.scaligator.common.target.TargetRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A batch's workloads are scaled in parallel, each workload's commands in record order, on in-memory workloads. */
class BatchApplierTest {

    private static final Instant START = Instant.parse("2026-11-28T10:00:00Z");
    private static final TargetRef WEB = TargetRef.deployment("apps", "web");
    private static final TargetRef API = TargetRef.deployment("apps", "api");
    private static final TargetRef DB = TargetRef.statefulSet("apps", "db");

    private final InMemoryWorkloads workloads = new InMemoryWorkloads();
    private BatchApplier batch;

    private BatchApplier batch(int parallelism) {
        batch = new BatchApplier(
                new CommandApplier(
                        new CommandHandler(new CommandLimits(
                                new NamespaceScope(List.of("apps"), "scaligator", List.of()),
                                1,
                                50,
                                Set.of(0),
                                Duration.ofMinutes(10),
                                Duration.ofSeconds(30),
                                false)),
                        workloads,
                        (target, uid, reason, message) -> {},
                        Clock.fixed(START.plusSeconds(60), ZoneOffset.UTC),
                        d -> {},
                        Duration.ofSeconds(2)),
                parallelism,
                "test");
        return batch;
    }

    @AfterEach
    void close() {
        batch.close();
    }

    @Test
    void eachWorkloadsCommandsAreAppliedInRecordOrderAndEveryOutcomeIsAtItsCommandsIndex() throws Exception {
        List<ScaleCommand> commands = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            TargetRef target = List.of(WEB, API, DB).get(i % 3);
            // each command is decided on what the previous one of its workload set (1 before the first)
            commands.add(command("c" + i, target, i < 3 ? 1 : i - 1, 2 + i, START.plusMillis(i)));
        }

        ScaleOutcome[] outcomes = batch(4).apply(commands, () -> true);

        for (int i = 0; i < commands.size(); i++) {
            assertThat(outcomes[i].commandId()).isEqualTo(commands.get(i).id());
            assertThat(outcomes[i].status()).as(outcomes[i].message()).isEqualTo(Status.APPLIED);
        }
        for (TargetRef target : List.of(WEB, API, DB)) {
            assertThat(workloads.applied(target))
                    .containsExactlyElementsOf(commands.stream()
                            .filter(c -> c.target().equals(target))
                            .map(ScaleCommand::id)
                            .toList());
        }
        assertThat(workloads.replicas(WEB)).isEqualTo(2 + 27);
    }

    @Test
    void differentWorkloadsAreScaledAtTheSameTime() throws Exception {
        CountDownLatch apiStarted = new CountDownLatch(1);
        // web's patch waits for api's patch to begin: only parallel application lets both finish.
        workloads.beforePatch = (target, patch) -> {
            if (target.equals(API)) {
                apiStarted.countDown();
            } else if (!awaitQuietly(apiStarted)) {
                throw new IllegalStateException("api was not scaled while web was");
            }
        };

        ScaleOutcome[] outcomes =
                batch(2).apply(List.of(command("w", WEB, 1, 3, START), command("a", API, 1, 4, START)), () -> true);

        assertThat(Arrays.stream(outcomes).map(ScaleOutcome::status)).containsExactly(Status.APPLIED, Status.APPLIED);
    }

    @Test
    void commandsNotSettledWhenLeadershipIsLostAreLeftWithoutAnOutcome() throws Exception {
        AtomicBoolean leader = new AtomicBoolean(true);
        workloads.beforePatch = (target, patch) -> leader.set(!patch.commandId().equals("web-2"));

        ScaleOutcome[] outcomes = batch(1).apply(
                        List.of(
                                command("web-1", WEB, 1, 3, START),
                                command("web-2", WEB, 3, 4, START.plusMillis(1)),
                                command("web-3", WEB, 4, 5, START.plusMillis(2))),
                        leader::get);

        assertThat(outcomes[0].status()).isEqualTo(Status.APPLIED);
        assertThat(outcomes[1].status()).isEqualTo(Status.APPLIED); // its patch was under way: the API took it
        assertThat(outcomes[2]).isNull();
        assertThat(workloads.applied(WEB)).containsExactly("web-1", "web-2");
    }

    private static ScaleCommand command(String id, TargetRef target, int from, int to, Instant decidedAt) {
        return new ScaleCommand(id, "d-" + id, target, from, to, "cpu", "cpu high", decidedAt, "p1");
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Workloads in memory, safe for concurrent use, remembering which commands were applied to each in order. */
    private static final class InMemoryWorkloads implements WorkloadScaler {
        private final Map<TargetRef, WorkloadState> states = new ConcurrentHashMap<>();
        private final Map<TargetRef, List<String>> applied = new ConcurrentHashMap<>();
        volatile BiConsumer<TargetRef, ScalePatch> beforePatch = (target, patch) -> {};

        @Override
        public WorkloadState read(TargetRef target) {
            return states.computeIfAbsent(
                    target, t -> new WorkloadState(1, "1", "uid", null, null, List.of(), null, Map.of()));
        }

        @Override
        public void apply(TargetRef target, ScalePatch patch) {
            beforePatch.accept(target, patch);
            WorkloadState before = read(target);
            states.put(
                    target,
                    new WorkloadState(
                            patch.replicas(),
                            Integer.toString(Integer.parseInt(before.resourceVersion()) + 1),
                            "uid",
                            patch.commandId(),
                            patch.decidedAt(),
                            patch.recentCommandIds(),
                            null,
                            Map.of()));
            applied.computeIfAbsent(target, t -> new ArrayList<>()).add(patch.commandId());
        }

        List<String> applied(TargetRef target) {
            return applied.getOrDefault(target, List.of());
        }

        int replicas(TargetRef target) {
            return read(target).replicas();
        }
    }
}
