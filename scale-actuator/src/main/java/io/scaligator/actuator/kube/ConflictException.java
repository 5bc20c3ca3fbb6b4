package io.scaligator.actuator.kube;

/**
 * 409, or 404 on a patch: the workload changed (optimistic concurrency) or was deleted since it was read; re-read and
 * decide again.
 */
public class ConflictException extends KubeApiException {

    private static final long serialVersionUID = 1L;

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
