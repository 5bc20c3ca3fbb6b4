package io.scaligator.simulator;

/** The simulation cannot run with this input (trace, settings or policy); the message names what is wrong. */
public class SimulationException extends RuntimeException {

    public SimulationException(String message) {
        super(message);
    }
}
