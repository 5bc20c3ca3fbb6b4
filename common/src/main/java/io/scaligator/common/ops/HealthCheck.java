package io.scaligator.common.ops;

/** A named readiness condition a service contributes to {@code /readyz}. */
@FunctionalInterface
public interface HealthCheck {

    /** The result of one check: ready or not, with a short human-readable detail. */
    record Status(boolean ready, String detail) {

        public static Status ready(String detail) {
            return new Status(true, detail);
        }

        public static Status notReady(String detail) {
            return new Status(false, detail);
        }
    }

    /** Evaluates the check; must be quick and must not throw (an exception counts as not ready). */
    Status check();
}
