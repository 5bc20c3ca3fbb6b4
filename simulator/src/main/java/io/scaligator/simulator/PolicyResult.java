package io.scaligator.simulator;

/**
 * One policy's figures over the whole trace. Saturated: demand above ready capacity (ready pods x 1 unit);
 * unserved: the demand above ready capacity as a share of all demand.
 */
public record PolicyResult(
        String name,
        double replicaHours,
        double oracleRatio,
        double saturatedMinutes,
        double saturatedPercent,
        double unservedPercent,
        int scaleCommands,
        int maxReplicas) {}
