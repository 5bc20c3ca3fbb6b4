package io.scaligator.actuator;

import io.scaligator.actuator.kube.ScalePatch;
import io.scaligator.actuator.kube.WorkloadScaler;
import io.scaligator.actuator.policy.WorkloadState;
import io.scaligator.common.target.TargetRef;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps the real scaler and counts the patches the API server accepted, per command id, across instances. */
final class CountingScaler implements WorkloadScaler {

    private final WorkloadScaler real;
    private final Map<String, AtomicInteger> patches;

    CountingScaler(WorkloadScaler real, Map<String, AtomicInteger> patches) {
        this.real = real;
        this.patches = patches;
    }

    CountingScaler(WorkloadScaler real) {
        this(real, new ConcurrentHashMap<>());
    }

    @Override
    public WorkloadState read(TargetRef target) {
        return real.read(target);
    }

    @Override
    public void apply(TargetRef target, ScalePatch patch) {
        real.apply(target, patch);
        patches.computeIfAbsent(patch.commandId(), id -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void close() {
        real.close();
    }

    int patches(String commandId) {
        AtomicInteger count = patches.get(commandId);
        return count == null ? 0 : count.get();
    }

    Map<String, AtomicInteger> all() {
        return patches;
    }
}
