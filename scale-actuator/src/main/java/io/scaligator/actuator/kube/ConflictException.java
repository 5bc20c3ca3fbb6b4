package io.scaligator.actuator.kube;

/** 409: the workload changed since it was read (optimistic concurrency); re-read and decide again. */
public class ConflictException extends KubeApiException {

    private static final long serialVersionUID = 1L;

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
