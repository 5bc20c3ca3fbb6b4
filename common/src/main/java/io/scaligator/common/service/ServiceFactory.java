package io.scaligator.common.service;

/**
 * Starts one service. Everything the start opens is tracked in {@link ServiceContext#resources()} as it is opened,
 * so a start that throws leaves nothing running; the returned service is closed first when the service stops.
 */
@FunctionalInterface
public interface ServiceFactory<S extends AutoCloseable> {

    S start(ServiceContext context);
}
