package io.scaligator.common.service;

/**
 * Asks the process to end with a status; injected so that logic never calls System.exit itself. Under
 * {@link ServiceMain} it stops the service (closing what it opened) and then exits with the status.
 */
@FunctionalInterface
public interface Exit {

    void exit(int status);
}
