package io.scaligator.simulator;

/** One scaling policy under simulation: sees the sensor every simulated second and may scale the workload. */
interface Autoscaler {

    /** Called once per simulated second ({@code second}, epoch), after the sensor's scrape if one was due. */
    void tick(long second, Sensor sensor, Workload workload);
}
