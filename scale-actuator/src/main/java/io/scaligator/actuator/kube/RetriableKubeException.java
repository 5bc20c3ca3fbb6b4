package io.scaligator.actuator.kube;

/** A Kubernetes API call failed transiently (429, 5xx, timeout, connection): worth retrying with backoff. */
public class RetriableKubeException extends KubeApiException {

    private static final long serialVersionUID = 1L;

    public RetriableKubeException(String message, Throwable cause) {
        super(message, cause);
    }
}
