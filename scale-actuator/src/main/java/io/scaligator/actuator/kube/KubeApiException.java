package io.scaligator.actuator.kube;

/** A Kubernetes API call failed in a way retrying will not fix (403, 404, 422, ...): the command fails. */
public class KubeApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KubeApiException(String message, Throwable cause) {
        super(message, cause);
    }
}
