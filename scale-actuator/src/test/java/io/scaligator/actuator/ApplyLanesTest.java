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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Workloads are scaled in parallel, each workload's commands in the order submitted, on in-memory workloads. */
class ApplyLanesTest {

    private static final Instant START = Instant.parse("2026-11-28T10:00:00Z");
    private static final TargetRef WEB = TargetRef.deployment("apps", "web");
    private static final TargetRef API = TargetRef.deployment("apps", "api");
    private static final TargetRef DB = TargetRef.statefulSet("apps", "db");

    private final InMemoryWorkloads workloads = new InMemoryWorkloads();
    private ApplyLanes lanes;

    private ApplyLanes lanes(int parallelism) {
        lanes = new ApplyLanes(
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
        return lanes;
    }

    @AfterEach
    void close() {
        lanes.close();
    }

    private static List<ScaleOutcome> submitAll(ApplyLanes lanes, List<ScaleCommand> commands, BooleanSupplier leader) {
        List<CompletableFuture<ScaleOutcome>> running =
                commands.stream().map(c -> lanes.submit(c, leader)).toList();
        return running.stream().map(CompletableFuture::join).toList();
    }

    @Test
    void eachWorkloadsCommandsAreAppliedInTheOrderSubmittedAndEachOutcomeIsItsCommands() {
        List<ScaleCommand> commands = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            TargetRef target = List.of(WEB, API, DB).get(i % 3);
            // each command is decided on what the previous one of its workload set (1 before the first)
            commands.add(command("c" + i, target, i < 3 ? 1 : i - 1, 2 + i, START.plusMillis(i)));
        }

        List<ScaleOutcome> outcomes = submitAll(lanes(4), commands, () -> true);

        for (int i = 0; i < commands.size(); i++) {
            assertThat(outcomes.get(i).commandId()).isEqualTo(commands.get(i).id());
            assertThat(outcomes.get(i).status()).as(outcomes.get(i).message()).isEqualTo(Status.APPLIED);
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
    void aWorkloadWhosePatchHangsHoldsUpOnlyItsOwnLane() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        workloads.beforePatch = (target, patch) -> {
            if (target.equals(WEB) && !awaitQuietly(release)) {
                throw new IllegalStateException("web was never released");
            }
        };
        ApplyLanes lanes = lanes(2);

        CompletableFuture<ScaleOutcome> web = lanes.submit(command("w1", WEB, 1, 3, START), () -> true);
        CompletableFuture<ScaleOutcome> webAfter =
                lanes.submit(command("w2", WEB, 3, 4, START.plusMillis(1)), () -> true);
        CompletableFuture<ScaleOutcome> api = lanes.submit(command("a1", API, 1, 4, START), () -> true);
        CompletableFuture<ScaleOutcome> apiAfter =
                lanes.submit(command("a2", API, 4, 6, START.plusMillis(1)), () -> true);

        // api's commands settle while web's first patch is still held, and web's second waits for its first
        assertThat(apiAfter.get(10, TimeUnit.SECONDS).status()).isEqualTo(Status.APPLIED);
        assertThat(api.join().status()).isEqualTo(Status.APPLIED);
        assertThat(web).isNotDone();
        assertThat(webAfter).isNotDone();
        assertThat(workloads.applied(WEB)).isEmpty();
        release.countDown();
        assertThat(webAfter.get(10, TimeUnit.SECONDS).status()).isEqualTo(Status.APPLIED);
        assertThat(workloads.applied(WEB)).containsExactly("w1", "w2");
        assertThat(workloads.replicas(API)).isEqualTo(6);
    }

    @Test
    void commandsNotSettledWhenLeadershipIsLostAreLeftWithoutAnOutcome() {
        AtomicBoolean leader = new AtomicBoolean(true);
        workloads.beforePatch = (target, patch) -> leader.set(!patch.commandId().equals("web-2"));

        List<ScaleOutcome> outcomes = submitAll(
                lanes(1),
                List.of(
                        command("web-1", WEB, 1, 3, START),
                        command("web-2", WEB, 3, 4, START.plusMillis(1)),
                        command("web-3", WEB, 4, 5, START.plusMillis(2))),
                leader::get);

        assertThat(outcomes.get(0).status()).isEqualTo(Status.APPLIED);
        assertThat(outcomes.get(1).status()).isEqualTo(Status.APPLIED); // its patch was under way: the API took it
        assertThat(outcomes.get(2)).isNull();
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
                    target, t -> new WorkloadState(1, "1", "uid", null, null, List.of(), null, Map.of(), null));
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
                            Map.of(),
                            null));
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
