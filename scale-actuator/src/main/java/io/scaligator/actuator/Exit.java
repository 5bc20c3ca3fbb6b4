package io.scaligator.actuator;

/** Ends the process; injected so that logic never calls System.exit itself. */
@FunctionalInterface
public interface Exit {

    void exit(int status);
}
