package io.scaligator.audit;

/** A problem the user can fix (missing topic, empty range, unknown target, missing policy): exit 2, no trace. */
public final class AuditException extends RuntimeException {

    public AuditException(String message) {
        super(message);
    }
}
